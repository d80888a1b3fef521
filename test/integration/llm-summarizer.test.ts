import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createExtractiveSummarizer } from '../../src/core/summaries/extractive.js';
import { createRedisCallBudget } from '../../src/llm/call-budget.js';
import { createChatClient, type CallBudget } from '../../src/llm/chat-client.js';
import { createLlmSummarizer } from '../../src/llm/llm-summarizer.js';
import { createLogger } from '../../src/logger.js';
import { createKeys } from '../../src/store/keys.js';
import { articles, goodReply, TEXT, thread } from '../fixtures/summaries/state-budget-thread.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

describe('LLM summarizer against an OpenAI-compatible server on loopback', () => {
  let fake: FakeOpenAi;
  let testRedis: TestRedis;
  const fallbacks: string[] = [];
  const logger = createLogger('silent');
  const extractive = createExtractiveSummarizer();

  const summarizerWith = (options: { timeoutMs?: number; maxRetries?: number; budget?: CallBudget; apiKey?: string; maxInputChars?: number } = {}) =>
    createLlmSummarizer({
      client: createChatClient({ baseUrl: fake.baseUrl, apiKey: options.apiKey, model: 'test-model', timeoutMs: options.timeoutMs ?? 5_000, maxRetries: options.maxRetries ?? 2, budget: options.budget, backoffMs: 20 }),
      fallback: extractive,
      logger,
      maxInputChars: options.maxInputChars ?? 24_000,
      onFallback: (reason) => fallbacks.push(reason),
    });

  beforeAll(async () => {
    fake = await startFakeOpenAi();
    testRedis = await createTestRedis('llm');
  });
  afterAll(async () => {
    await fake.close();
    await testRedis.cleanup();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fallbacks.length = 0;
  });

  it('sends model, system and user messages, JSON response format and the bearer key, with numbered articles', async () => {
    fake.script({ kind: 'reply', content: goodReply() });
    const digest = await summarizerWith({ apiKey: 'sk-test' }).summarize({ thread, articles });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    const body = request?.body as { model: string; messages: { role: string; content: string }[]; response_format: unknown };
    expect(body.model).toBe('test-model');
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    const user = body.messages[1]?.content ?? '';
    expect(user).toContain('[1] New York Times (left-leaning)');
    expect(user).toContain('[3] Fox News (right-leaning)');
    expect(user).toContain(TEXT.huff);
    expect(user).toContain('set framing.center to null');
    expect(body.messages[0]?.content).toContain('exactly 10 questions');
    expect(digest.generator).toBe('llm');
    expect(fallbacks).toEqual([]);
  });

  it('keeps only claims their cited articles state: drops invented facts, unknown article numbers and empty answers', async () => {
    fake.script({ kind: 'reply', content: goodReply() });
    const digest = await summarizerWith().summarize({ thread, articles });
    // "The governor vetoed a separate transit bill" is in no article: dropped.
    expect(digest.summary.text).toBe('Lawmakers in Albany approved the state budget late on Sunday after weeks of negotiation. The plan raises school aid by four percent.');
    expect(digest.summary.sources).toEqual(['New York Times', 'Fox News']);
    const questions = digest.qa.map((pair) => pair.question);
    expect(questions).toHaveLength(7);
    expect(questions).not.toContain('Who signed the budget?');
    expect(questions).not.toContain('What happens next?');
    expect(questions).not.toContain('Is it the largest budget ever?');
    expect(digest.qa.every((pair) => pair.sources.length > 0 && pair.answer !== '')).toBe(true);
  });

  it('frames each side from its own articles only; a side without coverage says so, whatever the model wrote', async () => {
    fake.script({ kind: 'reply', content: goodReply() });
    const digest = await summarizerWith().summarize({ thread, articles });
    expect(digest.perspectives.left?.framing).toBe('Left-leaning outlets stress that poorer districts are still short of aid.');
    // Article 3 is Fox News: not a left-leaning source for the left framing.
    expect(digest.perspectives.left?.sources).toEqual(expect.arrayContaining(['Huffington Post']));
    expect(digest.perspectives.left?.sources).not.toContain('Fox News');
    expect(digest.perspectives.right?.framing).toMatch(/spending growing faster than inflation/);
    expect(digest.perspectives.right?.sources).toEqual(['Fox News']);
    expect(digest.perspectives.center).toBeNull();
  });

  it('sends no authorization header without a key and bounds the article text sent', async () => {
    fake.script({ kind: 'reply', content: goodReply() });
    const long = articles.map((a) => ({ ...a, text: `${a.text} ${'More detail follows here. '.repeat(400)}` }));
    await summarizerWith({ maxInputChars: 2_000 }).summarize({ thread, articles: long });
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
    const body = fake.requests[0]?.body as { messages: { content: string }[] };
    expect(body.messages[1]?.content.length).toBeLessThanOrEqual(2_000);
  });

  it('falls back to the extractive digest when the server does not answer in time', async () => {
    fake.script({ kind: 'reply', content: goodReply(), delayMs: 2_000 });
    const digest = await summarizerWith({ timeoutMs: 200, maxRetries: 0 }).summarize({ thread, articles });
    expect(digest.generator).toBe('extractive');
    expect(digest.summary.text.length).toBeGreaterThan(0);
    expect(fallbacks).toEqual(['timeout']);
  });

  it('waits as long as Retry-After asks after a 429, then uses the answer', async () => {
    fake.script({ kind: 'status', status: 429, headers: { 'retry-after': '1' } }, { kind: 'reply', content: goodReply() });
    const digest = await summarizerWith().summarize({ thread, articles });
    expect(digest.generator).toBe('llm');
    expect(fake.requests).toHaveLength(2);
    const waited = (fake.requests[1]?.receivedAt ?? 0) - (fake.requests[0]?.receivedAt ?? 0);
    expect(waited).toBeGreaterThanOrEqual(950);
  });

  it('honours retry-after-ms, and gives up when the server asks for a longer wait than it allows', async () => {
    fake.script({ kind: 'status', status: 429, headers: { 'retry-after-ms': '300' } }, { kind: 'reply', content: goodReply() });
    expect((await summarizerWith().summarize({ thread, articles })).generator).toBe('llm');
    expect((fake.requests[1]?.receivedAt ?? 0) - (fake.requests[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(250);

    fake.requests.length = 0;
    fake.script({ kind: 'status', status: 429, headers: { 'retry-after': '3600' } });
    expect((await summarizerWith().summarize({ thread, articles })).generator).toBe('extractive');
    expect(fake.requests).toHaveLength(1);
    expect(fallbacks).toEqual(['rate-limited']);
  });

  it('retries a 500 and falls back once retries are used up', async () => {
    fake.script({ kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'status', status: 503 });
    const digest = await summarizerWith({ maxRetries: 2 }).summarize({ thread, articles });
    expect(fake.requests).toHaveLength(3);
    expect(digest.generator).toBe('extractive');
    expect(fallbacks).toEqual(['server']);
  });

  it('recovers when a 500 is followed by an answer', async () => {
    fake.script({ kind: 'status', status: 500 }, { kind: 'reply', content: goodReply() });
    const digest = await summarizerWith({ maxRetries: 1 }).summarize({ thread, articles });
    expect(digest.generator).toBe('llm');
    expect(fake.requests).toHaveLength(2);
  });

  it('falls back to the offline page on invalid JSON, a reply of the wrong shape, unsupported claims or empty answers', async () => {
    fake.script({ kind: 'raw', body: '<html>gateway</html>' });
    expect((await summarizerWith().summarize({ thread, articles })).generator).toBe('extractive');
    fake.script({ kind: 'reply', content: 'Sure! Here is your summary: the budget passed.' });
    expect((await summarizerWith().summarize({ thread, articles })).generator).toBe('extractive');
    fake.script({ kind: 'reply', content: '{"overview": [{"text": "The budget passed.", "articles": [1]}], "qa": ' });
    expect((await summarizerWith().summarize({ thread, articles })).generator).toBe('extractive');
    fake.script({ kind: 'reply', content: goodReply({ overview: [{ text: 'Aliens landed in Albany on Sunday and bought the budget for 9 billion dollars.', articles: [1] }] }) });
    expect((await summarizerWith().summarize({ thread, articles })).generator).toBe('extractive');
    fake.script({ kind: 'reply', content: goodReply({ qa: Array.from({ length: 10 }, (_, i) => ({ question: `Question ${i + 1}?`, answer: '', articles: [1] })) }) });
    const empty = await summarizerWith().summarize({ thread, articles });
    expect(empty.generator).toBe('extractive');
    // The offline page it fell back to is whole: overview, sides and its own suggested questions.
    expect(empty.summary.text).not.toBe('');
    expect(fake.requests).toHaveLength(5);
    expect(fallbacks).toEqual(['malformed', 'invalid-output', 'invalid-output', 'invalid-output', 'invalid-output']);
  });

  it('accepts the JSON object wrapped in a Markdown code fence, as some local models send it', async () => {
    fake.script({ kind: 'reply', content: `\`\`\`json\n${goodReply()}\n\`\`\`` });
    expect((await summarizerWith().summarize({ thread, articles })).generator).toBe('llm');
  });

  it('does not retry a 400 (a request the server rejects will not succeed later)', async () => {
    fake.script({ kind: 'status', status: 400 });
    expect((await summarizerWith().summarize({ thread, articles })).generator).toBe('extractive');
    expect(fake.requests).toHaveLength(1);
    expect(fallbacks).toEqual(['rejected']);
  });

  it('stops calling once the hourly budget in Redis is spent, across summarizer instances', async () => {
    const keys = createKeys(testRedis.prefix);
    const budget = () => createRedisCallBudget(testRedis.redis, keys, 2);
    fake.script({ kind: 'reply', content: goodReply() }, { kind: 'reply', content: goodReply() }, { kind: 'reply', content: goodReply() });
    expect((await summarizerWith({ budget: budget() }).summarize({ thread, articles })).generator).toBe('llm');
    expect((await summarizerWith({ budget: budget() }).summarize({ thread, articles })).generator).toBe('llm');
    const third = await summarizerWith({ budget: budget() }).summarize({ thread, articles });
    expect(third.generator).toBe('extractive');
    expect(fake.requests).toHaveLength(2);
    expect(fallbacks).toEqual(['budget']);
    expect(await budget().used()).toBe(2);
  });
});

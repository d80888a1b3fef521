import { Queue, UnrecoverableError, type Job } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSummarizeThreadProcessor, summarizeJobOptions, type SummaryArticleSource, type SummaryThreadSource } from '../../jobs/summarize-thread.js';
import { QUEUES } from '../../jobs/contracts.js';
import { loadConfig } from '../../src/config/config.js';
import type { Article } from '../../src/core/article.js';
import type { ThreadRecord } from '../../src/core/thread.js';
import { createExtractiveSummarizer } from '../../src/core/summaries/extractive.js';
import { createSummarizerFromConfig } from '../../src/llm/summarizer-from-config.js';
import { createLogger } from '../../src/logger.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedisDigestStore } from '../../src/store/redis-digest-store.js';
import { articles as baseArticles, goodReply, thread as baseThread } from '../fixtures/summaries/state-budget-thread.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

/** In-memory thread and article sources: this file tests the job and the digest store, not threading. */
function sources(initial: { thread: ThreadRecord; articles: Article[] }) {
  const state = { thread: initial.thread as ThreadRecord | null, articles: [...initial.articles] };
  const threads: SummaryThreadSource = {
    getThread: async (id) => (state.thread?.id === id ? state.thread : null),
    getArticleIds: async (_id, { limit, order }) => {
      const sorted = [...state.articles].sort((a, b) => (order === 'newest' ? b.published - a.published : a.published - b.published));
      return sorted.slice(0, limit).map((a) => a.id);
    },
  };
  const articleSource: SummaryArticleSource = {
    getArticles: async (ids) => ids.map((id) => state.articles.find((a) => a.id === id) ?? null),
  };
  return { state, threads, articles: articleSource };
}

const jobFor = (data: unknown) => ({ id: 'job-1', data }) as Job;
const logger = createLogger('silent');

describe('summarize-thread job and the Redis digest store', () => {
  let testRedis: TestRedis;
  let fake: FakeOpenAi;

  beforeAll(async () => {
    testRedis = await createTestRedis('summarize');
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake.close();
    await testRedis.cleanup();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  function setup(label: string) {
    const keys = createKeys(`${testRedis.prefix}:${label}`);
    const digests = createRedisDigestStore(testRedis.redis, keys);
    const src = sources({ thread: baseThread, articles: baseArticles });
    const process = createSummarizeThreadProcessor({ threads: src.threads, articles: src.articles, digests, summarizer: createExtractiveSummarizer(), logger });
    return { keys, digests, src, process };
  }

  it('stores the digest of the thread version and answers questions from its sentences', async () => {
    const { digests, process } = setup('store');
    expect(await process(jobFor({ threadId: baseThread.id }))).toEqual({ status: 'summarized', generator: 'extractive', fallback: false });
    const digest = await digests.get(baseThread.id);
    expect(digest).toMatchObject({ threadId: baseThread.id, version: baseThread.version, generator: 'extractive' });
    expect(digest?.perspectives.right?.sources).toEqual(['Fox News']);
    expect(digest?.perspectives.center).toBeNull();
    // Everything the page shows survives the round trip through Redis: the framing and the marked spans.
    expect(digest?.perspectives.right?.framing).toMatch(/^Right-leaning outlets /);
    const direct = await createExtractiveSummarizer().summarize({ thread: baseThread, articles: baseArticles });
    expect(digest?.qa).toEqual(direct.qa);
    expect(digest?.perspectives).toEqual(direct.perspectives);

    const answer = await digests.answer(baseThread.id, 'By how much does the plan raise school aid?');
    expect(answer.sentences[0]?.text).toBe('The plan raises school aid by four percent.');
    expect(answer.sentences[0]?.sources).toEqual(['New York Times']);
    expect((await digests.answer(baseThread.id, 'Who won the football match in Madrid?')).sentences).toEqual([]);
    expect((await digests.answer('no-such-thread', 'school aid')).sentences).toEqual([]);
    expect(await digests.get('no-such-thread')).toBeNull();
  });

  it('is a no-op when re-run for the same version (at-least-once delivery)', async () => {
    const { digests, process } = setup('idempotent');
    await process(jobFor({ threadId: baseThread.id }));
    const first = await digests.get(baseThread.id);
    expect(await process(jobFor({ threadId: baseThread.id }))).toEqual({ status: 'up-to-date', generator: 'extractive', fallback: false });
    expect(await digests.get(baseThread.id)).toEqual(first);
  });

  it('re-summarises only when the thread changed materially', async () => {
    const { digests, src, process } = setup('material');
    src.state.thread = { ...baseThread, articleCount: 20 };
    await process(jobFor({ threadId: baseThread.id }));
    const extra = (id: string, lean: Article['lean'], published: number): Article => ({ ...baseArticles[0]!, id, lean, outletName: `Outlet ${id}`, published, text: `Outlet ${id} reported that the budget vote came late on Sunday night in Albany.` });

    // One more article from a side already covered: a new version, but the same story.
    src.state.articles.push(extra('a4', 'lean-left', 4_000));
    src.state.thread = { ...baseThread, version: 5, articleCount: 21, leanCounts: { ...baseThread.leanCounts, 'lean-left': 2 } };
    expect((await process(jobFor({ threadId: baseThread.id }))).status).toBe('up-to-date');
    expect((await digests.get(baseThread.id))?.version).toBe(4);

    // A center outlet covering the story for the first time fills a blindspot.
    src.state.articles.push(extra('a5', 'center', 5_000));
    src.state.thread = { ...src.state.thread, version: 6, articleCount: 22, leanCounts: { ...src.state.thread.leanCounts, center: 1 } };
    expect((await process(jobFor({ threadId: baseThread.id }))).status).toBe('summarized');
    const digest = await digests.get(baseThread.id);
    expect(digest?.version).toBe(6);
    expect(digest?.perspectives.center?.sources).toEqual(['Outlet a5']);
  });

  it('never replaces a newer stored digest with an older one when workers race', async () => {
    const { digests } = setup('race');
    const summarizer = createExtractiveSummarizer();
    const newer = await summarizer.summarize({ thread: { ...baseThread, version: 9 }, articles: baseArticles });
    const older = await summarizer.summarize({ thread: { ...baseThread, version: 8 }, articles: baseArticles });
    expect(await digests.put(newer, [])).toBe(true);
    expect(await digests.put(older, [])).toBe(false);
    expect((await digests.get(baseThread.id))?.version).toBe(9);
  });

  it('reports a missing or merged thread, and rejects a malformed payload permanently', async () => {
    const { src, process } = setup('missing');
    expect(await process(jobFor({ threadId: 'nope' }))).toEqual({ status: 'missing', generator: null, fallback: false });
    src.state.thread = { ...baseThread, status: 'merged', mergedInto: 'other' };
    expect((await process(jobFor({ threadId: baseThread.id }))).status).toBe('missing');
    await expect(process(jobFor({ thread: 42 }))).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('stores and serves the LLM digest when LLM_BASE_URL is set, and says when it fell back', async () => {
    const keys = createKeys(`${testRedis.prefix}:llm`);
    const digests = createRedisDigestStore(testRedis.redis, keys);
    const config = loadConfig({ LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'served-model', LLM_MAX_RETRIES: '0', LLM_MAX_CALLS_PER_HOUR: '10' });
    const fallbacks: string[] = [];
    const summarizer = createSummarizerFromConfig({ config, redis: testRedis.redis, keys, logger, onFallback: (reason) => fallbacks.push(reason) });
    expect(summarizer.generator).toBe('llm');
    const src = sources({ thread: baseThread, articles: baseArticles });
    const process = createSummarizeThreadProcessor({ threads: src.threads, articles: src.articles, digests, summarizer, logger });

    fake.script({ kind: 'reply', content: goodReply() });
    expect(await process(jobFor({ threadId: baseThread.id }))).toEqual({ status: 'summarized', generator: 'llm', fallback: false });
    expect((fake.requests[0]?.body as { model: string }).model).toBe('served-model');
    const served = await digests.get(baseThread.id);
    expect(served?.generator).toBe('llm');
    expect(served?.summary.text).toMatch(/^Lawmakers in Albany approved the state budget/);
    expect(served?.qa).toHaveLength(7);
    // Offline Q&A keeps working on top of an LLM digest.
    expect((await digests.answer(baseThread.id, 'school aid')).sentences.length).toBeGreaterThan(0);
    // Cached per thread version: the same version, or a change that is not material, costs no call.
    expect(await process(jobFor({ threadId: baseThread.id }))).toEqual({ status: 'up-to-date', generator: 'llm', fallback: false });
    src.state.thread = { ...baseThread, version: 5 };
    expect(await process(jobFor({ threadId: baseThread.id }))).toMatchObject({ status: 'up-to-date' });
    expect(fake.requests).toHaveLength(1);

    src.state.thread = { ...baseThread, version: 6, title: 'State budget signed' };
    fake.script({ kind: 'status', status: 503 });
    expect(await process(jobFor({ threadId: baseThread.id }))).toEqual({ status: 'summarized', generator: 'extractive', fallback: true });
    expect(fallbacks).toEqual(['server']);
  });

  it('picks the extractive summarizer when no LLM is configured', () => {
    const keys = createKeys(testRedis.prefix);
    expect(createSummarizerFromConfig({ config: loadConfig({}), redis: testRedis.redis, keys, logger }).generator).toBe('extractive');
  });

  it('debounces a burst of summarize requests for one thread into one delayed job', async () => {
    const keys = createKeys(testRedis.prefix);
    const queue = new Queue(QUEUES.summarizeThread, { connection: testRedis.connect(), prefix: keys.queuePrefix(QUEUES.summarizeThread) });
    try {
      for (let i = 0; i < 5; i += 1) await queue.add(QUEUES.summarizeThread, { threadId: 'burst' }, summarizeJobOptions('burst', 5_000));
      await queue.add(QUEUES.summarizeThread, { threadId: 'other' }, summarizeJobOptions('other', 5_000));
      const delayed = await queue.getDelayed();
      expect(delayed.map((job) => job.data.threadId).sort()).toEqual(['burst', 'other']);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});

import { describe, expect, it, vi } from 'vitest';
import { createCommandRunner } from '../../commands/runner.js';
import type { Block, Reply } from '../../src/core/reply.js';
import { emptyWorld, fakeDeps, invocation, referenceWorld } from '../helpers/command-fakes.js';

function texts(reply: Reply): string[] {
  return reply.blocks.filter((block): block is Extract<Block, { type: 'text' }> => block.type === 'text').map((block) => block.text);
}

function setup() {
  const { world, thread } = referenceWorld();
  const logger = { error: vi.fn(), warn: vi.fn() };
  const deps = fakeDeps(world);
  return { world, thread, deps, logger, runner: createCommandRunner(deps, { logger }) };
}

describe('command runner', () => {
  it('runs a typed line with positional options and a free-text question', async () => {
    const { world, thread, runner } = setup();
    world.answers.set(`${thread.id}|who met?`, { question: 'who met?', type: 'entity', status: 'answered', sentences: [{ text: 'Trump met Putin.', sources: ['Reuters'] }] });
    const reply = await runner.runLine('/thread trump-putin qa who met?', invocation());
    expect(reply.tone).toBe('info');
    expect(reply.blocks[0]).toMatchObject({ type: 'qa', items: [{ question: 'who met?', answer: 'Trump met Putin. (Reuters)' }] });
  });

  it('runs Discord-style named options, ignoring nulls for options not given', async () => {
    const { runner } = setup();
    const reply = await runner.run('thread', { slug: 'trump-putin', view: 'stats', question: null }, invocation());
    expect(reply.picture?.kind).toBe('thread-stats');
    const top = await runner.run('top', { n: 1 }, invocation());
    expect(top.title).toBe('Top thread');
  });

  it('turns a UserError into a private error reply with its suggestions as buttons', async () => {
    const { runner } = setup();
    const reply = await runner.runLine('thread zzzzqqq', invocation());
    expect(reply).toMatchObject({ tone: 'error', private: true });
    expect(texts(reply)).toEqual(['No thread matches `zzzzqqq`.', 'Did you mean Trump Putin Call (`trump-putin`)?']);
    expect(reply.actions).toEqual([{ label: 'Trump Putin Call', command: 'thread trump-putin' }]);
  });

  it('offers the top list as a button when there is no live thread to suggest', async () => {
    const runner = createCommandRunner(fakeDeps(emptyWorld()));
    const reply = await runner.runLine('thread zzzzqqq', invocation());
    expect(reply.actions).toEqual([{ label: 'Top threads', command: 'top' }]);
  });

  it('answers invalid input with the usage line and what was wrong', async () => {
    const { runner } = setup();
    const badView = await runner.run('thread', { slug: 'trump-putin', view: 'chart' }, invocation());
    expect(badView).toMatchObject({ tone: 'error', private: true, title: 'Usage: /thread [slug] [view] [question…]' });
    expect(texts(badView)[0]).toContain('view must be one of summary, perspectives, stats, qa');
    const badNumber = await runner.runLine('top many', invocation());
    expect(badNumber.title).toBe('Usage: /top [n]');
    const extra = await runner.runLine('top 5 6', invocation());
    expect(texts(extra)[0]).toContain('Unexpected extra text: "6"');
    const missing = await runner.runLine('subscribe', invocation());
    expect(missing.title).toBe('Usage: /subscribe <target…>');
    const quote = await runner.runLine('thread "trump', invocation());
    expect(texts(quote)[0]).toMatch(/Unclosed quote/);
  });

  it('points unknown commands at /help', async () => {
    const { runner } = setup();
    const reply = await runner.runLine('/frobnicate now', invocation());
    expect(texts(reply)[0]).toBe('There is no `/frobnicate` command.');
    expect(reply.actions).toEqual([{ label: 'Help', command: 'help' }]);
    expect((await runner.run('nope', {}, invocation())).tone).toBe('error');
  });

  it('treats an empty line as /help', async () => {
    const { runner } = setup();
    expect((await runner.runLine('  ', invocation())).title).toBe('threadwatch commands');
  });

  it('logs internal failures and shows only a generic apology', async () => {
    const { deps, logger } = setup();
    deps.ranking.getStats = async () => {
      throw new Error('READONLY You cannot write against a read only replica.');
    };
    const runner = createCommandRunner(deps, { logger });
    const reply = await runner.runLine('thread trump-putin stats', invocation());
    expect(reply).toMatchObject({ tone: 'error', private: true });
    expect(texts(reply)).toEqual(['Something went wrong on our side. Please try again in a moment.']);
    expect(JSON.stringify(reply)).not.toContain('READONLY');
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it('completes threads from the finder and survives a catalogue failure', async () => {
    const { deps, runner, logger } = setup();
    expect(await runner.complete('trum', 5)).toEqual([{ slug: 'trump-putin', topic: 'Trump Putin Call', title: 'Reuters reports on the Trump Putin call', rank: 11, status: 'active' }]);
    deps.threads.catalogVersion = async () => {
      throw new Error('connection lost');
    };
    expect(await createCommandRunner(deps, { logger }).complete('trump', 5)).toEqual([]);
    expect(logger.warn).toHaveBeenCalled();
  });

  it('exposes the registry metadata for platform registration', () => {
    const { runner } = setup();
    expect(runner.commands.map((command) => command.name)).toEqual(['thread', 'top', 'subscribe', 'unsubscribe', 'subscriptions', 'sources', 'help']);
  });

  it('answers a 100 KB /help in its own words, without echoing the text or quoting zod', async () => {
    const { runner } = setup();
    const huge = 'x'.repeat(100_000);
    for (const reply of [await runner.runLine(`/help ${huge}`, invocation()), await runner.run('help', { command: huge }, invocation())]) {
      expect(reply.tone).toBe('error');
      const text = texts(reply).join('\n');
      expect(text).toMatch(/^That is too long for a command: 100,00\d characters, and commands take at most 4,096\.$/);
      expect(JSON.stringify(reply).length).toBeLessThan(1_000);
    }
  });

  it('says which option is too long, its limit and its length, in place of zod\'s wording', async () => {
    const { runner } = setup();
    const reply = await runner.runLine(`/help ${'h'.repeat(41)}`, invocation());
    expect(reply.title).toBe('Usage: /help [command]');
    expect(texts(reply)).toEqual(['`command` is too long: at most 40 characters (this one has 41).']);
    expect(JSON.stringify(reply)).not.toMatch(/Too big|expected string/);
  });
});

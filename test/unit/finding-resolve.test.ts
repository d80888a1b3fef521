import { describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../commands/runner.js';
import { splitThreadText } from '../../commands/parse-line.js';
import type { CommandDeps } from '../../commands/deps.js';
import { articleFromStreamRecord } from '../../src/core/articles/normalise.js';
import type { Article } from '../../src/core/article.js';
import { createThreadIndexer } from '../../src/core/threading/indexer.js';
import type { Reply } from '../../src/core/reply.js';
import { readStreamFile } from '../../src/feeds/stream-file.js';
import { createMemoryThreadStore } from '../../src/store/memory-thread-store.js';
import { HOUR_MS } from '../../src/core/time.js';
import { NEAR_TIE, orderHits, type SearchHit } from '../../src/core/finding/catalog-index.js';
import { addThread, emptyWorld, fakeDeps, invocation, makeArticle, makeStats, makeThread, T0 } from '../helpers/command-fakes.js';



function texts(reply: Reply): string[] {
  return reply.blocks.flatMap((block) => (block.type === 'text' ? [block.text] : []));
}

/** A small catalogue: live threads with ranks, an archived one and a merged slug. */
function world() {
  const w = emptyWorld();
  const add = (id: string, slug: string, topic: string, names: string[], keyTerms: string[], rank: number | null, overrides: Parameters<typeof makeThread>[3] = {}) => {
    const articles = [makeArticle(`${id}-a`, { title: `${topic} headline`, published: T0 + (rank ?? 50) * HOUR_MS })];
    const thread = makeThread(id, slug, articles, { topic, title: `${topic} headline`, names, keyTerms, representativeArticleId: `${id}-a`, ...overrides });
    addThread(w, thread, articles, rank === null ? undefined : makeStats(thread, { rank }));
    return thread;
  };
  add('t1', 'titanfall-xbox', 'Titanfall Xbox Launch', ['Titanfall', 'Xbox', 'Microsoft'], ['launch', 'servers'], 1);
  add('t54', 'titanfall-review', 'Titanfall Review', ['Titanfall'], ['review'], 54);
  add('t3', 'flappy-bird', 'Flappy Bird Creator', ['Flappy Bird', 'Dong Nguyen'], ['return', 'app'], 3);
  add('t4', 'trump-putin', 'Trump Putin Call', ['Trump', 'Putin', 'Ukraine'], ['call', 'phone'], 4, { aliases: ['putin-trump-ukraine'] });
  add('t5', 'putin-crimea', 'Putin Crimea', ['Putin', 'Crimea'], ['referendum'], 5);
  add('t6', 'gm-recall', 'GM Recall', ['GM', 'Barra'], ['recall', 'ignition'], 6);
  add('t7', 'zurich-insurance', 'Zürich Insurance Loss', ['Zürich'], ['insurance', 'loss'], null, { status: 'archived' });
  return w;
}

describe('free-text /thread resolution', () => {
  const runner = createCommandRunner(fakeDeps(world()));
  const titleOf = async (line: string) => (await runner.runLine(line, invocation())).title;

  it('accepts hyphens or spaces, more words or fewer, any case and stray punctuation', async () => {
    for (const line of ['thread trump-putin', 'thread trump putin', 'thread Trump Putin call', 'thread TRUMP, putin!', 'thread "trump putin"', 'thread #trump-putin']) {
      expect(await titleOf(line), line).toBe('#4 · Trump Putin Call');
    }
    expect(await titleOf('thread gm recall')).toBe('#6 · GM Recall');
    expect(await titleOf('thread Flappy Bird')).toBe('#3 · Flappy Bird Creator');
  });

  it('corrects typos and prefers the top-ranked thread among equally good matches', async () => {
    expect(await titleOf('thread titanfal')).toBe('#1 · Titanfall Xbox Launch');
    expect(await titleOf('thread flapy bird')).toBe('#3 · Flappy Bird Creator');
    expect(await titleOf('thread trupm putin')).toBe('#4 · Trump Putin Call');
  });

  it('answers with the best of several equal matches and offers the others as "Also" buttons', async () => {
    const reply = await runner.runLine('thread putin', invocation());
    expect(reply.title).toBe('#4 · Trump Putin Call');
    expect(texts(reply).some((text) => text.startsWith('Also: Putin Crimea (`putin-crimea`)'))).toBe(true);
    expect(reply.actions).toContainEqual({ label: 'Also: Putin Crimea', command: 'thread putin-crimea' });
    const stats = await runner.runLine('thread putin stats', invocation());
    expect(stats.actions).toContainEqual({ label: 'Also: Putin Crimea', command: 'thread putin-crimea stats' });
  });

  it('finds archived threads (diacritics folded) and merged slugs, saying what happened', async () => {
    const archived = await runner.runLine('thread zurich insurance', invocation());
    expect(archived.title).toBe('Zürich Insurance Loss');
    expect(archived.footer).toContain('archived');
    const merged = await runner.runLine('thread putin-trump-ukraine', invocation());
    expect(merged.title).toBe('#4 · Trump Putin Call');
    expect(texts(merged)).toContain('`putin-trump-ukraine` is now part of this thread.');
  });

  it('recognises view words wherever they stand, and the question after qa', async () => {
    expect(splitThreadText('trump putin stats')).toEqual({ query: 'trump putin', view: 'stats' });
    expect(splitThreadText('stats trump putin')).toEqual({ query: 'trump putin', view: 'stats' });
    expect(splitThreadText('trump putin qa when is the call?')).toEqual({ query: 'trump putin', view: 'qa', question: 'when is the call?' });
    expect(splitThreadText('qa trump putin when is the call?')).toEqual({ query: 'trump putin', view: 'qa', question: 'when is the call?' });
    expect(splitThreadText('flappy-bird qa 3')).toEqual({ query: 'flappy-bird', view: 'qa', question: '3' });
    expect(splitThreadText('"stats canada" summary')).toEqual({ query: 'stats canada', view: 'summary' });
    const stats = await runner.runLine('thread trump putin stats', invocation());
    expect(stats.picture?.kind).toBe('thread-stats');
    const qa = await runner.runLine('thread trump putin qa when is the call?', invocation());
    expect(qa.title).toBe('#4 · Trump Putin Call');
    expect(JSON.stringify(qa.blocks)).toContain('when is the call?');
    // Discord: a view word typed into the thread option counts too, unless the view option is set.
    expect((await runner.run('thread', { slug: 'trump putin stats' }, invocation())).picture?.kind).toBe('thread-stats');
  });

  it('suggests the closest live threads among the top ranks when nothing matches', async () => {
    const reply = await runner.runLine('thread qwxzv', invocation());
    expect(reply.tone).toBe('error');
    expect(reply.actions.length).toBeGreaterThan(0);
    expect(reply.actions.every((action) => action.command.startsWith('thread '))).toBe(true);
  });

  it('answers bad input with a clear reply and never a stack trace', async () => {
    const cases: [string, RegExp][] = [
      ['thread x', /too short/],
      [`thread ${'a'.repeat(500)}`, /too long/],
      ['thread 😀😀', /no letters or digits/],
      ['thread the', /too common/],
      ['thread .*[a-z]+?', /No thread matches|too short/],
      ['thread ***', /no letters or digits/],
      ['thread trump\u200b-putin\u200d', /Trump Putin Call/],
      ['thread \u202Eشسيب', /No thread matches/],
    ];
    for (const [line, expected] of cases) {
      const reply = await runner.runLine(line, invocation());
      const shown = [reply.title ?? '', ...texts(reply)].join('\n');
      expect(shown, line).toMatch(expected);
      expect(shown).not.toMatch(/at .*\.ts:\d+|Error:/);
      expect(shown).not.toContain('\u202E');
    }
    const viewOnly = await runner.runLine('thread stats', invocation());
    expect(texts(viewOnly)[0]).toContain("Which thread's stats?");
    expect(viewOnly.actions[0]?.command).toMatch(/^thread \S+ stats$/);
    const empty = await runner.runLine('thread', invocation());
    expect(texts(empty)[0]).toContain('Which thread?');
  });

  it('subscribes by free text only when it points at one thread', async () => {
    const deps = fakeDeps(world());
    const subscriptions = createCommandRunner(deps);
    expect((await subscriptions.runLine('subscribe gm recall', invocation())).title).toBe('Subscribed to `gm-recall`');
    const ambiguous = await subscriptions.runLine('subscribe putin', invocation());
    expect(ambiguous.tone).toBe('error');
    expect(ambiguous.actions.map((action) => action.command)).toEqual(['subscribe trump-putin', 'subscribe putin-crimea']);
  });
});

describe('the four-article Trump–Putin example', () => {
  it('makes `trump-putin` public and answers both `/thread trump-putin` and `/thread trump putin`', async () => {
    const { records } = await readStreamFile('test/fixtures/finding/trump-putin-call.jsonl');
    const store = createMemoryThreadStore();
    const articles = new Map<string, Article>();
    for (const record of records) {
      const article = articleFromStreamRecord(record, { name: record.publisher ?? '', lean: 'center', country: 'US' });
      articles.set(article.id, article);
    }
    await createThreadIndexer(store).assign([...articles.values()]);
    const deps: CommandDeps = {
      ...fakeDeps(emptyWorld()),
      threads: store,
      articles: { getArticles: async (ids) => ids.map((id) => articles.get(id) ?? null) },
    };
    const runner = createCommandRunner(deps);
    const [entry] = await store.listCatalog();
    expect(entry?.slug).toBe('trump-putin');
    expect(entry?.topic).toBe('Trump Putin Call');
    for (const line of ['thread trump-putin', 'thread trump putin']) {
      const reply = await runner.runLine(line, invocation());
      expect(reply.title, line).toBe('Trump Putin Call');
      const representative = articles.get(entry!.representativeArticleId)!;
      expect(reply.subtitle).toBe(representative.title);
      expect(reply.url).toBe(representative.url);
    }
  });
});

describe('ordering of matches', () => {
  const hit = (slug: string, score: number, rank: number | null, status: 'active' | 'archived' = 'active'): SearchHit => ({
    entry: { threadId: slug, slug, aliases: [], status, lastUpdated: 0, title: '', representativeArticleId: '', topic: '', names: [], keyTerms: [] },
    rank,
    score,
    exact: false,
  });
  const order = (hits: SearchHit[]) => orderHits(hits).map((h) => h.entry.slug);

  it('counts scores within NEAR_TIE of the best as a tie, wherever they fall, and lets rank decide', () => {
    // 0.949 and 0.951 straddle what used to be a band edge: still a tie, so the higher rank wins.
    expect(order([hit('hot', 0.949, 2), hit('cold', 0.951, 40)])).toEqual(['hot', 'cold']);
    expect(order([hit('archived', 0.96, 1, 'archived'), hit('live', 0.93, 30)])).toEqual(['live', 'archived']);
  });

  it('puts a thread the words match clearly better first, whatever its rank', () => {
    expect(NEAR_TIE).toBeLessThan(0.1);
    expect(order([hit('named', 0.95, 48), hit('mentioned', 0.85, 7)])).toEqual(['named', 'mentioned']);
    // Runs are cut from the top: a chain of small steps does not make a weak match tie the best.
    expect(order([hit('a', 1, 9), hit('b', 0.96, 5), hit('c', 0.92, 1)])).toEqual(['b', 'a', 'c']);
  });
});

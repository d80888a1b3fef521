import { describe, expect, it } from 'vitest';
import { createThreadingEngine, type ThreadingArticle } from '../../src/core/threading/engine.js';
import { extractFeatures, type CaseCounts } from '../../src/core/threading/features.js';
import { BACKGROUND_HEADLINES } from '../fixtures/threading/background-headlines.js';
import { HOUR_MS as HOUR } from '../../src/core/time.js';

const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 2, 10, 12);

let sequence = 0;
function article(title: string, published = T0, extra: Partial<ThreadingArticle> = {}): ThreadingArticle {
  sequence += 1;
  return { id: `a${sequence}`, title, summary: '', published, outlet: `outlet${sequence % 7}.com`, ...extra };
}

/** Decides and commits, returning the thread id: what production does for each article. */
function thread(engine: ReturnType<typeof createThreadingEngine>, input: ThreadingArticle) {
  const decision = engine.decide(input);
  return { ...engine.commit(decision.entry), isNewThread: decision.isNewThread };
}

/** A varied background so IDF means something, as in any real stream. */
function warmUp(engine: ReturnType<typeof createThreadingEngine>, at = T0 - 2 * HOUR) {
  // The scenarios below were written against eight background stories; the oil and court headlines
  // would share words with some of them.
  for (const title of BACKGROUND_HEADLINES.slice(0, 8)) thread(engine, article(title, at));
}

describe('threading engine', () => {
  it('describes a thread by its most central article and the names its headlines recur on, spelled as they spell them', () => {
    const engine = createThreadingEngine();
    warmUp(engine);
    const members = [
      article('Trump and Putin to hold phone call on Ukraine', T0),
      article('Trump says he will speak with Putin on Tuesday', T0 + 10 * 60_000),
      article('Kremlin confirms Putin call with Trump', T0 + 20 * 60_000),
    ];
    let last;
    for (const member of members) last = thread(engine, member);
    expect(members.map((member) => member.id)).toContain(last!.facets.representativeArticleId);
    expect(members.find((member) => member.id === last!.facets.representativeArticleId)?.title).toBe(last!.facets.title);
    expect(last!.facets.names.slice(0, 2).sort()).toEqual(['Putin', 'Trump']);
  });

  it('puts fifty syndicated copies of one wire story in one thread', () => {
    const engine = createThreadingEngine();
    warmUp(engine);
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add(thread(engine, article('Malaysia Airlines flight MH370 vanishes over South China Sea', T0 + i * 60_000)).threadId);
    expect(ids.size).toBe(1);
  });

  it('groups differently worded headlines about one event', () => {
    const engine = createThreadingEngine();
    warmUp(engine);
    const first = thread(engine, article('Sbarro files for bankruptcy again', T0));
    const second = thread(engine, article('Pizza chain Sbarro files for Chapter 11 protection', T0 + 5 * 60_000));
    const third = thread(engine, article('Sbarro to close stores in second bankruptcy in three years', T0 + 20 * 60_000));
    expect(second.threadId).toBe(first.threadId);
    expect(third.threadId).toBe(first.threadId);
  });

  it('keeps unrelated stories that share one name apart', () => {
    const engine = createThreadingEngine();
    warmUp(engine);
    const tariffs = thread(engine, article('Trump announces steel tariffs on China', T0));
    thread(engine, article('Trump steel tariffs anger Beijing', T0 + 10 * 60_000));
    const golf = thread(engine, article('Trump opens new golf resort in Scotland', T0 + 30 * 60_000));
    expect(golf.threadId).not.toBe(tariffs.threadId);
  });

  it('starts a new thread when a similar headline comes long after a burst ended', () => {
    const engine = createThreadingEngine();
    warmUp(engine);
    const burst = thread(engine, article('Volcano erupts in Iceland grounding flights', T0));
    for (let i = 1; i < 10; i++) thread(engine, article('Iceland volcano eruption grounds flights across Europe', T0 + i * 60_000));
    const monthLater = thread(engine, article('Iceland volcano erupts again', T0 + 30 * DAY));
    expect(monthLater.threadId).not.toBe(burst.threadId);
  });

  it('handles empty, one-word and non-English titles without joining them to anything', () => {
    const engine = createThreadingEngine();
    warmUp(engine);
    const empty = thread(engine, article('', T0));
    const punctuation = thread(engine, article('!!! ???', T0));
    const oneWord = thread(engine, article('Update', T0));
    const russian = thread(engine, article('Путин провёл переговоры с Трампом', T0));
    const chinese = thread(engine, article('习近平会见美国总统', T0));
    expect([empty, punctuation, oneWord, russian, chinese].every((outcome) => outcome.isNewThread)).toBe(true);
    expect(thread(engine, article('', T0)).isNewThread).toBe(true);
  });

  it('accepts publish dates years in the past or future and archives their threads', () => {
    const engine = createThreadingEngine({ archiveAfterMs: 14 * DAY });
    const evicted = new Set<string>();
    const past = thread(engine, article('Berlin Wall falls as crowds cross border', Date.UTC(1989, 10, 9)));
    const future = thread(engine, article('Colony ship reaches Mars orbit', Date.UTC(2090, 0, 1)));
    for (let i = 0; i < 600; i++) {
      for (const id of thread(engine, article(`Routine story number ${i} about topic${i % 40}`, T0 + i * 60_000)).evicted) evicted.add(id);
    }
    expect(evicted.has(past.threadId)).toBe(true);
    expect(evicted.has(future.threadId)).toBe(true);
    expect(engine.hasThread(past.threadId)).toBe(false);
  });

  it('absorbs a burst of ten thousand articles at once', () => {
    const engine = createThreadingEngine();
    const topics = ['Ukraine ceasefire talks', 'Fed raises rates', 'Hurricane hits Florida', 'Election recount ordered', 'Tech layoffs widen'];
    const threads = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      threads.add(thread(engine, article(`${topics[i % topics.length]} update ${i % 3}`, T0 + i)).threadId);
      for (const plan of [...engine.pendingPlans()]) engine.commit(plan);
    }
    expect(threads.size).toBeLessThan(100);
  });

  it('keeps a syndicated wire story of 50,000 near-identical copies in one bounded thread', () => {
    const engine = createThreadingEngine();
    warmUp(engine);
    const threads = new Set<string>();
    let last;
    // 10,000 copies in one burst, then the same story keeps running: one thread of 50,000 articles.
    for (let i = 0; i < 50_000; i++) {
      const outlet = `wire${i % 400}.com`;
      last = thread(engine, article(`Malaysia Airlines MH370 search widens to Indian Ocean${i % 3 === 0 ? ' - officials' : ''}`, T0 + i * 1_000, { outlet }));
      threads.add(last.threadId);
      for (const plan of [...engine.pendingPlans()]) engine.commit(plan);
    }
    expect(threads.size).toBe(1);
    const saved = JSON.parse(engine.snapshot()) as { threads: { id: string; count: number; centroid: unknown[]; headlines: unknown[] }[] };
    const wire = saved.threads.find((t) => t.id === last!.threadId)!;
    expect(wire.count).toBe(50_000);
    expect(wire.centroid.length).toBeLessThanOrEqual(128);
    expect(wire.headlines.length).toBeLessThanOrEqual(24);
  }, 180_000);

  it('never lets an article dated years in the past join or extend a live thread', () => {
    const engine = createThreadingEngine();
    warmUp(engine);
    const live = ['Sbarro files for bankruptcy again', 'Pizza chain Sbarro files for bankruptcy', 'Sbarro bankruptcy filing closes stores'].map((title, i) =>
      thread(engine, article(title, T0 + i * 60_000)),
    );
    const old = thread(engine, article('Sbarro files for bankruptcy again', T0 - 3 * 365 * DAY));
    expect(old.threadId).not.toBe(live[0]!.threadId);
    expect(old.isNewThread).toBe(true);
    // And it is archived at the next eviction point, not kept alive by the stream.
    const evicted = new Set<string>();
    for (let i = 0; i < 300; i++) for (const id of thread(engine, article(`Routine story number ${i} about topic${i % 40}`, T0 + i * 60_000)).evicted) evicted.add(id);
    expect(evicted.has(old.threadId)).toBe(true);
    expect(engine.hasThread(live[0]!.threadId)).toBe(true);
  });

  it('hands out a slug stem from the salient names once the thread can become public', () => {
    const engine = createThreadingEngine();
    warmUp(engine);
    const outcomes = [
      thread(engine, article('Malaysia Airlines jet missing with 239 aboard', T0, { outlet: 'a.com' })),
      thread(engine, article('Search for missing Malaysia Airlines jet widens', T0 + 60_000, { outlet: 'a.com' })),
      thread(engine, article('Malaysia Airlines jet: search widens to Indian Ocean', T0 + 120_000, { outlet: 'b.com' })),
      thread(engine, article('Malaysia Airlines families wait for news', T0 + 180_000, { outlet: 'c.com' })),
    ];
    expect(new Set(outcomes.map((o) => o.threadId)).size).toBe(1);
    expect(outcomes.map((o) => o.slugBase)).toEqual(['', '', expect.stringMatching(/^malaysia-airlines/), '']);
  });

  it('picks the most central headline as the thread title, not a short label', () => {
    const engine = createThreadingEngine();
    warmUp(engine);
    let outcome = thread(engine, article('Chiquita Fyffes', T0));
    for (const title of ['Chiquita to buy Fyffes creating biggest banana company', 'Chiquita and Fyffes merge to form banana giant', 'Chiquita Fyffes deal creates top banana supplier']) {
      outcome = thread(engine, article(title, T0 + 60_000));
    }
    expect(outcome.title).not.toBe('Chiquita Fyffes');
    expect(outcome.title).toMatch(/Chiquita/);
  });

  it('merges two threads that formed for one story in the same burst', () => {
    // The merge point falls right after the tenth article (8 background + 2).
    const engine = createThreadingEngine({ joinThreshold: 0.9, mergeEvery: 10 });
    warmUp(engine);
    // A strict join threshold forces fragments; the merge pass, at its normal threshold, reunites them.
    const first = thread(engine, article('Crimea votes to join Russia in disputed referendum', T0));
    const second = thread(engine, article('Disputed Crimea referendum backs joining Russia, officials say', T0 + 60_000));
    expect(second.threadId).not.toBe(first.threadId);
    const merges = [...engine.pendingPlans()];
    expect(merges).toHaveLength(1);
    const into = engine.commit(merges[0]!);
    expect([first.threadId, second.threadId]).toContain(into.threadId);
    expect(engine.threadCount()).toBe(9);
  });

  it('keeps the thread that became public first as the merge survivor, even when it is smaller', () => {
    const engine = createThreadingEngine({ joinThreshold: 0.9, mergeEvery: 16 });
    warmUp(engine);
    // A strict join threshold makes each wording its own thread; both become public, A first.
    const a = ['a.com', 'b.com', 'a.com'].map((outlet, index) => thread(engine, article('Crimea votes to join Russia in disputed referendum', T0 + index * 1_000, { outlet })));
    const b = ['c.com', 'd.com', 'c.com', 'd.com', 'c.com'].map((outlet, index) =>
      thread(engine, article('Disputed Crimea referendum backs joining Russia, officials say', T0 + 10_000 + index * 1_000, { outlet })),
    );
    const survivorId = a[0]!.threadId;
    expect(a.every((o) => o.threadId === survivorId)).toBe(true);
    expect(a.map((o) => o.slugBase !== '')).toEqual([false, false, true]);
    expect(b.filter((o) => o.slugBase !== '')).toHaveLength(1);
    expect(b[0]!.threadId).not.toBe(survivorId);
    const merges = [...engine.pendingPlans()];
    expect(merges).toEqual([{ kind: 'merge', from: b[0]!.threadId, into: survivorId }]);
    const merged = engine.commit(merges[0]!);
    expect(merged.threadId).toBe(survivorId);
    expect(merged.slugBase).toBe('');
  });

  it('moves a stray to a thread founded after it joined, once that thread takes it as core', () => {
    // A merge point right after the merger story's first article (8 background + 4 + the stray + 1).
    const engine = createThreadingEngine({ mergeEvery: 14 });
    warmUp(engine);
    const volcano = ['Volcano erupts on Iceland coast, flights grounded across Europe', 'Iceland volcano eruption grounds flights in Europe', 'Flights grounded as Icelandic volcano erupts', 'Europe flights cancelled after Iceland volcano erupts'].map(
      (title, index) => thread(engine, article(title, T0 + index * 60_000)).threadId,
    );
    // Two stories in one headline: it joins the volcano thread on "flights grounded", weakly.
    const decision = engine.decide(article('Flights grounded by volcano; Lufthansa in Air Berlin merger talks', T0 + 240_000));
    expect(decision.entry.threadId).toBe(volcano[0]);
    expect(decision.entry.stray).toBe(true);
    engine.commit(decision.entry);
    const plans: unknown[] = [];
    let merger = '';
    for (const [index, title] of ['Lufthansa and Air Berlin in merger talks', 'Lufthansa confirms Air Berlin merger talks', 'Air Berlin merger: Lufthansa talks advance', 'Unions wary of Lufthansa Air Berlin merger'].entries()) {
      merger = thread(engine, article(title, T0 + 72 * HOUR + index * 60_000)).threadId;
      for (let plan = engine.pendingPlans()[0]; plan !== undefined; plan = engine.pendingPlans()[0]) {
        plans.push(plan);
        engine.commit(plan);
      }
    }
    expect(merger).not.toBe(volcano[0]);
    expect(plans).toEqual([{ kind: 'move', articleId: decision.entry.articleId, from: volcano[0], into: merger }]);
  });

  it('keeps its vocabulary tables bounded over a long stream of one-off words', () => {
    const engine = createThreadingEngine();
    const articles = 12_000;
    // Three words no other article uses, an article every two hours (1,000 days): every thread goes
    // idle and is archived, and every word decays out of the document frequencies within weeks.
    for (let index = 0; index < articles; index++) {
      const words = [0, 1, 2].map((k) => `zq${(index * 3 + k).toString(36)}x`).join(' ');
      engine.commit(engine.decide({ id: `v${index}`, title: words, published: T0 + index * 2 * HOUR, outlet: 'a.com' }).entry);
    }
    const { documentFrequency, surfaces } = engine.vocabularySize();
    // Without upkeep it would hold all 36,000 words; decay keeps about the last month's.
    expect(documentFrequency).toBeLessThan(3_000);
    expect(surfaces).toBeLessThan(3_000);
  });

  it('decides identically after a snapshot is restored into a fresh engine', () => {
    const original = createThreadingEngine();
    warmUp(original);
    thread(original, article('Mt. Gox bitcoin exchange files for bankruptcy', T0));
    thread(original, article('Bitcoin exchange Mt. Gox seeks bankruptcy protection', T0 + 60_000));
    const restored = createThreadingEngine();
    restored.restore(original.snapshot());
    const next = article('Mt. Gox CEO apologises as bitcoin exchange collapses', T0 + 120_000);
    expect(restored.decide(next).entry.threadId).toBe(original.decide(next).entry.threadId);
    expect(restored.threadCount()).toBe(original.threadCount());
  });
});

describe('features', () => {
  const caseStats = new Map<string, CaseCounts>();

  it('weights headline words above body words and drops stopwords', () => {
    const { weights } = extractFeatures({ title: 'Volcano erupts', text: 'The ash cloud spread over the ocean.' }, caseStats);
    expect(weights.get('volcano')).toBeGreaterThan(weights.get('ash') ?? 0);
    expect(weights.has('the')).toBe(false);
  });

  it('marks acronyms, codes and mid-sentence capitals as names and pairs adjacent names', () => {
    const { names, weights } = extractFeatures({ title: 'Search for MH370 widens as Malaysia Airlines faces questions' }, caseStats);
    expect(names.has('mh370')).toBe(true);
    expect(names.has('malaysia_airlin')).toBe(true);
    expect(weights.has('malaysia_airlin')).toBe(true);
    expect(names.has('search')).toBe(false);
  });

  it('reads "U.S." and possessives as plain words', () => {
    const { weights } = extractFeatures({ title: "Fed's Plosser warns U.S. economy" }, caseStats);
    expect(weights.has('fed')).toBe(true);
    expect(weights.has('us')).toBe(true);
  });

});

describe('facet points', () => {
  it('writes facets at facet points only — founding, going public, then about four per doubling — and at the same points after a restore', () => {
    const story = (n: number) => article(`Flappy Bird creator pulls game ${['today', 'after fame', 'citing stress', 'from stores'][n % 4]} (${n})`, T0 + n * 60_000);
    const inputs = Array.from({ length: 120 }, (_, n) => story(n));
    const run = (engine: ReturnType<typeof createThreadingEngine>, from: number) =>
      inputs.slice(from).map((input) => {
        const outcome = thread(engine, input);
        return { due: outcome.facetsDue, facets: outcome.facetsDue ? JSON.stringify(outcome.facets) : '' };
      });
    const engine = createThreadingEngine();
    warmUp(engine);
    const whole = run(engine, 0);
    const due = whole.map((step, n) => (step.due ? n + 1 : 0)).filter(Boolean);
    // Article n makes the thread n long: founded at 1, public at 3 (two outlets), then every
    // article up to 7, every 2nd up to 15, every 4th up to 31 …
    expect(due.slice(0, 10)).toEqual([1, 3, 4, 5, 6, 7, 8, 10, 12, 14]);
    expect(due).toContain(64);
    expect(due).not.toContain(65);
    expect(due.length).toBeLessThan(40);

    const first = createThreadingEngine();
    warmUp(first);
    inputs.slice(0, 50).forEach((input) => thread(first, input));
    const restored = createThreadingEngine();
    restored.restore(first.snapshot());
    expect(run(restored, 50)).toEqual(whole.slice(50));
  });
});

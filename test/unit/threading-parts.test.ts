import { describe, expect, it } from 'vitest';
import { createCandidateIndex, MAX_CANDIDATES, POSTING_CAP } from '../../src/core/threading/candidate-index.js';
import { createThreadingEngine } from '../../src/core/threading/engine.js';
import { planMerges, survivesMerge } from '../../src/core/threading/merges.js';
import { DEFAULT_THREADING_OPTIONS } from '../../src/core/threading/options.js';
import { HEADLINE_POOL, offerHeadline, rescoreHeadlines } from '../../src/core/threading/representative.js';
import { readSnapshot, SnapshotVersionError } from '../../src/core/threading/snapshot.js';
import { createStreamClock } from '../../src/core/threading/stream-clock.js';
import { addArticleVector, cosineWithThread, newThread, rankedTerms, refreshNormTerms, weigh, type Term } from '../../src/core/threading/thread-state.js';
import { createVocabulary, DF_HALF_LIFE_MS } from '../../src/core/threading/vocabulary.js';
import { BACKGROUND_HEADLINES } from '../fixtures/threading/background-headlines.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 2, 10, 12);

function vocabularyWith(documents: string[][], at = T0) {
  const vocabulary = createVocabulary();
  for (const features of documents) vocabulary.count(features, [], '', at);
  return vocabulary;
}

describe('vocabulary (IDF decayed in stream time)', () => {
  it('gives rare words a higher IDF than common ones', () => {
    const vocabulary = vocabularyWith([['stock', 'gox'], ['stock'], ['stock'], ['stock']]);
    expect(vocabulary.idf('gox')).toBeGreaterThan(vocabulary.idf('stock'));
    expect(vocabulary.idf('unseen')).toBeGreaterThan(vocabulary.idf('gox'));
  });

  it('weighs a word seen a half-life ago half as much as one seen today', () => {
    const vocabulary = createVocabulary();
    vocabulary.count(['old'], [], '', T0);
    vocabulary.count(['new'], [], '', T0 + DF_HALF_LIFE_MS * 0.99);
    // ln(df + 1): the newer sighting weighs (almost) twice the older one.
    expect(Math.exp(vocabulary.logFrequency('new')) - 1).toBeCloseTo(2 * (Math.exp(vocabulary.logFrequency('old')) - 1), 1);
  });

  it('forgets words that decayed below one sighting a few half-lives ago, so memory follows current news', () => {
    const vocabulary = createVocabulary();
    for (let day = 0; day < 120; day++) vocabulary.count([`once${day}`, 'every'], [[`once${day}`, `once${day}`]], '', T0 + day * DAY);
    vocabulary.maintain(T0 + 120 * DAY);
    const { documentFrequency, surfaces } = vocabulary.size();
    expect(documentFrequency).toBeLessThan(40);
    expect(surfaces).toBeLessThan(40);
    expect(vocabulary.logFrequency('every')).toBeGreaterThan(0);
  });

  it('describes day 60 like day 1: the same stream a season later gets the same IDF', () => {
    const day = (offset: number) => {
      const vocabulary = createVocabulary();
      for (let d = 0; d <= offset; d++) for (let i = 0; i < 50; i++) vocabulary.count([`story${d}-${i % 5}`, 'common'], [], '', T0 + d * DAY + i * 60_000);
      vocabulary.maintain(T0 + offset * DAY + HOUR);
      return vocabulary.idf(`story${offset}-1`) - vocabulary.idf('common');
    };
    // Cumulative counts would add ln 2 ≈ 0.69 to a new name's lead between day 30 and day 60.
    expect(Math.abs(day(60) - day(30)) / day(30)).toBeLessThan(0.03);
  });

  it('restores exactly what it saved', () => {
    const vocabulary = vocabularyWith([['a', 'b'], ['b']]);
    const copy = createVocabulary();
    copy.restore(JSON.parse(JSON.stringify(vocabulary.snapshot())));
    expect(copy.snapshot()).toEqual(vocabulary.snapshot());
    expect(copy.idf('a')).toBe(vocabulary.idf('a'));
  });
});

describe('stream clock', () => {
  it('follows the median of recent publish times and ignores a misdated article', () => {
    const clock = createStreamClock();
    for (let i = 0; i < 10; i++) clock.observe(T0 + i * 60_000);
    clock.observe(Date.UTC(2090, 0, 1));
    clock.observe(Date.UTC(1989, 10, 9));
    expect(clock.now()).toBeGreaterThanOrEqual(T0);
    expect(clock.now()).toBeLessThan(T0 + HOUR);
  });

  it('never goes back', () => {
    const clock = createStreamClock();
    clock.observe(T0);
    for (let i = 0; i < 40; i++) clock.observe(T0 - DAY);
    expect(clock.now()).toBe(T0);
  });
});

describe('thread vectors', () => {
  const vocabulary = vocabularyWith([['gox', 'bitcoin'], ['bitcoin', 'exchang'], ['stock']]);
  const terms: Term[] = [
    ['gox', 2],
    ['bitcoin', 1],
  ];

  it('keeps the norm terms exact while articles join and leave', () => {
    const thread = newThread('t', T0);
    addArticleVector(thread, terms, vocabulary, 1);
    addArticleVector(thread, [['bitcoin', 1], ['exchang', 1]], vocabulary, 1);
    addArticleVector(thread, [['bitcoin', 1], ['exchang', 1]], vocabulary, -1);
    const incremental = { ...thread.normTerms };
    refreshNormTerms(thread, vocabulary);
    expect(incremental.a).toBeCloseTo(thread.normTerms.a, 12);
    expect(incremental.c).toBeCloseTo(thread.normTerms.c, 12);
    expect(thread.centroid.has('exchang')).toBe(false);
  });

  it('scores an article identical to a one-article thread at cosine 1', () => {
    const thread = newThread('t', T0);
    addArticleVector(thread, terms, vocabulary, 1);
    expect(cosineWithThread(weigh(terms, vocabulary), thread, vocabulary)).toBeCloseTo(1, 10);
  });

  it('ranks terms by salience with ties broken by the term itself', () => {
    const thread = newThread('t', T0);
    addArticleVector(thread, [['zeta', 1], ['alpha', 1]], vocabulary, 1);
    expect(rankedTerms(thread, vocabulary).map(([feature]) => feature)).toEqual(['alpha', 'zeta']);
  });
});

describe('candidate index', () => {
  const vocabulary = vocabularyWith([['gox'], ['stock']]);

  it('finds threads by their salient terms and keeps only the most recently posted per list', () => {
    const index = createCandidateIndex();
    const threads = Array.from({ length: POSTING_CAP + 5 }, (_, i) => {
      const thread = newThread(`t${i}`, T0);
      addArticleVector(thread, [['gox', 1]], vocabulary, 1);
      index.reindex(thread, rankedTerms(thread, vocabulary));
      return thread;
    });
    const found = index.candidates(weigh([['gox', 1]], vocabulary));
    expect(found).toHaveLength(MAX_CANDIDATES);
    expect(found.map((thread) => thread.id)).not.toContain('t0');
    expect(threads[0]!.indexed.has('gox')).toBe(false);
  });

  it('restores posting lists in their order', () => {
    const index = createCandidateIndex();
    const byId = new Map<string, ReturnType<typeof newThread>>();
    for (const id of ['b', 'a', 'c']) {
      const thread = newThread(id, T0);
      addArticleVector(thread, [['gox', 1]], vocabulary, 1);
      index.reindex(thread, rankedTerms(thread, vocabulary));
      byId.set(id, thread);
    }
    const copy = createCandidateIndex();
    copy.restore(index.snapshot(), byId);
    expect(copy.snapshot()).toEqual([['gox', ['b', 'a', 'c']]]);
  });
});

describe('merges', () => {
  const vocabulary = vocabularyWith([['crimea', 'referendum'], ['stock']]);

  it('keeps the thread public longest, then the larger, the older, the smaller id', () => {
    const a = { ...newThread('a', T0), publicSince: 5, count: 3 };
    const b = { ...newThread('b', T0), publicSince: 9, count: 30 };
    expect(survivesMerge(a, b)).toBe(true);
    const c = { ...newThread('c', T0), count: 4 };
    const d = { ...newThread('d', T0), count: 4 };
    expect(survivesMerge(c, d)).toBe(true);
    expect(survivesMerge(d, c)).toBe(false);
  });

  it('merges fragments of one burst but not the same words a week apart', () => {
    const index = createCandidateIndex();
    const make = (id: string, at: number) => {
      const thread = newThread(id, at);
      addArticleVector(thread, [['crimea', 2], ['referendum', 1]], vocabulary, 1);
      index.reindex(thread, rankedTerms(thread, vocabulary));
      return thread;
    };
    const first = make('first', T0);
    make('second', T0 + 10 * 60_000);
    const later = make('later', T0 + 7 * DAY);
    const plans = planMerges([first, later], index, vocabulary, DEFAULT_THREADING_OPTIONS);
    expect(plans).toEqual([{ kind: 'merge', from: 'second', into: 'first' }]);
  });

  it('asks threads at one and the same instant for more than one shared word, as time tells nothing about them', () => {
    const pair = (secondAt: number) => {
      const index = createCandidateIndex();
      const make = (id: string, at: number, terms: Term[]) => {
        const thread = newThread(id, at);
        addArticleVector(thread, terms, vocabulary, 1);
        index.reindex(thread, rankedTerms(thread, vocabulary));
        return thread;
      };
      // One shared name, each with words of its own: between the merge threshold and the stray score.
      const first = make('first', T0, [['crimea', 1], ['referendum', 1], ['vote', 1]]);
      const second = make('second', secondAt, [['crimea', 1], ['stock', 1], ['fall', 1]]);
      const score = cosineWithThread(weigh(first.centroid, vocabulary), second, vocabulary);
      expect(score).toBeGreaterThan(DEFAULT_THREADING_OPTIONS.mergeThreshold);
      expect(score).toBeLessThan(DEFAULT_THREADING_OPTIONS.strayScore);
      return planMerges([first], index, vocabulary, DEFAULT_THREADING_OPTIONS);
    };
    expect(pair(T0 + 60_000)).toEqual([{ kind: 'merge', from: 'second', into: 'first' }]);
    expect(pair(T0)).toEqual([]);
  });
});

describe('representative article', () => {
  it('keeps the most central headlines, a bounded pool, most central first', () => {
    const vocabulary = vocabularyWith([['gox', 'bankruptci'], ['gox'], ['bitcoin']]);
    const thread = newThread('t', T0);
    for (let i = 0; i < HEADLINE_POOL + 6; i++) {
      const terms: Term[] = i % 2 === 0 ? [['gox', 2], ['bankruptci', 1]] : [['gox', 1], [`aside${i}`, 2]];
      addArticleVector(thread, terms, vocabulary, 1);
      offerHeadline(thread, { articleId: `a${String(i).padStart(2, '0')}`, title: `Mt Gox headline number ${i}`, outlet: 'x.com', terms }, vocabulary);
    }
    rescoreHeadlines(thread, vocabulary);
    expect(thread.headlines).toHaveLength(HEADLINE_POOL);
    const centralities = thread.headlines.map((headline) => headline.centrality);
    expect(centralities).toEqual([...centralities].sort((a, b) => b - a));
    expect(Number(thread.headlines[0]!.articleId.slice(1)) % 2).toBe(0);
  });
});

describe('engine snapshot', () => {
  it('restores an engine that writes the identical snapshot and decides identically', () => {
    const engine = createThreadingEngine({ mergeEvery: 7 });
    BACKGROUND_HEADLINES.forEach((title, i) => {
      engine.commit(engine.decide({ id: `b${i}`, title, published: T0 + i * 60_000, outlet: `o${i % 3}.com` }).entry);
      for (let plan = engine.pendingPlans()[0]; plan; plan = engine.pendingPlans()[0]) engine.commit(plan);
    });
    const restored = createThreadingEngine({ mergeEvery: 7 });
    restored.restore(engine.snapshot());
    expect(restored.snapshot()).toBe(engine.snapshot());
    const next = { id: 'n', title: BACKGROUND_HEADLINES[3]!, published: T0 + DAY, outlet: 'x.com' };
    expect(restored.decide(next)).toEqual(engine.decide(next));
  });

  it('refuses a snapshot of another format with a clear error', () => {
    expect(() => readSnapshot(JSON.stringify({ version: 1 }))).toThrow(SnapshotVersionError);
  });
});

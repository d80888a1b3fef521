import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOutletDirectory } from '../../src/config/outlets.js';
import type { Article } from '../../src/core/article.js';
import { LEANS, leanBucket, type Lean } from '../../src/core/lean.js';
import { EMPTY_FACETS, type ThreadRecord } from '../../src/core/thread.js';
import {
  createExtractiveSummarizer,
  extractiveParts,
  joinSentences,
  NEAR_DUPLICATE_SIMILARITY,
  PERSPECTIVE_BUDGET,
  SUMMARY_BUDGET,
  type PickedSentence,
} from '../../src/core/summaries/extractive.js';
import { boundArticles, buildSentencePool } from '../../src/core/summaries/sentence-pool.js';
import { cosine } from '../../src/core/summaries/similarity.js';
import { dedupKey } from '../../src/core/text/tokenise.js';

const outlets = createOutletDirectory();

function basilEvents(): Map<string, Article[]> {
  const events = new Map<string, Article[]>();
  const lines = readFileSync(new URL('../../data/streams/basil-triplets.jsonl', import.meta.url), 'utf8').trim().split('\n');
  for (const line of lines) {
    const record = JSON.parse(line) as { id: string; title: string; url: string; source: string; published: string; story: string; text: string };
    const outlet = outlets.lookup(record.source);
    const article: Article = {
      id: record.id,
      sourceId: record.source,
      outlet: record.source,
      outletName: outlet.name,
      title: record.title,
      summary: '',
      text: record.text,
      url: record.url,
      published: Date.parse(record.published),
      fetchedAt: Date.parse(record.published),
      lean: outlet.lean,
      country: 'US',
      backlog: false,
    };
    events.set(record.story, [...(events.get(record.story) ?? []), article]);
  }
  return events;
}

function article(overrides: Partial<Article> & Pick<Article, 'id' | 'outletName' | 'lean'>): Article {
  return { sourceId: overrides.id, outlet: `${overrides.id}.example`, title: '', summary: '', url: `https://example.com/${overrides.id}`, published: 0, fetchedAt: 0, country: 'US', backlog: false, ...overrides };
}

function thread(articles: Article[]): ThreadRecord {
  const leanCounts = Object.fromEntries(LEANS.map((lean) => [lean, 0])) as Record<Lean, number>;
  for (const a of articles) leanCounts[a.lean] += 1;
  return { id: 't1', slug: 'story', aliases: [], ...EMPTY_FACETS, title: 'Story', firstSeen: 0, lastUpdated: 0, articleCount: articles.length, outletCount: 3, leanCounts, countryCounts: {}, isPublic: true, status: 'active', version: 7 };
}

const sideText = (articles: Article[]) => articles.map((a) => [a.title, a.summary, a.text ?? ''].join('\n'));

function expectNoDuplicates(sentences: readonly PickedSentence[], articles: Article[]) {
  const keys = sentences.map((s) => dedupKey(s.text));
  expect(new Set(keys).size).toBe(keys.length);
  const pool = buildSentencePool(articles);
  const vectors = sentences.map((s) => pool.sentences.find((p) => p.text === s.text)?.vector);
  for (let i = 0; i < vectors.length; i += 1) {
    for (let j = i + 1; j < vectors.length; j += 1) {
      const [a, b] = [vectors[i], vectors[j]];
      if (a && b) expect(cosine(a, b)).toBeLessThan(NEAR_DUPLICATE_SIMILARITY);
    }
  }
}

describe('extractive summaries of the BASIL triplets (real leans from outlets.csv)', () => {
  const events = basilEvents();

  it('reads 100 events, each covered by a left-leaning and a right-leaning outlet', () => {
    expect(events.size).toBe(100);
    expect(outlets.lookup('nytimes.com').lean).toBe('lean-left');
    expect(outlets.lookup('huffingtonpost.com').lean).toBe('left');
    expect(outlets.lookup('foxnews.com').lean).toBe('right');
  });

  it('for every event, each side paragraph uses only sentences printed by that side and cites only that side', () => {
    for (const articles of events.values()) {
      const parts = extractiveParts(articles);
      for (const side of ['left', 'right'] as const) {
        const sideArticles = articles.filter((a) => leanBucket(a.lean) === side);
        const texts = sideText(sideArticles);
        const names = new Set(sideArticles.map((a) => a.outletName));
        const picked = parts.perspectives[side];
        expect(picked, side).not.toBeNull();
        expect(picked?.length).toBeGreaterThan(0);
        for (const sentence of picked ?? []) {
          expect(texts.some((text) => text.includes(sentence.text)), `${side}: "${sentence.text}"`).toBe(true);
          for (const source of sentence.sources) expect(names.has(source), `${side} cites ${source}`).toBe(true);
        }
        expect(joinSentences(picked ?? []).length).toBeLessThanOrEqual(PERSPECTIVE_BUDGET.maxChars);
      }
      expect(parts.perspectives.center).toBeNull();
    }
  });

  it('for every event, the summary is 3–4 distinct sentences from the articles, in time order, within budget', () => {
    const all = (articles: Article[]) => sideText(articles);
    for (const articles of events.values()) {
      const { summary } = extractiveParts(articles);
      expect(summary.length).toBeGreaterThanOrEqual(3);
      expect(summary.length).toBeLessThanOrEqual(SUMMARY_BUDGET.maxSentences);
      expect(joinSentences(summary).length).toBeLessThanOrEqual(SUMMARY_BUDGET.maxChars);
      for (const sentence of summary) expect(all(articles).some((text) => text.includes(sentence.text))).toBe(true);
      expectNoDuplicates(summary, articles);
      const times = summary.map((s) => s.published);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
  });

  it('the digest cites outlets by name, says nothing for an uncovered side and carries the thread version', async () => {
    const articles = [...events.values()][0] ?? [];
    const digest = await createExtractiveSummarizer({ now: () => 123 }).summarize({ thread: thread(articles), articles });
    expect(digest).toMatchObject({ threadId: 't1', version: 7, generatedAt: 123, generator: 'extractive' });
    const printed = articles.map((a) => `${a.title}\n${a.summary}\n${a.text ?? ''}`).join('\n');
    for (const item of digest.qa) expect(printed).toContain(item.answer);
    expect(digest.perspectives.center).toBeNull();
    expect(digest.perspectives.left?.sources.sort()).toEqual(expect.arrayContaining(['Huffington Post']));
    expect(digest.perspectives.right?.sources).toEqual(['Fox News']);
    expect(digest.summary.text.length).toBeGreaterThan(0);
  });
});

describe('extractive selection', () => {
  const wire = 'The central bank raised its benchmark interest rate by half a point on Tuesday, the largest increase in two decades.';

  it('collapses a sentence syndicated by several outlets into one, citing all of them', () => {
    const articles = ['a', 'b', 'c'].map((id, index) =>
      article({
        id,
        outletName: `Outlet ${id.toUpperCase()}`,
        lean: 'center',
        published: 1_000 + index,
        title: `Rates rise ${id}`,
        text: `${wire} Officials in city ${id} said markets reacted calmly to the widely expected decision by the bank. Economists in region ${id} expect inflation to slow gradually over the coming months and years.`,
      }),
    );
    const { summary, perspectives } = extractiveParts(articles);
    const wireCopies = summary.filter((s) => s.text === wire);
    expect(wireCopies).toHaveLength(1);
    expect(wireCopies[0]?.sources.sort()).toEqual(['Outlet A', 'Outlet B', 'Outlet C']);
    expect(perspectives.left).toBeNull();
    expect(perspectives.right).toBeNull();
    expectNoDuplicates(summary, articles);
  });

  it('summarises headline-only threads from their headlines', () => {
    const articles = [
      article({ id: 'a', outletName: 'A', lean: 'left', published: 1, title: 'Senate passes budget bill after all-night session' }),
      article({ id: 'b', outletName: 'B', lean: 'right', published: 2, title: 'Budget bill clears Senate, heads to House' }),
      article({ id: 'c', outletName: 'C', lean: 'unrated', published: 3, title: 'House leaders promise quick vote on Senate budget bill' }),
    ];
    const { summary, perspectives } = extractiveParts(articles);
    expect(summary.map((s) => s.text)).toContain('Senate passes budget bill after all-night session');
    expect(joinSentences(summary)).toMatch(/session\. /);
    expect(perspectives.right?.map((s) => s.text)).toEqual(['Budget bill clears Senate, heads to House']);
    expect(perspectives.center).toBeNull();
  });

  it('returns the same digest text for the same articles in any order', async () => {
    const articles = [...basilEvents().values()][3] ?? [];
    const summarizer = createExtractiveSummarizer({ now: () => 0 });
    const forward = await summarizer.summarize({ thread: thread(articles), articles });
    const reversed = await summarizer.summarize({ thread: thread(articles), articles: [...articles].reverse() });
    expect(reversed).toEqual(forward);
  });
});

describe('bounding the articles a summary reads', () => {
  it('caps each side separately, keeping the newest, so a flood from one side cannot hide another', () => {
    const left = Array.from({ length: 300 }, (_, i) => article({ id: `l${i}`, outletName: 'L', lean: 'left', published: i, title: `Budget vote number ${i % 7} in the Senate` }));
    const right = Array.from({ length: 5 }, (_, i) => article({ id: `r${i}`, outletName: 'R', lean: 'right', published: i, title: 'Senate budget vote' }));
    const kept = boundArticles([...left, ...right], 50);
    expect(kept.filter((a) => a.lean === 'right')).toHaveLength(5);
    const keptLeft = kept.filter((a) => a.lean === 'left');
    expect(keptLeft).toHaveLength(50);
    for (let i = 275; i < 300; i += 1) expect(keptLeft.some((a) => a.id === `l${i}`)).toBe(true);
    expect(kept.map((a) => a.published)).toEqual([...kept.map((a) => a.published)].sort((a, b) => a - b));
  });
});

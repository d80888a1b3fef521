import { describe, expect, it } from 'vitest';
import { LEANS, type Lean } from '../../src/core/lean.js';
import { EMPTY_FACETS, type ThreadRecord } from '../../src/core/thread.js';
import { changedMaterially, summaryBasis } from '../../src/core/summaries/materiality.js';

const noLeans = Object.fromEntries(LEANS.map((lean) => [lean, 0])) as Record<Lean, number>;
const thread = (overrides: Partial<ThreadRecord> = {}): ThreadRecord => ({
  id: 't', slug: 't', aliases: [], ...EMPTY_FACETS, title: 'Title', firstSeen: 0, lastUpdated: 0, articleCount: 100, outletCount: 10,
  leanCounts: { ...noLeans, left: 40, unrated: 60 }, countryCounts: {}, isPublic: true, status: 'active', version: 1, ...overrides,
});

describe('whether a thread changed enough to re-summarise', () => {
  const basis = summaryBasis(thread());

  it('records the covered sides of the spectrum, not unrated', () => {
    expect(basis).toEqual({ version: 1, title: 'Title', articleCount: 100, buckets: ['left'] });
  });

  it('ignores a few more articles on a large thread', () => {
    expect(changedMaterially(basis, thread({ version: 5, articleCount: 104 }))).toBe(false);
  });

  it('counts five more articles, or 20 % growth on a small thread, as material', () => {
    expect(changedMaterially(basis, thread({ articleCount: 105 }))).toBe(true);
    const small = summaryBasis(thread({ articleCount: 4 }));
    expect(changedMaterially(small, thread({ articleCount: 5 }))).toBe(true);
  });

  it('counts a new headline or a side covering the story for the first time as material', () => {
    expect(changedMaterially(basis, thread({ title: 'New title' }))).toBe(true);
    expect(changedMaterially(basis, thread({ articleCount: 101, leanCounts: { ...noLeans, left: 40, 'lean-right': 1, unrated: 60 } }))).toBe(true);
    expect(changedMaterially(basis, thread({ articleCount: 101, leanCounts: { ...noLeans, left: 40, unrated: 61 } }))).toBe(false);
  });
});

import { LEAN_BUCKETS, LEANS, leanBucket, type LeanBucket } from '../lean.js';
import type { ThreadRecord } from '../thread.js';

/** The thread state a digest was computed from. */
export interface SummaryBasis {
  version: number;
  title: string;
  articleCount: number;
  /** Sides of the spectrum that had coverage. */
  buckets: LeanBucket[];
}

/** A thread must grow by this share of its size, or by this many articles, before it is re-summarised. */
export const MATERIAL_GROWTH_RATIO = 0.2;
export const MATERIAL_GROWTH_ARTICLES = 5;

export function summaryBasis(thread: ThreadRecord): SummaryBasis {
  const covered = new Set<LeanBucket>();
  for (const lean of LEANS) {
    const bucket = leanBucket(lean);
    if (bucket !== 'unrated' && (thread.leanCounts[lean] ?? 0) > 0) covered.add(bucket);
  }
  return { version: thread.version, title: thread.title, articleCount: thread.articleCount, buckets: LEAN_BUCKETS.filter((b) => covered.has(b)) };
}

/**
 * Whether a digest computed at `previous` no longer describes `thread`. Every new article bumps the
 * version, but one more article rarely changes what a summary should say; a side that was silent
 * starting to report does (it fills a blindspot), as does a new headline or substantial growth.
 */
export function changedMaterially(previous: SummaryBasis, thread: ThreadRecord): boolean {
  const current = summaryBasis(thread);
  if (current.title !== previous.title) return true;
  if (current.buckets.some((bucket) => !previous.buckets.includes(bucket))) return true;
  const growth = current.articleCount - previous.articleCount;
  return growth >= MATERIAL_GROWTH_ARTICLES || (growth > 0 && growth >= previous.articleCount * MATERIAL_GROWTH_RATIO);
}

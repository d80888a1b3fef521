/** One thread's place in a ranking run, in the order the run ranked them. */
export interface RankEntry {
  threadId: string;
  rank: number;
  virality: number;
}

export interface RankCandidate {
  threadId: string;
  /** Unrounded virality (the displayed score is rounded to one decimal and ties too often). */
  viralityRaw: number;
  articleCount: number;
  lastUpdated: number;
}

/**
 * Highest virality first; ties go to the bigger, then the more recently updated story, then the
 * thread id, so the same inputs always give the same ranking (a retried run must agree with itself).
 */
export function orderByVirality<T extends RankCandidate>(candidates: readonly T[]): T[] {
  return [...candidates].sort(
    (a, b) =>
      b.viralityRaw - a.viralityRaw ||
      b.articleCount - a.articleCount ||
      b.lastUpdated - a.lastUpdated ||
      (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : 0),
  );
}

import type { ArticleText } from './features.js';
import type { Term } from './thread-state.js';

/**
 * The threading log: every change the engine makes to its index is one of these entries, written
 * to the store in the same atomic step as the change readers see. Live decisions and replays of the
 * log go through the same `commit`, so any process replaying the log holds the same index.
 */

export interface ThreadingArticle extends ArticleText {
  id: string;
  published: number;
  outlet: string;
  /** Carried for strays only (a move re-counts them in another thread); threading never reads them. */
  lean?: string;
  country?: string;
}

/** One article joining (or founding) a thread. */
export interface AssignmentEntry {
  kind: 'assign';
  articleId: string;
  threadId: string;
  published: number;
  outlet: string;
  title: string;
  /** Article vector: [feature, weight before IDF]. */
  terms: Term[];
  /** Distinct features for document frequencies. */
  dfTerms: string[];
  /** Names among `terms` (slug choice prefers them). */
  names: string[];
  /** Unstemmed forms of features this article introduced. */
  surfaces: [string, string][];
  /** Joined weakly (an outlier of its thread): never leads its title, summary or latest coverage. */
  stray?: boolean;
  /** For strays: what the store counts per article, so a later move can re-count it. */
  lean?: string;
  country?: string;
}

export interface MergeEntry {
  kind: 'merge';
  from: string;
  into: string;
}

/** A stray moving to a thread it fits better (it joins that thread's core). */
export interface MoveEntry {
  kind: 'move';
  articleId: string;
  from: string;
  into: string;
}

export type ThreadingEntry = AssignmentEntry | MergeEntry | MoveEntry;
/** What a merge pass plans: applied one by one, each its own atomic store change. */
export type PlannedEntry = MergeEntry | MoveEntry;

import type { PostingsSnapshot } from './candidate-index.js';
import type { PlannedEntry } from './log-entries.js';
import type { StreamClockSnapshot } from './stream-clock.js';
import type { Headline, NormTerms, Term, ThreadState } from './thread-state.js';
import type { VocabularySnapshot } from './vocabulary.js';

/**
 * The whole threading index as JSON, so a new process can skip the log up to the snapshot's
 * sequence number. It is exact: every piece of state the engine decides with is written as it is
 * — maps and sets in their iteration order, posting lists in recency order, norm terms and
 * headline centralities as the numbers they are (JSON round-trips doubles exactly), the stream
 * clock's window, the threads touched since the last merge point and the plans not yet committed —
 * so `restore(snapshot())` decides exactly as the engine that wrote it (a test checks that a
 * restored engine writes the identical snapshot). Scratch fields of a lookup are not state.
 */

/** Bumped when the format changes; a format this engine cannot read is refused (the log can rebuild the index). */
export const SNAPSHOT_VERSION = 3;
/** Format 2 lacked `recentTime`; it is read with the thread's last core time in its place. */
const READABLE_VERSIONS = new Set([2, SNAPSHOT_VERSION]);

/** A recent stray, remembered so it can move to a thread it fits better. */
export interface StrayRecord {
  articleId: string;
  threadId: string;
  terms: Term[];
  names: string[];
  title: string;
  outlet: string;
  published: number;
  lean: string;
  country: string;
  /** Stream position (articles committed) when it joined. */
  joinedAt: number;
  /**
   * Whether at its last check another thread took it as core (score ≥ strayScore) though it stayed
   * (engine.ts planMoves); absent in snapshots written before the flag (then it is checked).
   */
  contender?: boolean;
}

export interface EngineState {
  assignments: number;
  vocabulary: VocabularySnapshot;
  clock: StreamClockSnapshot;
  threads: ThreadState[];
  touched: string[];
  pending: PlannedEntry[];
  strays: StrayRecord[];
  postings: PostingsSnapshot;
}

interface SavedThread {
  id: string;
  centroid: [string, number][];
  normTerms: NormTerms;
  count: number;
  firstSeen: number;
  lastUpdated: number;
  coreCount: number;
  coreFirst: number;
  coreLast: number;
  recentTime?: number;
  headlines: Headline[];
  names: string[];
  outlets: string[];
  slugIssued: boolean;
  publicSince: number;
  indexed: string[];
  indexCutoff: number;
}

interface Saved extends Omit<EngineState, 'threads'> {
  version: number;
  threads: SavedThread[];
}

export class SnapshotVersionError extends Error {
  override readonly name = 'SnapshotVersionError';
}

export function writeSnapshot(state: EngineState): string {
  const saved: Saved = {
    version: SNAPSHOT_VERSION,
    ...state,
    threads: state.threads.map((thread) => ({
      id: thread.id,
      centroid: [...thread.centroid],
      normTerms: thread.normTerms,
      count: thread.count,
      firstSeen: thread.firstSeen,
      lastUpdated: thread.lastUpdated,
      coreCount: thread.coreCount,
      coreFirst: thread.coreFirst,
      coreLast: thread.coreLast,
      recentTime: thread.recentTime,
      headlines: thread.headlines,
      names: [...thread.names],
      outlets: [...thread.outlets],
      slugIssued: thread.slugIssued,
      publicSince: thread.publicSince,
      indexed: [...thread.indexed],
      indexCutoff: thread.indexCutoff,
    })),
  };
  return JSON.stringify(saved);
}

export function readSnapshot(data: string): EngineState {
  const saved = JSON.parse(data) as Saved;
  if (!READABLE_VERSIONS.has(saved.version)) throw new SnapshotVersionError(`threading snapshot has format ${String(saved.version)}, this engine reads ${SNAPSHOT_VERSION}`);
  return {
    ...saved,
    threads: saved.threads.map((thread) => ({
      ...thread,
      recentTime: thread.recentTime ?? thread.coreLast,
      centroid: new Map(thread.centroid),
      normTerms: { ...thread.normTerms },
      headlines: thread.headlines.map((headline) => ({ ...headline })),
      names: new Set(thread.names),
      outlets: new Set(thread.outlets),
      indexed: new Set(thread.indexed),
      lookupStamp: 0,
      lookupScore: 0,
    })),
  };
}

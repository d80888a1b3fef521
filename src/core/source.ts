/**
 * Per-source polling state and health, as the poll job writes it and `/sources`, /healthz and the
 * `sources` CLI read it. Timestamps are epoch ms; null means "never".
 */

export interface SourceHealth {
  /** Source id, under both names its readers use (/sources says `id`, /healthz `sourceId`). */
  id: string;
  sourceId: string;
  name: string;
  url: string;
  lastPollAt: number | null;
  lastSuccessAt: number | null;
  lastErrorAt: number | null;
  /** Human-readable, e.g. "HTTP 404 Not Found: the feed URL does not exist". */
  lastError: string | null;
  consecutiveFailures: number;
  /** Articles this source contributed (new ones only, duplicates not counted). */
  articlesSeen: number;
  disabled: boolean;
  disabledReason: string | null;
  /** Backoff: polls before this time are skipped. */
  nextPollAt: number | null;
  firstPollDone: boolean;
}

export interface SourcePollState {
  /** Feed URL of the last poll; undefined before the first one. */
  url: string | undefined;
  etag: string | undefined;
  lastModified: string | undefined;
  firstPollDone: boolean;
  disabled: boolean;
  nextPollAt: number | null;
  consecutiveFailures: number;
}

export interface SourceIdentity {
  id: string;
  name: string;
  url: string;
}

export interface SourcePollOutcome {
  at: number;
  etag: string | undefined;
  lastModified: string | undefined;
  articlesStored: number;
}

/** One finished replay (`replay FILE.jsonl`): its feeds existed only while it ran. */
export interface ReplayRun {
  /** The stream file's name, as given on the command line. */
  file: string;
  feeds: number;
  polls: number;
  /** Articles the replay's polls stored (duplicates not counted). */
  articles: number;
  /** Stream time covered, epoch ms. */
  from: number;
  to: number;
  finishedAt: number;
}

/** What every replay on one prefix polled, kept after its feeds' health records are removed. */
export interface ReplayHistory {
  replays: number;
  /** Replayed polls over all replays on this prefix. */
  polls: number;
  last: ReplayRun;
}

/** The source store: one record per configured source that has been polled. */
export interface SourceStore {
  getPollState(sourceId: string): Promise<SourcePollState>;
  recordSuccess(source: SourceIdentity, outcome: SourcePollOutcome): Promise<void>;
  recordNotModified(source: SourceIdentity, at: number): Promise<void>;
  /**
   * Counts the failure and returns the new count; the caller decides the backoff and whether
   * to disable, then calls `applyBackoff`.
   */
  recordFailure(source: SourceIdentity, failure: { at: number; error: string }): Promise<number>;
  applyBackoff(sourceId: string, backoff: { nextPollAt: number; disabledReason?: string }): Promise<void>;
  /** Re-enables a disabled source and clears its backoff (operator action). */
  enable(sourceId: string): Promise<void>;
  /**
   * The sources file now points this source at another feed: health, validators and backlog
   * marking start over, as for a new source (the articles it already stored stay deduped).
   */
  resetForNewUrl(source: SourceIdentity): Promise<void>;
  /** Forgets a source that left the sources file. */
  remove(sourceId: string): Promise<void>;
  getHealth(sourceId: string): Promise<SourceHealth | null>;
  /** Every source that has been polled at least once, sorted by id. */
  listHealth(): Promise<SourceHealth[]>;
  /** Adds a finished replay to the history (`/sources` counts replayed polls as polls). */
  recordReplay(run: ReplayRun): Promise<void>;
  /** null when no replay has finished on this prefix. */
  getReplayHistory(): Promise<ReplayHistory | null>;
}

/** The threading engine's tunable constants, each with the reason for its value. */
export interface ThreadingOptions {
  /**
   * Cosine (after the time discount) an article needs with a thread centroid to join it. Two
   * headlines about one event typically share their one or two rare names and little else; in the
   * centroid those names carry most of the weight, so even a reworded headline scores well above
   * this, while a headline sharing only one common word ("stocks", "Obama") with a thread, its
   * weight cut by IDF and diluted among the headline's other words, stays below it.
   */
  joinThreshold: number;
  /**
   * An article that joins with less than this — twice the join threshold: the evidence of about
   * one shared word rather than of the story — is a stray of its thread (see assignment.ts): it
   * counts, but never leads the thread's title, summary or latest coverage, does not keep the
   * thread alive (time is measured against the core), and moves to a thread it fits better when
   * one appears.
   */
  strayScore: number;
  /**
   * Centroid-to-centroid cosine at which two threads count as one story: the same standard an
   * article must meet to join a thread. What keeps merges conservative is time: the two threads'
   * activity must overlap or nearly so (`mergeHalfLifeMs`), i.e. they are fragments of one burst
   * that formed before the story's vocabulary settled.
   */
  mergeThreshold: number;
  /**
   * Time proximity follows each thread's own tempo (the intuition of Hawkes-process clustering):
   * a thread that received an article every few seconds and then fell silent for a day has ended
   * its burst, while one that gets an article a day is still alive after a quiet day. The pull of
   * a thread halves after `tempoHalfLifeGaps` of its expected gaps between articles; the expected
   * gap is the thread's observed mean gap, smoothed towards `priorGapMs` (one news cycle) so a
   * young thread is neither immortal nor forgotten within minutes.
   */
  tempoHalfLifeGaps: number;
  priorGapMs: number;
  /**
   * Merges join fragments of one burst: their core activity must overlap or nearly so, by both
   * threads' tempo and within this half-life.
   */
  mergeHalfLifeMs: number;
  /**
   * Articles between merge points (a typical poll's worth). Counted in the stream, not per batch,
   * so batch sizes and restarts never move a merge point.
   */
  mergeEvery: number;
  /** Threads idle this long (stream time) leave the index and are archived. */
  archiveAfterMs: number;
}

const HOUR = 3_600_000;

export const DEFAULT_THREADING_OPTIONS: ThreadingOptions = {
  joinThreshold: 0.15,
  strayScore: 0.3,
  mergeThreshold: 0.15,
  tempoHalfLifeGaps: 8,
  priorGapMs: 24 * HOUR,
  mergeHalfLifeMs: 6 * HOUR,
  mergeEvery: 100,
  archiveAfterMs: 14 * 24 * HOUR,
};

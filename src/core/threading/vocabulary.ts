import { observeCase, type CaseCounts } from './features.js';

/**
 * What the threading index knows about words: document frequencies (for IDF), how often a word was
 * seen capitalised mid-sentence (for the name heuristic in features.ts) and the plain spelling of
 * each stem (for slugs and facets).
 *
 * Document frequencies decay in stream time. Every article counts with weight 2^(t/H) — t its
 * stream-clock time, H = DF_HALF_LIFE_MS — so a word's frequency a fortnight ago weighs a quarter
 * of today's, and IDF describes the news of the last few weeks rather than everything since the
 * process started. Without decay, IDF drifts for months: the frequent words' IDF stays put while a
 * new story's names, compared with an ever larger N, look rarer every week, so the same headlines
 * score differently on day 60 than on day 1.
 *
 * Weights are stored in units of the weight at `epoch`. Once per half-life of stream time the
 * tables are rescaled to a new epoch (so numbers stay small) and words whose decayed frequency fell
 * below MIN_DF (one article seen ~4 half-lives ago) are forgotten: memory follows the vocabulary
 * of the last weeks, not of all time. Smoothing uses one article at epoch weight:
 * idf = ln((N + 1) / (df + 1)) + 1, positive even for a word in every article.
 */

/** A week of news: stories of last week still shape what is common, last month's barely. */
export const DF_HALF_LIFE_MS = 7 * 24 * 3_600_000;
/** Decayed frequency below which a word is forgotten: one sighting about four half-lives ago. */
const MIN_DF = 1 / 16;
/** Hard caps, should a burst bring more new words within one half-life than any news stream does. */
const MAX_VOCABULARY = 500_000;
/** Capitalisation evidence: sightings at or below this many are dropped at rescaling. */
const RARE_CASE_SIGHTINGS = 2;

interface WordFrequency {
  df: number;
  logDf: number;
}

export interface VocabularySnapshot {
  epoch: number | null;
  documents: number;
  documentFrequency: [string, number][];
  caseStats: [string, number, number][];
  surfaces: [string, string][];
}

export function createVocabulary() {
  /** Stream time whose article weight is 1; null until the first article. */
  let epoch: number | null = null;
  /** Σ article weights (N, in epoch units). */
  let documents = 0;
  /**
   * Per word: its decayed document frequency and ln(df + 1), kept together so scoring needs no
   * logarithms and counting a word already seen is one lookup (the table holds every word of the
   * last weeks: on the long stream about 110k at steady state, where lookups miss the cache).
   */
  const frequencies = new Map<string, WordFrequency>();
  /** ln(N + 1) + 1. */
  let logDocumentCount = 1;
  const caseStats = new Map<string, CaseCounts>();
  const surfaces = new Map<string, string>();

  function setFrequency(feature: string, value: number): void {
    frequencies.set(feature, { df: value, logDf: Math.log(value + 1) });
  }

  /** Drops the rarest words until the table fits; returns whether anything was dropped. */
  function capTables(): boolean {
    let dropped = false;
    for (let cutoff = MIN_DF * 2; frequencies.size > MAX_VOCABULARY; cutoff *= 2) {
      for (const [feature, entry] of frequencies) {
        if (entry.df > cutoff) continue;
        frequencies.delete(feature);
        dropped = true;
      }
    }
    if (dropped) for (const feature of surfaces.keys()) if (!frequencies.has(feature)) surfaces.delete(feature);
    for (let sightings = RARE_CASE_SIGHTINGS; caseStats.size > MAX_VOCABULARY; sightings *= 2) {
      for (const [word, counts] of caseStats) if (counts.capitalised + counts.lower <= sightings) caseStats.delete(word);
    }
    return dropped;
  }

  /** Rescales every weight to a new epoch at `clock`, forgetting what decayed below MIN_DF. */
  function rescale(clock: number): boolean {
    const factor = Math.pow(2, -(clock - (epoch ?? clock)) / DF_HALF_LIFE_MS);
    epoch = clock;
    documents *= factor;
    logDocumentCount = Math.log(documents + 1) + 1;
    for (const [feature, entry] of frequencies) {
      const scaled = entry.df * factor;
      if (scaled < MIN_DF) frequencies.delete(feature);
      else {
        entry.df = scaled;
        entry.logDf = Math.log(scaled + 1);
      }
    }
    for (const feature of surfaces.keys()) if (!frequencies.has(feature)) surfaces.delete(feature);
    for (const [word, counts] of caseStats) if (counts.capitalised + counts.lower <= RARE_CASE_SIGHTINGS) caseStats.delete(word);
    capTables();
    return true;
  }

  return {
    /** Smoothed IDF of a word now. */
    idf(feature: string): number {
      return logDocumentCount - (frequencies.get(feature)?.logDf ?? 0);
    },
    /** ln(df + 1): the per-word part of IDF (threads keep norm terms with it, see thread-state.ts). */
    logFrequency(feature: string): number {
      return frequencies.get(feature)?.logDf ?? 0;
    },
    /** ln(N + 1) + 1: the shared part of IDF. */
    logDocumentCount(): number {
      return logDocumentCount;
    },
    caseStats: caseStats as ReadonlyMap<string, CaseCounts>,
    surface(feature: string): string | undefined {
      return surfaces.get(feature);
    },
    hasSurface(feature: string): boolean {
      return surfaces.has(feature);
    },

    /**
     * Counts one article at stream time `clock`. Returns true when the tables had to be rescaled
     * first (the clock jumped a half-life or more since the epoch): IDF values changed.
     */
    count(features: readonly string[], newSurfaces: readonly [string, string][], title: string, clock: number): boolean {
      epoch ??= clock;
      const rescaled = clock - epoch >= DF_HALF_LIFE_MS && rescale(clock);
      const weight = Math.pow(2, (clock - epoch) / DF_HALF_LIFE_MS);
      documents += weight;
      logDocumentCount = Math.log(documents + 1) + 1;
      for (const feature of features) {
        const entry = frequencies.get(feature);
        if (entry === undefined) setFrequency(feature, weight);
        else {
          entry.df += weight;
          entry.logDf = Math.log(entry.df + 1);
        }
      }
      for (const [feature, surface] of newSurfaces) if (!surfaces.has(feature)) surfaces.set(feature, surface);
      observeCase(title, caseStats);
      return rescaled;
    },

    /**
     * Once a half-life of stream time has passed since the epoch, rescales every weight to a new
     * epoch at `clock` and forgets words whose decayed frequency fell below MIN_DF. Returns true when
     * IDF values changed (threads must refresh their norm terms).
     */
    maintain(clock: number): boolean {
      if (epoch === null) return false;
      if (clock - epoch < DF_HALF_LIFE_MS) return frequencies.size > MAX_VOCABULARY || caseStats.size > MAX_VOCABULARY ? capTables() : false;
      return rescale(clock);
    },

    size(): { documentFrequency: number; caseStats: number; surfaces: number } {
      return { documentFrequency: frequencies.size, caseStats: caseStats.size, surfaces: surfaces.size };
    },

    snapshot(): VocabularySnapshot {
      return {
        epoch,
        documents,
        documentFrequency: [...frequencies].map(([feature, entry]) => [feature, entry.df] as [string, number]),
        caseStats: [...caseStats].map(([word, counts]) => [word, counts.capitalised, counts.lower]),
        surfaces: [...surfaces],
      };
    },

    restore(saved: VocabularySnapshot): void {
      epoch = saved.epoch;
      documents = saved.documents;
      logDocumentCount = Math.log(documents + 1) + 1;
      frequencies.clear();
      for (const [feature, value] of saved.documentFrequency) setFrequency(feature, value);
      caseStats.clear();
      for (const [word, capitalised, lower] of saved.caseStats) caseStats.set(word, { capitalised, lower });
      surfaces.clear();
      for (const [feature, surface] of saved.surfaces) surfaces.set(feature, surface);
    },
  };
}

export type Vocabulary = ReturnType<typeof createVocabulary>;

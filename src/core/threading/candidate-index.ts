import type { Vocabulary } from './vocabulary.js';
import { type Query, type Term, type ThreadState } from './thread-state.js';

/**
 * The inverted index that finds candidate threads for an article: each live thread is posted under
 * its INDEX_TERMS most salient terms, each posting list keeps its POSTING_CAP most recently updated
 * threads, and a lookup reads the posting lists of the article's QUERY_TERMS strongest terms only.
 * So a lookup costs at most QUERY_TERMS × POSTING_CAP steps however many threads exist, and the
 * best MAX_CANDIDATES by summed query weight go on to the full cosine.
 *
 * Posting lists are ordered (insertion order = recency, the stale end is dropped past the cap), and
 * that order decides which thread falls off a full list, so the snapshot stores it as it is.
 */

/** Terms used to look up candidate threads (the strongest of the article's terms). */
export const QUERY_TERMS = 10;
/**
 * Threads retained per posting list: the most recently updated ones. A term salient in more live
 * threads than this is a recurring subject's word ("stocks", "Obama"), and its older threads are
 * earlier events of that subject: keeping them costs lookups and invites chaining, while the
 * thread an article belongs to is found through its rarer terms or is among the term's recent ones.
 * Measured when lowered from 64 to 32: dev file and BASIL unchanged; the long stream's precision
 * rose from 0.86 to 0.88 and its largest thread fell from 1,189 to 971 articles; the steady-state
 * lookup costs half as much. From 32 to 16: dev file, BASIL and BASIL's short titles unchanged; the
 * long stream 0.876 / 0.738 / 0.801 → 0.913 / 0.763 / 0.831 (largest thread 971 → 306 articles);
 * UCI's short titles, where every thread is live at one instant (the largest live set we have, the
 * case a small cap could starve), gained recall (0.719 → 0.729); the 15-day-gap stream 0.865 → 0.864.
 * The long streams are built from the in-sample UCI file.
 */
export const POSTING_CAP = 16;
/** Candidates scored with the full cosine. */
export const MAX_CANDIDATES = 16;
/** Terms a thread is findable by. */
export const INDEX_TERMS = 24;

export type PostingsSnapshot = [string, string[]][];

export function createCandidateIndex() {
  const postings = new Map<string, Set<ThreadState>>();
  /** Marks threads already scored in the lookup in progress (avoids a per-lookup map). */
  let lookupStamp = 0;

  function post(feature: string, thread: ThreadState): void {
    let posting = postings.get(feature);
    if (!posting) {
      posting = new Set();
      postings.set(feature, posting);
    }
    // Re-inserting moves the thread to the fresh end; the stale end is dropped past the cap.
    posting.delete(thread);
    posting.add(thread);
    if (posting.size > POSTING_CAP) {
      const oldest = posting.values().next().value;
      if (oldest !== undefined) {
        posting.delete(oldest);
        oldest.indexed.delete(feature);
      }
    }
  }

  function unpost(feature: string, thread: ThreadState): void {
    const posting = postings.get(feature);
    if (!posting) return;
    posting.delete(thread);
    if (posting.size === 0) postings.delete(feature);
  }

  return {
    /** The best MAX_CANDIDATES threads sharing the query's strongest terms (`exclude` left out). */
    candidates(query: Query, exclude?: string): ThreadState[] {
      lookupStamp += 1;
      const hit: ThreadState[] = [];
      for (let index = 0; index < query.length && index < QUERY_TERMS; index++) {
        const { feature, value } = query[index]!;
        const posting = postings.get(feature);
        if (!posting) continue;
        for (const thread of posting) {
          if (thread.lookupStamp !== lookupStamp) {
            thread.lookupStamp = lookupStamp;
            thread.lookupScore = 0;
            if (thread.id !== exclude) hit.push(thread);
          }
          thread.lookupScore += value;
        }
      }
      // Partial selection of the best MAX_CANDIDATES: hits can number hundreds, a full sort is waste.
      const best: ThreadState[] = [];
      for (const thread of hit) {
        const score = thread.lookupScore;
        if (best.length === MAX_CANDIDATES && score <= best[MAX_CANDIDATES - 1]!.lookupScore) continue;
        let position = best.length === MAX_CANDIDATES ? MAX_CANDIDATES - 1 : best.length;
        while (position > 0 && best[position - 1]!.lookupScore < score) position--;
        best.splice(position, 0, thread);
        if (best.length > MAX_CANDIDATES) best.pop();
      }
      return best;
    },

    /** Posts the thread under its INDEX_TERMS most salient terms (`ranked`, strongest first). */
    reindex(thread: ThreadState, ranked: readonly Term[]): void {
      const top = ranked.slice(0, INDEX_TERMS);
      const next = new Set(top.map(([feature]) => feature));
      for (const feature of thread.indexed) if (!next.has(feature)) unpost(feature, thread);
      for (const feature of next) post(feature, thread);
      thread.indexed = next;
      thread.indexCutoff = top.at(-1)?.[1] ?? 0;
    },

    /** Cheap path between re-ranks: refreshes the thread in the lists of a new article's strong terms. */
    postArticleTerms(thread: ThreadState, terms: readonly Term[], vocabulary: Vocabulary): void {
      for (const [feature] of terms) {
        if (thread.indexed.has(feature)) post(feature, thread);
        else if ((thread.centroid.get(feature) ?? 0) * vocabulary.idf(feature) >= thread.indexCutoff) {
          thread.indexed.add(feature);
          post(feature, thread);
        }
      }
    },

    remove(thread: ThreadState): void {
      for (const feature of thread.indexed) unpost(feature, thread);
      thread.indexed = new Set();
    },

    clear(): void {
      postings.clear();
    },

    snapshot(): PostingsSnapshot {
      return [...postings].map(([feature, threads]) => [feature, [...threads].map((thread) => thread.id)]);
    },

    /** Restores posting lists exactly (order included); threads' `indexed` sets are restored with them. */
    restore(saved: PostingsSnapshot, threads: ReadonlyMap<string, ThreadState>): void {
      postings.clear();
      for (const [feature, ids] of saved) {
        const posting = new Set<ThreadState>();
        for (const id of ids) {
          const thread = threads.get(id);
          if (thread) posting.add(thread);
        }
        if (posting.size > 0) postings.set(feature, posting);
      }
    },
  };
}

export type CandidateIndex = ReturnType<typeof createCandidateIndex>;

import type { QaAnswer, ThreadDigest } from '../digest.js';
import type { SummaryBasis } from './materiality.js';
import type { IndexedSentence } from './retrieval.js';

/**
 * The digest store: per thread, the latest digest, the sentence index offline Q&A searches, and
 * the thread state the digest was computed from. The summary job writes it; `/thread` reads it.
 */
export interface DigestStore {
  /** The digest of the thread's latest summarised version; null until the first summary job ran. */
  get(threadId: string): Promise<ThreadDigest | null>;
  /** The thread state the stored digest was computed from (to decide whether a later change is material). */
  getBasis(threadId: string): Promise<SummaryBasis | null>;
  /** Stores the digest with its Q&A index; false when a newer version is already stored. */
  put(digest: ThreadDigest, sentences: readonly IndexedSentence[], basis?: SummaryBasis): Promise<boolean>;
  /** Offline Q&A: best-matching sentences from the thread's articles. */
  answer(threadId: string, question: string): Promise<QaAnswer>;
}

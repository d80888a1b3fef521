import type { Lean } from '../lean.js';
import type { ThreadFacets } from '../thread.js';

/**
 * What the threading engine asks a thread store to persist. Every write carries the sequence number
 * the engine's in-memory index was at when it decided (optimistic concurrency): a store applies it
 * only if nobody else has written since, so two workers can never build diverging indexes.
 */

/** The parts of an article the thread record aggregates. */
export interface ArticleFacts {
  id: string;
  outlet: string;
  published: number;
  lean: Lean;
  /** ISO alpha-2 or '' when unknown. */
  country: string;
}

/**
 * A write sent right behind others of its batch, without waiting for their replies (indexer.ts):
 * `token` names the batch, `follows` says an earlier write of the batch comes first. A store refuses
 * a following write unless the last write it applied carried the same token — so once one write of
 * a batch is refused, another worker's write can never make a later one of the batch line up with
 * the sequence number by accident. Writes without a chain count as a batch of their own.
 */
export interface WriteChain {
  token: string;
  follows: boolean;
}

export interface AssignmentWrite {
  article: ArticleFacts;
  threadId: string;
  /**
   * What the thread is about after this article joined (title, representative article, topic,
   * names); absent between facet points (engine.ts), when the store keeps the thread's facets.
   */
  facets?: ThreadFacets;
  /** Slug stem used only if this write makes the thread public (the store adds `-2`, `-3` on collision). */
  slugBase: string;
  expectedSeq: number;
  /** Serialised engine log entry; other processes replay it to keep their index identical. */
  logEntry: string;
  /** The article joined weakly: readers leave it out of the thread's latest coverage and summary. */
  stray?: boolean;
  chain?: WriteChain;
}

export interface MergeWrite {
  from: string;
  into: string;
  /** What the merged thread is about. */
  facets: ThreadFacets;
  slugBase: string;
  expectedSeq: number;
  logEntry: string;
  chain?: WriteChain;
}

/** A stray moving to a thread it fits better: out of one thread, into the other's core, counts exact. */
export interface MoveWrite {
  /** The stray's facts as counted when it joined (lean and country included). */
  article: ArticleFacts;
  from: string;
  into: string;
  /** What each thread is about after the move. */
  fromFacets: ThreadFacets;
  intoFacets: ThreadFacets;
  /** Slug stem used only if the move makes `into` public. */
  slugBase: string;
  expectedSeq: number;
  logEntry: string;
  chain?: WriteChain;
}

export type WriteResult =
  | { status: 'applied'; seq: number; version: number; slug: string | null; becamePublic: boolean }
  /** The article already is in a thread (a retried job): nothing changed. */
  | { status: 'duplicate'; threadId: string }
  /** Someone wrote since `expectedSeq`: catch up from the log and decide again. */
  | { status: 'stale'; seq: number };

export interface LogEntry {
  seq: number;
  entry: string;
}

/** Whole-index snapshot: restoring it and replaying the log after `seq` rebuilds the index. */
export interface IndexSnapshot {
  seq: number;
  data: string;
}

/** Threads reach readers (slug, ranking, subscriptions) once they look like a story, not a stray item. */
export const PUBLIC_MIN_ARTICLES = 3;
export const PUBLIC_MIN_OUTLETS = 2;

/**
 * What users may type for a slug: case, spaces, underscores, a leading `#` or `/` and stray
 * punctuation do not matter.
 */
export function normaliseSlugInput(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^[#/]+/, '')
    .replace(/[\s_]+/g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

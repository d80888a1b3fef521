import type { Job, JobsOptions } from 'bullmq';
import type { Article } from '../src/core/article.js';
import type { ThreadDigest } from '../src/core/digest.js';
import type { ThreadRecord } from '../src/core/thread.js';
import { changedMaterially, summaryBasis, type SummaryBasis } from '../src/core/summaries/materiality.js';
import { buildSentenceIndex, type IndexedSentence } from '../src/core/summaries/retrieval.js';
import type { Logger } from '../src/logger.js';
import { QUEUES, summarizeThreadPayload } from './contracts.js';
import { parseJobPayload } from './parse-payload.js';

/** Turns a thread's articles into a digest (extractive offline, or an LLM with extractive fallback). */
export interface Summarizer {
  /** What this summarizer produces when everything works; an LLM one may still fall back. */
  readonly generator: ThreadDigest['generator'];
  summarize(input: { thread: ThreadRecord; articles: Article[] }): Promise<ThreadDigest>;
}

export interface SummaryThreadSource {
  getThread(id: string): Promise<ThreadRecord | null>;
  /** `coreOnly`: leave out strays (articles that joined the thread weakly). */
  getArticleIds(id: string, options: { limit: number; order: 'newest' | 'oldest'; coreOnly?: boolean }): Promise<string[]>;
}

export interface SummaryArticleSource {
  /** Missing articles are left out (or returned as null), never an error. */
  getArticles(ids: string[]): Promise<(Article | null | undefined)[]>;
}

export interface DigestWriter {
  get(threadId: string): Promise<ThreadDigest | null>;
  getBasis(threadId: string): Promise<SummaryBasis | null>;
  put(digest: ThreadDigest, sentences: readonly IndexedSentence[], basis?: SummaryBasis): Promise<boolean>;
}

export interface SummarizeThreadDeps {
  threads: SummaryThreadSource;
  articles: SummaryArticleSource;
  summarizer: Summarizer;
  digests: DigestWriter;
  logger: Logger;
  /** Newest articles read per thread; the summarizer narrows further per side. */
  maxArticles?: number;
}

export interface SummarizeThreadResult {
  status: 'summarized' | 'up-to-date' | 'missing';
  generator: ThreadDigest['generator'] | null;
  /** True when an LLM is configured but the extractive digest was stored instead. */
  fallback: boolean;
}

/** A burst of articles arriving within this window triggers one summary, at its end. */
export const SUMMARIZE_DEBOUNCE_MS = 60_000;

/**
 * Options for `queue.add(QUEUES.summarizeThread, payload, summarizeJobOptions(id))`: BullMQ's
 * debounce mode — a delayed job per thread that each new add replaces and postpones — so a thread
 * receiving fifty articles in a minute is summarised once, after the burst.
 */
export function summarizeJobOptions(threadId: string, debounceMs = SUMMARIZE_DEBOUNCE_MS): JobsOptions {
  return {
    delay: debounceMs,
    deduplication: { id: `summarize:${threadId}`, ttl: debounceMs, extend: true, replace: true },
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { count: 1_000 },
    removeOnFail: { count: 5_000 },
  };
}

export function createSummarizeThreadProcessor(deps: SummarizeThreadDeps) {
  const maxArticles = deps.maxArticles ?? 500;
  return async (job: Job): Promise<SummarizeThreadResult> => {
    const { threadId } = parseJobPayload(summarizeThreadPayload, job.data, QUEUES.summarizeThread);

    const thread = await deps.threads.getThread(threadId);
    if (thread === null || thread.status === 'merged') return { status: 'missing', generator: null, fallback: false };

    const [stored, basis] = await Promise.all([deps.digests.get(threadId), deps.digests.getBasis(threadId)]);
    if (stored !== null && (stored.version >= thread.version || (basis !== null && !changedMaterially(basis, thread)))) {
      return { status: 'up-to-date', generator: stored.generator, fallback: false };
    }

    // A summary is about the story: strays (weak joiners) are left out of what it reads.
    const ids = await deps.threads.getArticleIds(threadId, { limit: maxArticles, order: 'newest', coreOnly: true });
    const articles = (await deps.articles.getArticles(ids)).filter((article): article is Article => article !== null && article !== undefined);
    if (articles.length === 0) return { status: 'missing', generator: null, fallback: false };

    const digest = await deps.summarizer.summarize({ thread, articles });
    const written = await deps.digests.put(digest, buildSentenceIndex(articles), summaryBasis(thread));
    const fallback = deps.summarizer.generator === 'llm' && digest.generator !== 'llm';
    deps.logger.debug({ threadId, version: thread.version, articles: articles.length, generator: digest.generator, written }, 'thread summarized');
    return { status: written ? 'summarized' : 'up-to-date', generator: digest.generator, fallback };
  };
}

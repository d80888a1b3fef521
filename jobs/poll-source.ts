import { UnrecoverableError, type Job } from 'bullmq';
import type { Article } from '../src/core/article.js';
import { PermanentFeedError, RateLimitedError, errorMessage } from '../src/core/errors.js';
import type { SourceIdentity, SourcePollOutcome, SourcePollState } from '../src/core/source.js';
import type { Source } from '../src/config/sources.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from '../src/feeds/backoff.js';
import { FeedGoneError } from '../src/feeds/errors.js';
import type { FeedReadResult, ReadFeedOptions } from '../src/feeds/read-feed.js';
import type { Logger } from '../src/logger.js';
import { QUEUES, pollSourcePayload } from './contracts.js';
import { parseJobPayload } from './parse-payload.js';

/**
 * One poll of one source: fetch (conditional GET), normalise, store new articles exactly once, hand
 * their ids to threading. Safe to run twice at once or to retry at any point: the article store
 * dedupes atomically, and ids wait in a per-source "pending hand-off" set until handOff succeeds.
 */

export interface PollArticleStore {
  storeArticles(articles: Article[], options: { trackHandOff: boolean }): Promise<{ stored: Article[]; duplicates: number }>;
  pendingHandOff(sourceId: string): Promise<string[]>;
  confirmHandOff(sourceId: string, ids: string[]): Promise<void>;
}

export interface PollSourceStore {
  getPollState(sourceId: string): Promise<SourcePollState>;
  recordSuccess(source: SourceIdentity, outcome: SourcePollOutcome): Promise<void>;
  recordNotModified(source: SourceIdentity, at: number): Promise<void>;
  recordFailure(source: SourceIdentity, failure: { at: number; error: string }): Promise<number>;
  applyBackoff(sourceId: string, backoff: { nextPollAt: number; disabledReason?: string }): Promise<void>;
  resetForNewUrl(source: SourceIdentity): Promise<void>;
}

export interface PollSourceDeps {
  findSource(sourceId: string): Source | undefined;
  articles: PollArticleStore;
  sources: PollSourceStore;
  /** `createFeedReader(limits)` in production: the same code `preview` runs. */
  readFeed(location: string, options: ReadFeedOptions): Promise<FeedReadResult>;
  /** Enqueues threading for these ids (the runtime adds a `thread-article` job). */
  handOff(articleIds: string[]): Promise<void>;
  logger: Logger;
  /** SOURCE_MAX_FAILURES: consecutive failures after which the source is disabled. */
  maxFailures: number;
  backoff?: BackoffPolicy;
  now?: () => number;
}

export interface PollSourceResult {
  status: 'not-modified' | 'ok' | 'skipped-backoff' | 'disabled';
  fetched: number;
  stored: number;
  duplicates: number;
}

// threadArticlePayload accepts at most 10,000 ids per job.
const HAND_OFF_BATCH = 10_000;

/** Hands a source's stored-but-not-yet-threaded article ids to threading, confirming each batch. */
export async function handOffPending(
  deps: { articles: Pick<PollArticleStore, 'pendingHandOff' | 'confirmHandOff'>; handOff(articleIds: string[]): Promise<void> },
  sourceId: string,
): Promise<void> {
  const pending = await deps.articles.pendingHandOff(sourceId);
  for (let start = 0; start < pending.length; start += HAND_OFF_BATCH) {
    const batch = pending.slice(start, start + HAND_OFF_BATCH);
    await deps.handOff(batch);
    await deps.articles.confirmHandOff(sourceId, batch);
  }
}

export function createPollSourceProcessor(deps: PollSourceDeps) {
  const now = deps.now ?? Date.now;
  const backoffPolicy = deps.backoff ?? DEFAULT_BACKOFF;

  async function recordFailure(source: Source, error: unknown): Promise<void> {
    const at = now();
    const message = errorMessage(error);
    const failures = await deps.sources.recordFailure(source, { at, error: message });
    const retryAfterMs = error instanceof RateLimitedError ? error.retryAfterMs : 0;
    const nextPollAt = at + Math.max(backoffDelayMs(failures, backoffPolicy), retryAfterMs);
    const gone = error instanceof FeedGoneError;
    const disable = gone || failures >= deps.maxFailures;
    const disabledReason = !disable ? undefined : gone ? `disabled: ${message}` : `disabled after ${failures} consecutive failures; last: ${message}`;
    await deps.sources.applyBackoff(source.id, disabledReason === undefined ? { nextPollAt } : { nextPollAt, disabledReason });
    deps.logger[disable ? 'error' : 'warn']({ sourceId: source.id, failures, nextPollAt: new Date(nextPollAt).toISOString(), err: message }, disable ? 'source disabled' : 'poll failed');
  }

  return async function processPollSource(job: Job): Promise<PollSourceResult> {
    const { sourceId } = parseJobPayload(pollSourcePayload, job.data, QUEUES.pollSource);
    const source = deps.findSource(sourceId);
    if (!source) throw new UnrecoverableError(`source "${sourceId}" is not in the sources file`);

    // Ids a previous attempt stored but could not hand off go first, whatever happens next.
    await handOffPending(deps, source.id);

    let state = await deps.sources.getPollState(source.id);
    // An operator who fixes a broken feed URL in the sources file expects polling to resume.
    if (state.url !== undefined && state.url !== source.url) {
      deps.logger.info({ sourceId: source.id, from: state.url, to: source.url }, 'feed URL changed; source starts over');
      await deps.sources.resetForNewUrl(source);
      state = await deps.sources.getPollState(source.id);
    }
    const idle: PollSourceResult = { status: 'disabled', fetched: 0, stored: 0, duplicates: 0 };
    if (state.disabled) return idle;
    if (state.nextPollAt !== null && state.nextPollAt > now()) return { ...idle, status: 'skipped-backoff' };

    let result: FeedReadResult;
    try {
      result = await deps.readFeed(source.url, {
        source: { id: source.id, domain: source.domain, name: source.name, lean: source.lean, country: source.country },
        conditional: { etag: state.etag, lastModified: state.lastModified },
        backlog: !state.firstPollDone,
        now,
      });
    } catch (error) {
      await recordFailure(source, error);
      if (error instanceof PermanentFeedError) throw new UnrecoverableError(error.message);
      throw error;
    }

    if (result.kind === 'not-modified') {
      await deps.sources.recordNotModified(source, now());
      return { ...idle, status: 'not-modified' };
    }

    const { stored, duplicates } = await deps.articles.storeArticles(result.articles, { trackHandOff: true });
    await deps.sources.recordSuccess(source, { at: now(), etag: result.etag, lastModified: result.lastModified, articlesStored: stored.length });
    await handOffPending(deps, source.id);
    if (stored.length > 0) deps.logger.info({ sourceId: source.id, stored: stored.length, duplicates, backlog: !state.firstPollDone }, 'stored new articles');
    return { status: 'ok', fetched: result.articles.length, stored: stored.length, duplicates };
  };
}

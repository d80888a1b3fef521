import { createHash } from 'node:crypto';
import { QUEUES } from '../../jobs/contracts.js';
import type { OutletDirectory } from '../config/outlets.js';
import { HOUR_MS } from '../core/time.js';
import type { Source } from '../config/sources.js';
import type { App } from './compose.js';
import { retryAfterRedisDrop } from '../store/redis-drop.js';
import { replayEtag, type ReplayFeedServer } from './replay-feed-server.js';
import { finishSummaries, rankAt, waitForIdle } from './stream-pipeline.js';

/**
 * `replay`: the recorded stream is served as live RSS feeds (replay-feed-server) whose items
 * appear as a replay clock advances, and the real poll jobs read them. The clock moves in poll
 * intervals of stream time; after each step the driver waits until polling and threading have
 * caught up, ranks at every stream hour, and paces itself so one stream second takes at least
 * 1/speed wall seconds (it runs slower when the pipeline needs longer, never out of order).
 */

export interface ReplayClock {
  now(): number;
}

export interface ReplayProgress {
  at: number;
  revealed: number;
  total: number;
  rankings: number;
  rankChanges: number;
}

export interface ReplaySummary {
  polls: number;
  rankings: number;
  rankChanges: number;
  from: number;
  to: number;
}

/** Polls of one feed at one step after the first, before the replay gives up (a feed that keeps failing is broken, not slow). */
const CATCH_UP_POLLS = 5;

/** `replay-nytimes-com`; long domains keep a hash so ids stay unique and within 64 characters. */
export function replaySourceId(domain: string): string {
  const id = `replay-${domain.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`;
  return id.length <= 64 ? id : `${id.slice(0, 55)}-${createHash('sha1').update(domain).digest('hex').slice(0, 8)}`;
}

/** One source per replayed outlet, rated from the outlet directory like any configured source. */
export function replaySources(server: ReplayFeedServer, outlets: OutletDirectory): Source[] {
  return [...server.feeds.values()].map((feed) => {
    const outlet = outlets.lookup(feed.domain);
    return { id: replaySourceId(feed.domain), name: feed.publisher || outlet.name, url: server.feedUrl(feed.domain), domain: feed.domain, lean: outlet.lean, country: outlet.country };
  });
}

export async function replayStream(
  app: App,
  server: ReplayFeedServer,
  options: {
    /** Moves the clock the feed server reveals items by. */
    setClock(at: number): void;
    speed: number;
    stepMs: number;
    onProgress?: (progress: ReplayProgress) => void;
    signal?: AbortSignal;
  },
): Promise<ReplaySummary> {
  const feeds = [...server.feeds.values()];
  const total = feeds.reduce((sum, feed) => sum + feed.items.length, 0);
  const from = Math.min(...feeds.map((feed) => feed.times[0] ?? Infinity));
  const to = Math.max(...feeds.map((feed) => feed.times[feed.times.length - 1] ?? -Infinity));
  const pollQueue = app.queues[QUEUES.pollSource];
  const summary: ReplaySummary = { polls: 0, rankings: 0, rankChanges: 0, from, to };
  const polledCount = new Map<string, number>();

  const pollAll = async (polls: readonly { sourceId: string; count: number }[], attempt: number) => {
    const jobs = polls.map(({ sourceId, count }) => ({
      name: QUEUES.pollSource,
      data: { sourceId },
      opts: { jobId: attempt === 0 ? `replay-${sourceId}-${count}` : `replay-${sourceId}-${count}-again-${attempt}` },
    }));
    // Fixed job ids: adding a bulk again after a Redis restart aborted it adds nothing twice.
    for (let start = 0; start < jobs.length; start += 1_000) await retryAfterRedisDrop(() => pollQueue.addBulk(jobs.slice(start, start + 1_000)), options);
    summary.polls += jobs.length;
    await waitForIdle([pollQueue, app.queues[QUEUES.threadArticle]], { signal: options.signal });
  };

  const pollChanged = async (at: number) => {
    options.setClock(at);
    let polls = feeds.flatMap((feed) => {
      const count = server.revealedCount(feed.domain);
      if (count === (polledCount.get(feed.domain) ?? -1)) return [];
      polledCount.set(feed.domain, count);
      return [{ sourceId: replaySourceId(feed.domain), count }];
    });
    await pollAll(polls, 0);
    // A poll that failed (a timeout on a loaded machine) or was skipped for its backoff would leave
    // its items to a later step, past the reorder window, and so thread them out of publish order:
    // the feed is polled again, backoff cleared, until its ETag (the served item count) says it was read.
    for (let attempt = 1; ; attempt++) {
      const states = await retryAfterRedisDrop(() => Promise.all(polls.map((poll) => app.stores.sources.getPollState(poll.sourceId))), options);
      polls = polls.filter((poll, index) => states[index]!.etag !== replayEtag(poll.count));
      if (polls.length === 0) return;
      if (attempt > CATCH_UP_POLLS) throw new Error(`replay: ${polls.length} feed(s) could not be read at ${new Date(at).toISOString()} (first: ${polls[0]!.sourceId}); see /sources`);
      for (const poll of polls) await retryAfterRedisDrop(() => app.stores.sources.enable(poll.sourceId), options);
      await pollAll(polls, attempt);
    }
  };

  const reportProgress = (at: number) =>
    options.onProgress?.({
      at,
      revealed: feeds.reduce((sum, feed) => sum + server.revealedCount(feed.domain), 0),
      total,
      rankings: summary.rankings,
      rankChanges: summary.rankChanges,
    });

  // Before the first item: every feed is polled once while still empty, so nothing in the stream
  // counts as a new source's backlog — threadwatch was "already running" when it was published.
  await pollChanged(from - 1);

  const wallStart = performance.now();
  const firstStep = Math.ceil(from / options.stepMs) * options.stepMs;
  for (let at = firstStep; at <= to + options.stepMs; at += options.stepMs) {
    options.signal?.throwIfAborted();
    await pollChanged(at);
    if (at % HOUR_MS === 0 && (await rankAt(app, at))) {
      summary.rankings += 1;
      summary.rankChanges += await retryAfterRedisDrop(() => countRankChanges(app), options);
    }
    const due = wallStart + (at - firstStep) / options.speed;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    reportProgress(at);
  }
  // The last hour boundary may fall before the last items: one closing ranking covers them.
  const closingHour = Math.ceil((to + 1) / HOUR_MS) * HOUR_MS;
  // The stream ends here: what the reorder window holds is threaded before the closing ranking.
  await retryAfterRedisDrop(() => app.flushThreading(), options);
  await waitForIdle([app.queues[QUEUES.threadArticle]], { signal: options.signal });
  if (await rankAt(app, closingHour)) {
    summary.rankings += 1;
    summary.rankChanges += await countRankChanges(app);
    reportProgress(closingHour);
  }
  await finishSummaries(app);
  await waitForIdle([app.queues[QUEUES.deliverConsole]], { signal: options.signal });
  return summary;
}

/** Threads whose rank moved in the ranking just committed (new entries count as moves too). */
async function countRankChanges(app: App): Promise<number> {
  const info = await app.stores.ranking.getRankingInfo();
  if (!info || info.count === 0) return 0;
  const top = await app.stores.ranking.getTop(info.count);
  return top.filter((stats) => stats.rankChange !== 0).length;
}

import type { RedisClient } from './redis-client.js';
import type { ReplayHistory, SourceHealth, SourceIdentity, SourcePollOutcome, SourcePollState, SourceStore } from '../core/source.js';
import type { Keys } from './keys.js';

/**
 * Per-source polling state and health in one hash per source (`src:{id}`), so `/sources`, /healthz
 * and the poll job all read the same numbers. Timestamps are epoch ms; absent means "never".
 */

function numberOrNull(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

function textOrNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function toHealth(sourceId: string, fields: Record<string, string>): SourceHealth {
  return {
    id: sourceId,
    sourceId,
    name: fields['name'] || sourceId,
    url: fields['url'] ?? '',
    lastPollAt: numberOrNull(fields['lastPollAt']),
    lastSuccessAt: numberOrNull(fields['lastSuccessAt']),
    lastErrorAt: numberOrNull(fields['lastErrorAt']),
    lastError: textOrNull(fields['lastError']),
    consecutiveFailures: numberOrNull(fields['consecutiveFailures']) ?? 0,
    articlesSeen: numberOrNull(fields['articlesSeen']) ?? 0,
    disabled: fields['disabled'] === '1',
    disabledReason: textOrNull(fields['disabledReason']),
    nextPollAt: numberOrNull(fields['nextPollAt']),
    firstPollDone: fields['firstPollDone'] === '1',
  };
}

export function createRedisSourceStore(redis: RedisClient, keys: Keys): SourceStore {
  const identify = (source: SourceIdentity) => ({ name: source.name, url: source.url });

  return {
    async getPollState(sourceId: string): Promise<SourcePollState> {
      const fields = await redis.hgetall(keys.source(sourceId));
      return {
        url: fields['url'] || undefined,
        etag: fields['etag'] || undefined,
        lastModified: fields['lastModified'] || undefined,
        firstPollDone: fields['firstPollDone'] === '1',
        disabled: fields['disabled'] === '1',
        nextPollAt: numberOrNull(fields['nextPollAt']),
        consecutiveFailures: numberOrNull(fields['consecutiveFailures']) ?? 0,
      };
    },

    async recordSuccess(source: SourceIdentity, outcome: SourcePollOutcome): Promise<void> {
      const key = keys.source(source.id);
      await redis
        .multi()
        .hset(key, {
          ...identify(source),
          lastPollAt: outcome.at,
          lastSuccessAt: outcome.at,
          consecutiveFailures: 0,
          nextPollAt: '',
          firstPollDone: '1',
          // A response without validators must clear old ones, or the next poll would send stale ones.
          etag: outcome.etag ?? '',
          lastModified: outcome.lastModified ?? '',
        })
        .hincrby(key, 'articlesSeen', outcome.articlesStored)
        .sadd(keys.sourceIds(), source.id)
        .exec();
    },

    async recordNotModified(source: SourceIdentity, at: number): Promise<void> {
      await redis
        .multi()
        .hset(keys.source(source.id), { ...identify(source), lastPollAt: at, lastSuccessAt: at, consecutiveFailures: 0, nextPollAt: '' })
        .sadd(keys.sourceIds(), source.id)
        .exec();
    },

    async recordFailure(source: SourceIdentity, failure: { at: number; error: string }): Promise<number> {
      const key = keys.source(source.id);
      const results = await redis
        .multi()
        .hincrby(key, 'consecutiveFailures', 1)
        .hset(key, { ...identify(source), lastPollAt: failure.at, lastErrorAt: failure.at, lastError: failure.error })
        .sadd(keys.sourceIds(), source.id)
        .exec();
      return Number(results?.[0]?.[1] ?? 1);
    },

    async applyBackoff(sourceId: string, backoff: { nextPollAt: number; disabledReason?: string }): Promise<void> {
      const fields: Record<string, string | number> = { nextPollAt: backoff.nextPollAt };
      if (backoff.disabledReason !== undefined) Object.assign(fields, { disabled: '1', disabledReason: backoff.disabledReason });
      await redis.hset(keys.source(sourceId), fields);
    },

    async enable(sourceId: string): Promise<void> {
      await redis.hset(keys.source(sourceId), { disabled: '', disabledReason: '', consecutiveFailures: 0, nextPollAt: '' });
    },

    async resetForNewUrl(source: SourceIdentity): Promise<void> {
      await redis.hset(keys.source(source.id), {
        ...identify(source),
        disabled: '',
        disabledReason: '',
        consecutiveFailures: 0,
        nextPollAt: '',
        etag: '',
        lastModified: '',
        firstPollDone: '',
        lastError: '',
        lastErrorAt: '',
      });
    },

    async remove(sourceId: string): Promise<void> {
      await redis.multi().del(keys.source(sourceId), keys.sourcePendingHandOff(sourceId)).srem(keys.sourceIds(), sourceId).exec();
    },

    async getHealth(sourceId: string): Promise<SourceHealth | null> {
      const fields = await redis.hgetall(keys.source(sourceId));
      return Object.keys(fields).length === 0 ? null : toHealth(sourceId, fields);
    },

    async listHealth(): Promise<SourceHealth[]> {
      const ids = (await redis.smembers(keys.sourceIds())).sort();
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(keys.source(id));
      const results = (await pipeline.exec()) ?? [];
      return ids.map((id, index) => toHealth(id, (results[index]?.[1] as Record<string, string> | undefined) ?? {}));
    },

    async recordReplay(run): Promise<void> {
      const key = keys.replays();
      await redis
        .multi()
        .hincrby(key, 'replays', 1)
        .hincrby(key, 'polls', run.polls)
        .hset(key, {
          lastFile: run.file,
          lastFeeds: run.feeds,
          lastPolls: run.polls,
          lastArticles: run.articles,
          lastFrom: run.from,
          lastTo: run.to,
          lastFinishedAt: run.finishedAt,
        })
        .exec();
    },

    async getReplayHistory(): Promise<ReplayHistory | null> {
      const fields = await redis.hgetall(keys.replays());
      const count = (name: string) => numberOrNull(fields[name]) ?? 0;
      if (count('replays') === 0) return null;
      return {
        replays: count('replays'),
        polls: count('polls'),
        last: {
          file: fields['lastFile'] ?? '',
          feeds: count('lastFeeds'),
          polls: count('lastPolls'),
          articles: count('lastArticles'),
          from: count('lastFrom'),
          to: count('lastTo'),
          finishedAt: count('lastFinishedAt'),
        },
      };
    },
  };
}

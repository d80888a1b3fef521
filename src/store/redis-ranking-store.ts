import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-client.js';
import type { AlertMemory } from '../core/ranking/alert-rules.js';
import type { RankingRun } from '../core/ranking/ranking-run.js';
import type { CommittedRun, RankingStore } from '../core/ranking/ranking-store.js';
import type { RankPoint, ThreadStats } from '../core/stats.js';
import type { Keys } from './keys.js';

/**
 * The ranking as commands read it, and the one atomic write the ranking job makes per run.
 *
 * Layout: `rank` (sorted set, thread id → rank, so ZRANGE by index is rank order), `rank:prev`
 * (the ranking it replaced), `rank:meta` (at, count), `rank:stats` (hash, thread id → ThreadStats
 * JSON of every ranked thread), `thread:{id}:stats` (last stats, rank null, of a thread that dropped
 * out of the ranking, kept with the thread), `thread:{id}:rank-history` (list of RankPoint JSON,
 * oldest first, bounded), `alert:state:{subscription}` (thread id → AlertMemory JSON),
 * `rank:deliveries` (what the latest run enqueued, so a retry of that run re-enqueues exactly the
 * same jobs).
 *
 * The bulky part of a run (ranking and stats of every thread) is staged under run-specific keys
 * with ordinary pipelined writes; the commit script then swaps them in with RENAME and frees the
 * old ones with UNLINK, so Redis is blocked only for the per-thread history appends, not for
 * megabytes of stats.
 */

export const RANK_HISTORY_LIMIT = 500;
/** A run that crashes between staging and commit leaves its staging key to expire on its own. */
const STAGING_TTL_SECONDS = 3_600;
const STAGING_CHUNK = 1_000;

// Swaps the staged ranking in and writes everything the run decided, or nothing at all: a run at or
// before the committed one (a retry, or a slower worker racing a newer run) must not shift
// `rank:prev` again, append history twice or move alert memory backwards.
// KEYS: 1 meta, 2 rank, 3 prev, 4 rank staging, 5 stats, 6 stats staging, 7 deliveries, then
//       dropped-stats keys, history keys, alert-state keys.
// ARGV: 1 at, 2 count, 3 history limit, 4 #dropped, 5 #history, 6 #memory, 7 deliveries JSON, then
//       dropped stats JSON, history point JSON, (thread id, memory JSON or '') pairs.
const COMMIT_SCRIPT = `
local at = tonumber(ARGV[1])
local committed = redis.call('HGET', KEYS[1], 'at')
if committed and tonumber(committed) >= at then
  redis.call('UNLINK', KEYS[4], KEYS[6])
  return 0
end
redis.call('UNLINK', KEYS[3])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[3]) end
if redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('RENAME', KEYS[4], KEYS[2])
  redis.call('PERSIST', KEYS[2])
end
redis.call('UNLINK', KEYS[5])
if redis.call('EXISTS', KEYS[6]) == 1 then
  redis.call('RENAME', KEYS[6], KEYS[5])
  redis.call('PERSIST', KEYS[5])
end
redis.call('HSET', KEYS[1], 'at', ARGV[1], 'count', ARGV[2])
redis.call('SET', KEYS[7], ARGV[7])
local historyLimit = tonumber(ARGV[3])
local key = 8
local arg = 8
for _ = 1, tonumber(ARGV[4]) do
  redis.call('SET', KEYS[key], ARGV[arg])
  key = key + 1
  arg = arg + 1
end
for _ = 1, tonumber(ARGV[5]) do
  if redis.call('RPUSH', KEYS[key], ARGV[arg]) > historyLimit then redis.call('LTRIM', KEYS[key], -historyLimit, -1) end
  key = key + 1
  arg = arg + 1
end
for _ = 1, tonumber(ARGV[6]) do
  if ARGV[arg + 1] == '' then
    redis.call('HDEL', KEYS[key], ARGV[arg])
  else
    redis.call('HSET', KEYS[key], ARGV[arg], ARGV[arg + 1])
  end
  key = key + 1
  arg = arg + 2
end
return 1
`;

// Ranking order and stats read together, so a commit landing in between cannot mix two runs.
const TOP_SCRIPT = `
local ids = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2])
if #ids == 0 then return {} end
return redis.call('HMGET', KEYS[2], unpack(ids))
`;

export function createRedisRankingStore(redis: RedisClient, keys: Keys): RankingStore {
  async function getStatsMany(threadIds: readonly string[]): Promise<(ThreadStats | null)[]> {
    if (threadIds.length === 0) return [];
    const ranked = await redis.hmget(keys.rankingStats(), ...threadIds);
    const missing = threadIds.filter((_, index) => ranked[index] === null);
    const unranked = missing.length > 0 ? await redis.mget(missing.map((id) => keys.threadStats(id))) : [];
    let next = 0;
    return ranked.map((value) => parseStats(value ?? unranked[next++] ?? null));
  }

  return {
    async getStats(threadId: string): Promise<ThreadStats | null> {
      const [stats] = await getStatsMany([threadId]);
      return stats ?? null;
    },

    getStatsMany,

    async getTop(n: number, offset = 0): Promise<ThreadStats[]> {
      if (n <= 0) return [];
      const start = Math.max(0, Math.floor(offset));
      const values = (await redis.eval(TOP_SCRIPT, 2, keys.ranking(), keys.rankingStats(), start, start + Math.floor(n) - 1)) as (string | null)[];
      return values.map(parseStats).filter((stats) => stats !== null);
    },

    async getRankHistory(threadId: string, limit: number): Promise<RankPoint[]> {
      if (limit <= 0) return [];
      const values = await redis.lrange(keys.rankHistory(threadId), -Math.floor(limit), -1);
      return values.map((value) => JSON.parse(value) as RankPoint);
    },

    async getRankingInfo(): Promise<{ at: number; count: number } | null> {
      const meta = await redis.hgetall(keys.rankingMeta());
      if (meta['at'] === undefined) return null;
      return { at: Number(meta['at']), count: Number(meta['count'] ?? 0) };
    },

    async getCurrentRanks(): Promise<Map<string, number>> {
      const flat = await redis.zrange(keys.ranking(), '0', '-1', 'WITHSCORES');
      const ranks = new Map<string, number>();
      for (let i = 0; i + 1 < flat.length; i += 2) ranks.set(flat[i] as string, Number(flat[i + 1]));
      return ranks;
    },

    async getCommittedRun<Delivery>(): Promise<CommittedRun<Delivery> | null> {
      const [at, deliveries] = await Promise.all([redis.hget(keys.rankingMeta(), 'at'), redis.get(keys.rankingDeliveries())]);
      if (at === null) return null;
      return { at: Number(at), deliveries: deliveries === null ? [] : (JSON.parse(deliveries) as Delivery[]) };
    },

    async getAlertMemory(subscriptionIds: readonly string[]): Promise<Map<string, Map<string, AlertMemory>>> {
      const memory = new Map<string, Map<string, AlertMemory>>();
      if (subscriptionIds.length === 0) return memory;
      const pipeline = redis.pipeline();
      for (const id of subscriptionIds) pipeline.hgetall(keys.alertState(id));
      const replies = (await pipeline.exec()) ?? [];
      subscriptionIds.forEach((id, index) => {
        const [error, hash] = replies[index] ?? [];
        if (error) throw error;
        const entries = Object.entries((hash ?? {}) as Record<string, string>);
        if (entries.length > 0) memory.set(id, new Map(entries.map(([threadId, json]) => [threadId, JSON.parse(json) as AlertMemory])));
      });
      return memory;
    },

    async commitRun<Delivery>(run: RankingRun<Delivery>): Promise<boolean> {
      // Per attempt, not per run: two workers racing on the same run must not stage into (or delete) each other's keys.
      const attemptId = `${run.at}-${randomUUID()}`;
      const rankingStaging = keys.rankingStaging(attemptId);
      const statsStaging = keys.rankingStatsStaging(attemptId);
      const rankedIds = new Set(run.rankedIds);
      const rankedStats = run.stats.filter((stats) => rankedIds.has(stats.threadId));
      const droppedStats = run.stats.filter((stats) => !rankedIds.has(stats.threadId));
      for (let start = 0; start < run.rankedIds.length; start += STAGING_CHUNK) {
        const members = run.rankedIds.slice(start, start + STAGING_CHUNK).flatMap((id, index) => [String(start + index + 1), id]);
        await redis.pipeline().zadd(rankingStaging, ...members).expire(rankingStaging, STAGING_TTL_SECONDS).exec();
      }
      for (let start = 0; start < rankedStats.length; start += STAGING_CHUNK) {
        const fields = rankedStats.slice(start, start + STAGING_CHUNK).flatMap((stats) => [stats.threadId, JSON.stringify(stats)]);
        await redis.pipeline().hset(statsStaging, ...fields).expire(statsStaging, STAGING_TTL_SECONDS).exec();
      }
      const commitKeys = [
        keys.rankingMeta(),
        keys.ranking(),
        keys.rankingPrevious(),
        rankingStaging,
        keys.rankingStats(),
        statsStaging,
        keys.rankingDeliveries(),
        ...droppedStats.map((stats) => keys.threadStats(stats.threadId)),
        ...run.history.map(({ threadId }) => keys.rankHistory(threadId)),
        ...run.memoryChanges.map(({ subscriptionId }) => keys.alertState(subscriptionId)),
      ];
      const args = [
        String(run.at),
        String(run.rankedIds.length),
        String(RANK_HISTORY_LIMIT),
        String(droppedStats.length),
        String(run.history.length),
        String(run.memoryChanges.length),
        JSON.stringify(run.deliveries),
        ...droppedStats.map((stats) => JSON.stringify(stats)),
        ...run.history.map(({ point }) => JSON.stringify(point)),
        ...run.memoryChanges.flatMap(({ threadId, memory }) => [threadId, memory === null ? '' : JSON.stringify(memory)]),
      ];
      // The array form avoids spreading tens of thousands of arguments onto the JS stack.
      const committed = await redis.call('EVAL', [COMMIT_SCRIPT, commitKeys.length, ...commitKeys, ...args]);
      return committed === 1;
    },
  };
}

function parseStats(value: string | null | undefined): ThreadStats | null {
  return value ? (JSON.parse(value) as ThreadStats) : null;
}

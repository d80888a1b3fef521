import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '../../store/redis-client.js';
import type { Config } from '../../config/config.js';
import type { Keys } from '../../store/keys.js';

/**
 * Telegram's send limits (per chat, per group, overall) kept in Redis, so every worker process
 * draws from one budget. Each limit is a sliding-window log: a sorted set of send times. A send
 * *reserves* the earliest moment that satisfies every limit at once; if that moment is close the
 * caller waits for it, otherwise it is told how long to stay away and nothing is reserved.
 *
 * Reservations only ever go after the newest entry of each window, which keeps the arithmetic a
 * single pass: the earliest legal time is the (count − limit)-th entry plus the window.
 *
 * KEYS[1] is the chat's pause key (set after Telegram answered 429 for it); KEYS[2..] the windows.
 */
const RESERVE_SCRIPT = `
local maxWait = tonumber(ARGV[1])
local member = ARGV[2]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local at = now
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then at = now + paused end
for i = 2, #KEYS do
  local key = KEYS[i]
  local limit = tonumber(ARGV[1 + (i - 1) * 2])
  local window = tonumber(ARGV[2 + (i - 1) * 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count > 0 then
    local newest = tonumber(redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')[2])
    if newest > at then at = newest end
    if count >= limit then
      local pivot = tonumber(redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')[2])
      if pivot + window > at then at = pivot + window end
    end
  end
end
local wait = at - now
wait = math.ceil(wait)
if wait > maxWait then return {0, wait} end
for i = 2, #KEYS do
  local key = KEYS[i]
  local window = tonumber(ARGV[2 + (i - 1) * 2])
  redis.call('ZADD', key, at, member)
  redis.call('PEXPIRE', key, math.ceil(wait + window) + 1000)
end
return {1, wait}
`;
const RESERVE_SHA = createHash('sha1').update(RESERVE_SCRIPT).digest('hex');

export type Reservation =
  | {
      granted: true;
      delayMs: number;
      /** Gives the slot back when it was not used (e.g. the process woke up too late to send on time). */
      release(): Promise<void>;
    }
  | { granted: false; retryAfterMs: number };

export interface SendRateLimiter {
  /** Reserves one send to `chatId` under every applicable limit. */
  reserve(chatId: string): Promise<Reservation>;
  /** Holds every send to `chatId` back for `ms` (Telegram's retry_after), across all processes. */
  pause(chatId: string, ms: number): Promise<void>;
}

export interface TelegramRateLimits {
  perSecond: number;
  perChatPerSecond: number;
  perGroupPerMinute: number;
  /**
   * Added to every window. Reservations are exact but requests reach Telegram a few milliseconds
   * apart from when they were reserved (timers, event loop, sockets); without slack two sends
   * reserved exactly one window apart can land inside one window at Telegram's end.
   */
  safetyMarginMs: number;
  /** Waits up to this long in-process for a slot; beyond it the job should be delayed instead. */
  maxWaitMs: number;
}

export function telegramRateLimits(config: Config, overrides: Partial<TelegramRateLimits> = {}): TelegramRateLimits {
  return {
    perSecond: config.TELEGRAM_MAX_PER_SECOND,
    perChatPerSecond: config.TELEGRAM_MAX_PER_CHAT_PER_SECOND,
    perGroupPerMinute: config.TELEGRAM_MAX_PER_GROUP_PER_MINUTE,
    safetyMarginMs: 30,
    maxWaitMs: 2_000,
    ...overrides,
  };
}

/** Group and channel ids are negative in the Bot API; private chats are positive. */
export function isGroupChatId(chatId: string): boolean {
  return chatId.startsWith('-');
}

export function createTelegramRateLimiter(redis: RedisClient, keys: Keys, limits: TelegramRateLimits): SendRateLimiter {
  const globalKey = keys.telegramRateLimit('all');
  const pauseKey = (chatId: string) => keys.telegramRateLimit(`pause:${chatId}`);
  return {
    async reserve(chatId) {
      const windows: { key: string; limit: number; windowMs: number }[] = [
        // The overall budget is spent evenly (one send per 1/perSecond s) rather than in bursts: a
        // burst of 30 concurrent requests reaches Telegram spread out and out of order, which
        // breaks the one-second window at its end even when the reservations respected it.
        { key: globalKey, limit: 1, windowMs: (1000 + limits.safetyMarginMs) / limits.perSecond },
        { key: keys.telegramRateLimit(`chat:${chatId}`), limit: limits.perChatPerSecond, windowMs: 1000 + limits.safetyMarginMs },
      ];
      if (isGroupChatId(chatId)) {
        windows.push({ key: keys.telegramRateLimit(`group:${chatId}`), limit: limits.perGroupPerMinute, windowMs: 60_000 + limits.safetyMarginMs });
      }
      const member = randomBytes(8).toString('hex');
      const args = [String(limits.maxWaitMs), member];
      for (const window of windows) args.push(String(window.limit), String(window.windowMs));
      const keyNames = windows.map((window) => window.key);
      const [granted, waitMs] = (await evalReserve(redis, [pauseKey(chatId), ...keyNames], args)) as [number, number];
      if (granted !== 1) return { granted: false, retryAfterMs: waitMs };
      return {
        granted: true,
        delayMs: waitMs,
        async release() {
          const pipeline = redis.pipeline();
          for (const key of keyNames) pipeline.zrem(key, member);
          await pipeline.exec();
        },
      };
    },
    async pause(chatId, ms) {
      const key = pauseKey(chatId);
      const duration = Math.max(1, Math.ceil(ms));
      // Only ever lengthen a pause: a short retry_after must not cut a longer one short.
      await redis.multi().set(key, '1', 'PX', duration, 'NX').pexpire(key, duration, 'GT').exec();
    },
  };
}

async function evalReserve(redis: RedisClient, keyNames: string[], args: string[]): Promise<unknown> {
  try {
    return await redis.evalsha(RESERVE_SHA, keyNames.length, ...keyNames, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
    return redis.eval(RESERVE_SCRIPT, keyNames.length, ...keyNames, ...args);
  }
}

/**
 * For the BullMQ worker of the Telegram delivery queue: caps how fast jobs start across all workers.
 * The Redis limiter above stays the authority on sends; this only keeps idle workers from pulling
 * far more jobs than the overall budget can send.
 */
export function telegramDeliveryLimiter(config: Config): { max: number; duration: number } {
  return { max: config.TELEGRAM_MAX_PER_SECOND, duration: 1000 };
}

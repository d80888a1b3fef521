import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { deliverThroughFailover, repeated, replayThroughFailover, uciSlice } from '../helpers/failover.js';
import { faults as botApiFaults } from '../helpers/fake-telegram.js';
import { botsThroughApiOutage, compareOutcomes, startPrivateRedis, streamWithWorkerKills } from '../helpers/fault-scenarios.js';

/**
 * One small case of each fault `npm run faults` runs at full size (faults/run.ts). Standalone Redis
 * only: the cluster and Sentinel passes have their own failover tests, and these spawn worker
 * processes and a redis-server of their own. (The target comes from `inject`, not helpers/redis.js,
 * which is what keeps this file out of those passes.)
 */

const target = () => inject('redisTarget');

describe('fault: the worker process is SIGKILLed mid-ingest', () => {
  it('ends with the same articles, per-article threads and alerts as an uninterrupted run: none lost, none twice', async () => {
    const records = await uciSlice(60);
    const reference = await streamWithWorkerKills({ target: target(), mode: 'ingest', records, chats: 2, killAt: [] });
    const killed = await streamWithWorkerKills({ target: target(), mode: 'ingest', records, chats: 2, killAt: [0.5] });
    expect(killed.kills).toBe(1);
    expect(reference.account.stored).toBeGreaterThan(0);
    expect(reference.alerts.length).toBeGreaterThan(0);
    expect(compareOutcomes(reference, killed)).toEqual({ lost: 0, duplicated: 0, threadsDiffering: 0, alertsMissing: 0, alertsExtra: 0, alertsSentTwice: 0 });
  }, 300_000);
});

describe('fault: Redis (AOF) restarts mid-replay', () => {
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('recovers by itself: every article stored and threaded once, nothing lost', async () => {
    const records = await uciSlice(150);
    const account = await replayThroughFailover(redis.target, 'twfault-restart', records, () => redis.restart(500));
    expect(account.lost).toEqual([]);
    expect(account.threaded).toBe(account.stored);
    expect(account.countedInThreads).toBe(account.listedInThreads);
  }, 180_000);
});

describe('fault: the Bot API answers 500 in the middle of alert delivery', () => {
  it('delays the alerts it interrupts and delivers every one exactly once', async () => {
    const records = await uciSlice(300);
    const reference = await deliverThroughFailover(target(), `twfault-ref-${Date.now()}`, records, { chats: 3 });
    expect(reference.sends.length).toBeGreaterThan(2);
    let failedDuringOutage = 0;
    const disrupted = await deliverThroughFailover(target(), `twfault-out-${Date.now()}`, records, {
      chats: 3,
      killAfterSends: 1,
      kill: async ({ telegram }) => {
        telegram.setOutage(botApiFaults.serverError());
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        failedDuringOutage = telegram.calls.filter((call) => call.method === 'sendMessage' && call.status === 500).length;
        telegram.setOutage(undefined);
      },
    });
    expect(failedDuringOutage).toBeGreaterThan(0);
    expect(repeated(disrupted.sends)).toEqual([]);
    expect(disrupted.sends).toEqual(reference.sends);
  }, 180_000);
});

describe('fault: the Bot API and the Discord API answer 500 for a while', () => {
  it('brings both bots back by themselves, healthy and answering, with the failures counted', async () => {
    const recovery = await botsThroughApiOutage(target(), 2_000);
    expect(recovery.telegramFailuresCounted).toBeGreaterThan(0);
    expect(recovery.discordFailuresCounted).toBeGreaterThan(0);
    // Figures (how soon) are printed by `npm run faults`; the test only needs them to be reached.
    expect(recovery.telegramAnsweringAfterSeconds).toBeGreaterThanOrEqual(0);
    expect(recovery.discordAnsweringAfterSeconds).toBeGreaterThanOrEqual(0);
  }, 120_000);
});

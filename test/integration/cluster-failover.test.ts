import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../jobs/contracts.js';
import { createKeys } from '../../src/store/keys.js';
import { deliverThroughFailover, expectNothingLostOrCountedTwice, repeated, replayThroughFailover, uciSlice } from '../helpers/failover.js';
import { startRedisCluster, type LocalCluster } from '../helpers/redis-topology.js';

// A cluster of its own (3 masters, 3 replicas): these tests kill masters.
describe('a Redis Cluster master dies mid-run', () => {
  let cluster: LocalCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('mid-ingest: its replica takes over and every article is stored and threaded exactly once', async () => {
    const prefix = 'twfail-ingest';
    const keys = createKeys(prefix);
    const records = await uciSlice(300);
    // The master serving the thread store and the poll and thread-article queues (one node in the test cluster).
    const victim = await cluster.masterOf(keys.thread('x'));
    const account = await replayThroughFailover(cluster.target, prefix, records, async () => {
      victim.kill();
      await cluster.waitHealthy();
    });
    expect(await cluster.masterOf(keys.thread('x'))).not.toBe(victim);
    expectNothingLostOrCountedTwice(account, records);
  }, 180_000);

  it('mid-delivery: every alert of the undisturbed run is sent, and none twice', async () => {
    const records = await uciSlice(300);
    const undisturbed = await deliverThroughFailover(cluster.target, 'twfail-control', records, { chats: 40 });
    expect(undisturbed.sends.length).toBeGreaterThan(100);
    const keys = createKeys('twfail-deliver');
    const victim = await cluster.masterOf(`${keys.queuePrefix(QUEUES.deliverTelegram)}:${QUEUES.deliverTelegram}:wait`);
    const disturbed = await deliverThroughFailover(cluster.target, 'twfail-deliver', records, {
      chats: 40,
      killAfterSends: Math.floor(undisturbed.sends.length / 3),
      kill: async () => {
        victim.kill();
        await cluster.waitHealthy();
      },
    });
    expect(disturbed.killedAfter).not.toBeNull();
    expect(repeated(disturbed.sends)).toEqual([]);
    expect(disturbed.sends).toEqual(undisturbed.sends);
  }, 240_000);
});

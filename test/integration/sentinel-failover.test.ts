import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverThroughFailover, expectNothingLostOrCountedTwice, repeated, replayThroughFailover, uciSlice } from '../helpers/failover.js';
import { startSentinelSet, type LocalSentinelSet } from '../helpers/redis-topology.js';

// A Sentinel set of its own for each test (master, replica, 3 Sentinels): each test kills the master.
describe('the Sentinel-managed master dies mid-run', () => {
  let set: LocalSentinelSet;
  beforeEach(async () => {
    set = await startSentinelSet();
  }, 60_000);
  afterEach(async () => {
    await set?.stop();
  });

  /** Kills the current master; resolves once the Sentinels have promoted the replica. */
  const killMaster = async () => {
    const master = await set.currentMaster();
    master.kill();
    for (;;) {
      const current = await set.currentMaster().catch(() => master);
      if (current !== master) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('mid-ingest: the Sentinels promote the replica and every article is stored and threaded exactly once', async () => {
    const records = await uciSlice(300);
    const before = await set.currentMaster();
    const account = await replayThroughFailover(set.target, 'twfail-ingest', records, killMaster);
    expect(await set.currentMaster()).not.toBe(before);
    expectNothingLostOrCountedTwice(account, records);
  }, 180_000);

  it('mid-delivery: every alert of the undisturbed run is sent, and none twice', async () => {
    const records = await uciSlice(300);
    const undisturbed = await deliverThroughFailover(set.target, 'twfail-control', records, { chats: 40 });
    expect(undisturbed.sends.length).toBeGreaterThan(100);
    const disturbed = await deliverThroughFailover(set.target, 'twfail-deliver', records, {
      chats: 40,
      killAfterSends: Math.floor(undisturbed.sends.length / 3),
      kill: killMaster,
    });
    expect(disturbed.killedAfter).not.toBeNull();
    expect(repeated(disturbed.sends)).toEqual([]);
    expect(disturbed.sends).toEqual(undisturbed.sends);
  }, 240_000);
});

import type { Worker } from 'bullmq';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createLeaderGate } from '../../src/runtime/leader-gate.js';
import type { Lease } from '../../src/store/redis-lease.js';

function fakeLease(ttlMs: number) {
  const state = { free: true, failing: false, released: 0 };
  const lease: Lease = {
    owner: 'me',
    ttlMs,
    tryAcquire: async () => {
      if (state.failing) throw new Error('Redis unreachable');
      return state.free;
    },
    release: async () => {
      state.released += 1;
    },
    holder: async () => (state.free ? 'me' : 'someone-else'),
  };
  return { lease, state };
}

function fakeWorker() {
  return { run: vi.fn(async () => undefined), pause: vi.fn(async () => undefined), resume: vi.fn(async () => undefined), name: 'thread-article' };
}

describe('leader gate', () => {
  it('runs the worker only while holding the lease, pauses when it is lost and resumes when it is back', async () => {
    vi.useFakeTimers();
    try {
      const { lease, state } = fakeLease(3_000);
      const worker = fakeWorker();
      const gate = createLeaderGate({ lease, logger: createLogger('silent'), name: 'threading', now: () => Date.now() });
      state.free = false;
      gate.start(worker as unknown as Worker);
      await vi.advanceTimersByTimeAsync(2_500);
      expect(worker.run).not.toHaveBeenCalled();
      expect(gate.isStandby()).toBe(true);

      state.free = true;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(worker.run).toHaveBeenCalledTimes(1);
      expect(gate.isStandby()).toBe(false);

      state.free = false;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(worker.pause).toHaveBeenCalledTimes(1);
      expect(gate.isStandby()).toBe(true);

      state.free = true;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(worker.resume).toHaveBeenCalledTimes(1);
      expect(worker.run).toHaveBeenCalledTimes(1);

      await gate.standDown();
      await gate.release();
      expect(state.released).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps running through a Redis outage shorter than the lease, and stops once the lease may have gone to another', async () => {
    vi.useFakeTimers();
    try {
      const { lease, state } = fakeLease(3_000);
      const worker = fakeWorker();
      const gate = createLeaderGate({ lease, logger: createLogger('silent'), name: 'threading', now: () => Date.now() });
      gate.start(worker as unknown as Worker);
      await vi.advanceTimersByTimeAsync(10);
      expect(worker.run).toHaveBeenCalledTimes(1);
      state.failing = true;
      await vi.advanceTimersByTimeAsync(2_000);
      expect(worker.pause).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(2_000);
      expect(worker.pause).toHaveBeenCalledTimes(1);
      await gate.standDown();
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not give back a lease it does not hold', async () => {
    const { lease, state } = fakeLease(3_000);
    state.free = false;
    const gate = createLeaderGate({ lease, logger: createLogger('silent'), name: 'threading' });
    await gate.release();
    expect(state.released).toBe(0);
  });
});

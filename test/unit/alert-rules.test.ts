import { describe, expect, it } from 'vitest';
import type { AlertKind } from '../../src/core/alert.js';
import {
  alertId,
  evaluateAlerts,
  topMargin,
  type AlertMemory,
  type AlertRuleConfig,
  type AlertRunOutput,
  type RankedThreadInfo,
} from '../../src/core/ranking/alert-rules.js';
import { subscriptionId, type Subscription } from '../../src/core/subscription.js';

const MINUTE = 60_000;
const START = Date.UTC(2014, 2, 10, 0, 0);
const CONFIG: AlertRuleConfig = { minRankChange: 3, minIntervalMs: 60 * MINUTE, threadTopN: 10 };

function subscription(target: string, chatId = 'chat-1', disabled?: Subscription['disabled']): Subscription {
  const destination = { platform: 'telegram' as const, chatId };
  return { ...destination, id: subscriptionId(destination, target), target, slug: target.startsWith('top:') ? '' : target, createdAt: START, ...(disabled ? { disabled } : {}) };
}

/** Thread ids in rank order → ranking entries with ranks 1..n. */
function ranking(order: readonly string[]): RankedThreadInfo[] {
  return order.map((threadId, index) => ({ threadId, slug: threadId, title: `Story ${threadId}`, rank: index + 1, virality: 5, articleCount: 10 }));
}

/** Places `thread` at `rank` among filler threads, so scripts read as "rank of the subscribed thread per run". */
function orderWith(thread: string, rank: number | null, size = 30): string[] {
  const fillers = Array.from({ length: size }, (_, i) => `filler-${i}`);
  if (rank === null) return fillers;
  fillers.splice(rank - 1, 0, thread);
  return fillers;
}

/**
 * Runs the rules over a sequence of rankings the way the ranking job does: each run sees the
 * previous run's ranks and the memory the previous runs left behind.
 */
class Script {
  private memory = new Map<string, Map<string, AlertMemory>>();
  private previousRanks: Map<string, number> | null = null;
  constructor(
    private readonly subscriptions: Subscription[],
    private readonly config: AlertRuleConfig = CONFIG,
  ) {}

  run(at: number, order: readonly string[]): AlertRunOutput {
    const output = this.evaluate(at, order);
    this.apply(output);
    this.previousRanks = new Map(order.map((threadId, index) => [threadId, index + 1]));
    return output;
  }

  /** Evaluates without committing (what a crashed, then retried, run computed the first time). */
  evaluate(at: number, order: readonly string[]): AlertRunOutput {
    return evaluateAlerts({ at, ranking: ranking(order), previousRanks: this.previousRanks, subscriptions: this.subscriptions, memory: this.memory, config: this.config });
  }

  apply(output: AlertRunOutput): void {
    for (const change of output.memoryChanges) {
      const forSubscription = this.memory.get(change.subscriptionId) ?? new Map<string, AlertMemory>();
      if (change.memory === null) forSubscription.delete(change.threadId);
      else forSubscription.set(change.threadId, change.memory);
      this.memory.set(change.subscriptionId, forSubscription);
    }
  }

  /** One entry per run: the alert kinds it produced (for the thread given, or all). */
  runAll(steps: readonly { minutes: number; order: readonly string[] }[]): AlertKind[][] {
    return steps.map(({ minutes, order }) => this.run(START + minutes * MINUTE, order).alerts.map(({ alert }) => alert.kind));
  }
}

/** One step every 5 minutes (the default schedule) unless minutes are given. */
function ranksOf(thread: string, ranks: readonly (number | null)[], everyMinutes = 5) {
  return ranks.map((rank, index) => ({ minutes: index * everyMinutes, order: orderWith(thread, rank) }));
}

describe('alert rules for a thread subscription', () => {
  it('alerts when the thread climbs or falls by at least the minimum, measured from the last alert', () => {
    const script = new Script([subscription('story')]);
    // Drifts one place per hour: nothing until it is 3 places from the rank last told (20 → 17), then from 17.
    const kinds = script.runAll(ranksOf('story', [20, 19, 18, 17, 16, 15, 14, 15, 17, 20], 60));
    expect(kinds).toEqual([[], [], [], ['climbed'], [], [], ['climbed'], [], ['fell'], ['fell']]);
  });

  it('carries previous rank (what was last told) and rank in the alert', () => {
    const script = new Script([subscription('story')]);
    script.run(START, orderWith('story', 20));
    const { alerts } = script.run(START + 60 * MINUTE, orderWith('story', 15));
    expect(alerts[0]?.alert).toMatchObject({ kind: 'climbed', threadId: 'story', rank: 15, previousRank: 20, at: START + 60 * MINUTE });
  });

  it('alerts when the thread enters the top N, leaves it only beyond N + margin, and becomes #1', () => {
    expect(topMargin(10)).toBe(2);
    const script = new Script([subscription('story')]);
    const kinds = script.runAll(ranksOf('story', [14, 10, 11, 12, 13, 9, 1], 60));
    // 14 → 10 entered; 11 and 12 are inside the margin; 13 left; 9 entered again; 1 is #1.
    expect(kinds).toEqual([[], ['entered-top'], [], [], ['left-top'], ['entered-top'], ['became-first']]);
  });

  it('reports the most significant change only once per run', () => {
    const script = new Script([subscription('story')]);
    const kinds = script.runAll(ranksOf('story', [25, 1], 60));
    expect(kinds).toEqual([[], ['became-first']]);
  });

  it('does not spam a thread flapping across the top-N boundary every run', () => {
    const script = new Script([subscription('story')]);
    // Every 5 minutes: 9, 13, 9, 13 … for an hour and a half.
    const flapping = Array.from({ length: 18 }, (_, i) => (i % 2 === 0 ? 9 : 13));
    const kinds = script.runAll(ranksOf('story', [20, ...flapping])).flat();
    // Entered at 5 min; the next change it could report is allowed from 65 min, and the first run
    // after that which still differs from what was told (rank 13 at 70 min) reports leaving. 18 flaps, 2 alerts.
    expect(kinds).toEqual(['entered-top', 'left-top']);
  });

  it('defers a change that happens within the minimum interval and sends it once the interval has passed', () => {
    const script = new Script([subscription('story')]);
    const kinds = script.runAll([
      { minutes: 0, order: orderWith('story', 20) },
      { minutes: 5, order: orderWith('story', 8) }, // entered-top
      { minutes: 10, order: orderWith('story', 1) }, // became #1, but within the hour: deferred
      { minutes: 40, order: orderWith('story', 1) },
      { minutes: 65, order: orderWith('story', 1) }, // interval passed and it is still #1
      { minutes: 70, order: orderWith('story', 1) },
    ]);
    expect(kinds).toEqual([[], ['entered-top'], [], [], ['became-first'], []]);
  });

  it('drops a deferred change that no longer holds when the interval has passed', () => {
    const script = new Script([subscription('story')]);
    const kinds = script.runAll([
      { minutes: 0, order: orderWith('story', 20) },
      { minutes: 5, order: orderWith('story', 8) }, // entered-top
      { minutes: 10, order: orderWith('story', 20) }, // left, within the hour
      { minutes: 65, order: orderWith('story', 8) }, // back in: the subscriber's picture is right again
    ]);
    expect(kinds).toEqual([[], ['entered-top'], [], []]);
  });

  it('does not replay the current ranking to a new subscriber', () => {
    const script = new Script([subscription('story')]);
    const kinds = script.runAll(ranksOf('story', [1, 1, 1]));
    expect(kinds).toEqual([[], [], []]);
  });

  it('announces nothing on the very first ranking run, and a thread new to the ranking when it lands in the top N', () => {
    const script = new Script([subscription('story'), subscription('top:3', 'chat-2')]);
    const first = script.run(START, ['a', 'b', 'c']);
    expect(first.alerts).toEqual([]);
    const second = script.run(START + 60 * MINUTE, ['a', 'story', 'b', 'c']);
    expect(second.alerts.map(({ subscription: s, alert }) => [s.target, alert.kind, alert.previousRank])).toEqual([
      ['story', 'entered-top', null],
      ['top:3', 'entered-top', null],
    ]);
  });

  it('says nothing while the thread is unranked and nothing about coming back at the same place', () => {
    const script = new Script([subscription('story')]);
    const kinds = script.runAll(ranksOf('story', [5, null, null, 5], 60));
    expect(kinds).toEqual([[], [], [], []]);
  });

  it('sends nothing to a disabled subscription', () => {
    const script = new Script([subscription('story', 'chat-1', { reason: 'bot was blocked', at: START })]);
    const kinds = script.runAll(ranksOf('story', [20, 1], 60));
    expect(kinds).toEqual([[], []]);
  });
});

describe('alert rules for a top:N subscription', () => {
  it('alerts for any thread entering the top N, and for a new #1', () => {
    const script = new Script([subscription('top:3')]);
    const kinds = script.runAll([
      { minutes: 0, order: ['a', 'b', 'c', 'd', 'e'] },
      { minutes: 60, order: ['a', 'd', 'b', 'c', 'e'] }, // d enters the top 3
      { minutes: 120, order: ['e', 'a', 'd', 'b', 'c'] }, // e jumps to #1
    ]);
    expect(kinds).toEqual([[], ['entered-top'], ['became-first']]);
  });

  it('tells the top N size in the alert and never reports leaving', () => {
    const script = new Script([subscription('top:3')]);
    script.run(START, ['a', 'b', 'c', 'd', 'e', 'f']);
    const entered = script.run(START + 60 * MINUTE, ['a', 'b', 'd', 'c', 'e', 'f']);
    expect(entered.alerts.map(({ alert }) => [alert.kind, alert.threadId, alert.topN])).toEqual([['entered-top', 'd', 3]]);
    const fell = script.run(START + 120 * MINUTE, ['a', 'b', 'd', 'e', 'f', 'c']);
    expect(fell.alerts).toEqual([]);
  });

  it('does not re-announce a thread wobbling just below the boundary', () => {
    const script = new Script([subscription('top:3')]);
    const orders = [
      ['a', 'b', 'c', 'd', 'e', 'f'],
      ['a', 'b', 'd', 'c', 'e', 'f'],
      ['a', 'b', 'c', 'd', 'e', 'f'],
      ['a', 'b', 'd', 'c', 'e', 'f'],
      ['a', 'b', 'c', 'd', 'e', 'f'],
      ['a', 'b', 'd', 'c', 'e', 'f'],
    ];
    const kinds = script.runAll(orders.map((order, index) => ({ minutes: index * 90, order })));
    // d enters once; c and d then swap places 3 ↔ 4, which is inside the margin (4 ≤ 3 + 1).
    expect(kinds.flat()).toEqual(['entered-top']);
  });

  it('forgets threads far below the top N so memory stays bounded', () => {
    const script = new Script([subscription('top:2')]);
    const order = Array.from({ length: 50 }, (_, i) => `t${i}`);
    const output = script.run(START, order);
    const remembered = output.memoryChanges.filter((change) => change.memory !== null).map((change) => change.threadId);
    expect(remembered.sort()).toEqual(['t0', 't1', 't2']);
  });
});

describe('alert idempotency', () => {
  it('derives a deterministic alert id from run, subscription, thread and kind, usable as a BullMQ job id', () => {
    const id = alertId(START, 'telegram:-100123:7:top:10', 'thread-1', 'entered-top');
    expect(id).toBe(alertId(START, 'telegram:-100123:7:top:10', 'thread-1', 'entered-top'));
    expect(id).not.toBe(alertId(START + 1, 'telegram:-100123:7:top:10', 'thread-1', 'entered-top'));
    expect(id).not.toBe(alertId(START, 'telegram:-100123:7:top:5', 'thread-1', 'entered-top'));
    expect(id).not.toContain(':');
  });

  it('a retried run computes the same alerts when its first attempt did not commit', () => {
    const script = new Script([subscription('story'), subscription('top:5', 'chat-2')]);
    script.run(START, orderWith('story', 20));
    const first = script.evaluate(START + 60 * MINUTE, orderWith('story', 1));
    const retry = script.evaluate(START + 60 * MINUTE, orderWith('story', 1));
    expect(retry.alerts.map(({ alert }) => alert.id)).toEqual(first.alerts.map(({ alert }) => alert.id));
    expect(first.alerts.map(({ alert }) => alert.kind)).toEqual(['became-first', 'became-first']);
  });

  it('a retried run after its first attempt committed sends nothing again', () => {
    const script = new Script([subscription('story'), subscription('top:5', 'chat-2')]);
    script.run(START, orderWith('story', 20));
    const at = START + 60 * MINUTE;
    script.apply(script.evaluate(at, orderWith('story', 1)));
    expect(script.evaluate(at, orderWith('story', 1)).alerts).toEqual([]);
    // …and an out-of-order older run changes nothing either.
    expect(script.evaluate(at - 5 * MINUTE, orderWith('story', 1))).toEqual({ alerts: [], memoryChanges: [] });
  });
});

import { describe, expect, it } from 'vitest';
import type { AlertKind } from '../../src/core/alert.js';
import {
  alertId,
  digestId,
  evaluateAlerts,
  FIRST_CLEAR_LEAD,
  LEAVE_RANKINGS,
  SUBSCRIPTION_MEMORY,
  topMargin,
  type AlertMemory,
  type AlertRuleConfig,
  type AlertRunOutput,
  type RankedThreadInfo,
} from '../../src/core/ranking/alert-rules.js';
import { subscriptionId, type Subscription } from '../../src/core/subscription.js';

const MINUTE = 60_000;
const START = Date.UTC(2014, 2, 10, 0, 0);
const CONFIG: AlertRuleConfig = { minRankChange: 3, minIntervalMs: 60 * MINUTE, threadTopN: 10, topIntervalMs: 0 };

function subscription(target: string, chatId = 'chat-1', disabled?: Subscription['disabled']): Subscription {
  const destination = { platform: 'telegram' as const, chatId };
  return { ...destination, id: subscriptionId(destination, target), target, slug: target.startsWith('top:') ? '' : target, createdAt: START, ...(disabled ? { disabled } : {}) };
}

/** Thread ids in rank order → ranking entries with ranks 1..n; every score 5 unless given (so no one leads clearly). */
function ranking(order: readonly string[], virality: Readonly<Record<string, number>> = {}): RankedThreadInfo[] {
  return order.map((threadId, index) => ({ threadId, slug: threadId, title: `Story ${threadId}`, rank: index + 1, virality: virality[threadId] ?? 5, articleCount: 10 }));
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
  private previousAt: number | null = null;
  constructor(
    private readonly subscriptions: Subscription[],
    private readonly config: AlertRuleConfig = CONFIG,
  ) {}

  run(at: number, order: readonly string[], virality: Readonly<Record<string, number>> = {}): AlertRunOutput {
    const output = this.evaluate(at, order, virality);
    this.apply(output);
    this.previousRanks = new Map(order.map((threadId, index) => [threadId, index + 1]));
    this.previousAt = at;
    return output;
  }

  /** Evaluates without committing (what a crashed, then retried, run computed the first time). */
  evaluate(at: number, order: readonly string[], virality: Readonly<Record<string, number>> = {}): AlertRunOutput {
    return evaluateAlerts({
      at,
      ranking: ranking(order, virality),
      previousRanks: this.previousRanks,
      previousAt: this.previousAt,
      subscriptions: this.subscriptions,
      memory: this.memory,
      config: this.config,
    });
  }

  remembered(subscriptionId: string): string[] {
    return [...(this.memory.get(subscriptionId)?.keys() ?? [])].filter((id) => id !== SUBSCRIPTION_MEMORY).sort();
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

  it('alerts when the thread enters the top N, leaves it after two rankings just outside, and becomes #1 once it has held it', () => {
    expect(topMargin(10)).toBe(2);
    expect(LEAVE_RANKINGS).toBe(2);
    const script = new Script([subscription('story')]);
    const kinds = script.runAll(ranksOf('story', [14, 10, 11, 10, 11, 12, 9, 2, 1, 1], 60));
    // 14 → 10 entered; one ranking at 11 is a wobble; 11 then 12 is two rankings outside: left;
    // 9 entered again, 2 climbed; #1 for one ranking is not news yet, #1 for the second ranking in a row is.
    expect(kinds).toEqual([[], ['entered-top'], [], [], [], ['left-top'], ['entered-top'], ['climbed'], [], ['became-first']]);
  });

  it('reports leaving at once when the thread drops beyond N + margin', () => {
    const script = new Script([subscription('story')]);
    expect(script.runAll(ranksOf('story', [14, 10, 13], 60))).toEqual([[], ['entered-top'], ['left-top']]);
  });

  it('announces a new #1 at once when it leads #2 clearly, and only once', () => {
    const script = new Script([subscription('story')]);
    script.run(START, orderWith('story', 5));
    // Every other thread scores 5: 5 × FIRST_CLEAR_LEAD is a clear lead.
    const clear = script.run(START + 60 * MINUTE, orderWith('story', 1), { story: 5 * FIRST_CLEAR_LEAD });
    expect(clear.alerts.map(({ alert }) => alert.kind)).toEqual(['became-first']);
    expect(script.run(START + 120 * MINUTE, orderWith('story', 1)).alerts).toEqual([]);
  });

  it('does not tell a thread that entered the top N at #1 that it is #1 again once it settles there', () => {
    const script = new Script([subscription('story')]);
    const kinds = script.runAll(ranksOf('story', [25, 1, 1, 1], 60));
    expect(kinds).toEqual([[], ['entered-top'], [], []]);
  });

  it('does not announce a lead changing hands every ranking', () => {
    const script = new Script([subscription('a', 'chat-a'), subscription('b', 'chat-b')]);
    const orders = [['a', 'b', 'c'], ['b', 'a', 'c'], ['a', 'b', 'c'], ['b', 'a', 'c'], ['a', 'b', 'c']];
    const kinds = script.runAll(orders.map((order, index) => ({ minutes: index * 60, order })));
    // a was #1 when they subscribed; b never holds #1 for two rankings in a row.
    expect(kinds.flat()).toEqual([]);
  });

  it('reports the most significant change only once per run', () => {
    const script = new Script([subscription('story')]);
    script.run(START, orderWith('story', 25));
    // Entered the top 10, climbed 24 places and became a clear #1, all in one run: one alert.
    const { alerts } = script.run(START + 60 * MINUTE, orderWith('story', 1), { story: 9 });
    expect(alerts.map(({ alert }) => alert.kind)).toEqual(['became-first']);
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
    expect(second.alerts.map(({ subscription: s, alert }) => [s.target, alert.kind, alert.previousRank])).toEqual([['story', 'entered-top', null]]);
    expect(second.digests.map(({ subscription: s, digest }) => [s.target, digest.entries.map((entry) => entry.threadId)])).toEqual([['top:3', ['story']]]);
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

/** The top-N messages a run sent, as readable lists. */
function messages(output: AlertRunOutput) {
  return output.digests.map(({ digest }) => ({
    period: digest.period,
    entered: digest.entries.map((entry) => `${entry.threadId}@${entry.bestRank}${entry.rank === null ? '' : `/now ${entry.rank}`}`),
    left: digest.left.map((thread) => thread.threadId),
    leader: digest.leader?.threadId ?? null,
  }));
}

const SIX_HOURS = 6 * 60 * MINUTE;

describe('alert rules for a top:N subscription', () => {
  const config: AlertRuleConfig = { ...CONFIG, topIntervalMs: SIX_HOURS };

  it('sends one message listing what entered and a settled new #1, and nothing else within the interval', () => {
    const script = new Script([subscription('top:3')], config);
    script.run(START, ['a', 'b', 'c', 'd', 'e', 'f']);
    const first = script.run(START + 60 * MINUTE, ['a', 'd', 'b', 'c', 'e', 'f']);
    expect(messages(first)).toEqual([{ period: 'update', entered: ['d@2/now 2'], left: [], leader: null }]);
    expect(first.alerts).toEqual([]);
    // Inside the six hours: e enters, becomes #1 and holds it; nothing is sent yet…
    expect(messages(script.run(START + 120 * MINUTE, ['e', 'a', 'd', 'b', 'c', 'f']))).toEqual([]);
    expect(messages(script.run(START + 180 * MINUTE, ['e', 'a', 'd', 'b', 'c', 'f']))).toEqual([]);
    // …and the next message, once the interval has passed, tells all of it at once: b has been
    // just outside for three rankings, c is beyond 3 + 1.
    const next = script.run(START + 420 * MINUTE, ['e', 'a', 'd', 'b', 'c', 'f']);
    expect(messages(next)).toEqual([{ period: 'update', entered: ['e@1/now 1'], left: ['b', 'c'], leader: 'e' }]);
    expect(next.digests[0]?.subscription.target).toBe('top:3');
  });

  it('lists a thread that entered and left again between two messages, with its best rank', () => {
    const script = new Script([subscription('top:3')], config);
    const order = (third: string) => ['a', 'b', third, 'x', 'y', 'z', 'w', 'v'];
    script.run(START, order('c'));
    expect(messages(script.run(START + 60 * MINUTE, order('c')))).toEqual([]);
    // A message goes out for d (c is one ranking out: not gone yet); then e spends three hours at #3
    // and falls far away before the next message is due.
    expect(messages(script.run(START + 120 * MINUTE, order('d')))).toEqual([{ period: 'update', entered: ['d@3/now 3'], left: [], leader: null }]);
    for (const hours of [3, 4, 5]) script.run(START + hours * 60 * MINUTE, order('e'));
    script.run(START + 6 * 60 * MINUTE, ['a', 'b', 'f', 'x', 'y', 'z', 'w', 'v']);
    const next = script.run(START + 8 * 60 * MINUTE, ['a', 'b', 'f', 'x', 'y', 'z', 'w', 'v']);
    // c and d dropped out of the ranking altogether (rank null): they have left too.
    expect(messages(next)).toEqual([{ period: 'update', entered: ['e@3', 'f@3/now 3'], left: ['c', 'd'], leader: null }]);
  });

  it('reports leaving with hysteresis: not for one ranking just below, yes for two in a row or beyond N + margin', () => {
    const script = new Script([subscription('top:5')], { ...CONFIG, topIntervalMs: 0 });
    const rows = [
      orderWith('s', 9),
      orderWith('s', 5), // entered
      orderWith('s', 6), // one ranking just below: still in
      orderWith('s', 5),
      orderWith('s', 6),
      orderWith('s', 6), // two rankings in a row below: left
      orderWith('s', 4), // entered again
      orderWith('s', 7), // beyond 5 + 1: left at once
    ];
    const sent = rows.map((order, index) => {
      const output = script.run(START + index * 60 * MINUTE, order);
      return output.digests.flatMap(({ digest }) => [
        ...digest.entries.filter((entry) => entry.threadId === 's').map(() => 'entered'),
        ...digest.left.filter((thread) => thread.threadId === 's').map(() => 'left'),
      ]);
    });
    expect(sent).toEqual([[], ['entered'], [], [], [], ['left'], ['entered'], ['left']]);
  });

  it('does not re-announce a thread wobbling just below the boundary', () => {
    const script = new Script([subscription('top:3')], { ...CONFIG, topIntervalMs: 0 });
    const orders = [
      ['a', 'b', 'c', 'd', 'e', 'f'],
      ['a', 'b', 'd', 'c', 'e', 'f'],
      ['a', 'b', 'c', 'd', 'e', 'f'],
      ['a', 'b', 'd', 'c', 'e', 'f'],
      ['a', 'b', 'c', 'd', 'e', 'f'],
      ['a', 'b', 'd', 'c', 'e', 'f'],
    ];
    const sent = orders.map((order, index) => messages(script.run(START + index * 90 * MINUTE, order)));
    // d enters once; c and d then swap places 3 ↔ 4 for one ranking at a time, which is not leaving.
    expect(sent.flat()).toEqual([{ period: 'update', entered: ['d@3/now 3'], left: [], leader: null }]);
  });

  it('sends nothing when nothing changed, and nothing on the first ranking', () => {
    const script = new Script([subscription('top:3')], { ...CONFIG, topIntervalMs: 0 });
    expect(messages(script.run(START, ['a', 'b', 'c', 'd']))).toEqual([]);
    expect(messages(script.run(START + 60 * MINUTE, ['a', 'c', 'b', 'd']))).toEqual([]);
  });

  it('forgets threads far below the top N so memory stays bounded', () => {
    const script = new Script([subscription('top:2')], config);
    const order = Array.from({ length: 50 }, (_, i) => `t${i}`);
    script.run(START, order);
    // The top 2 and the margin (#3) are remembered; nothing below.
    expect(script.remembered(subscription('top:2').id)).toEqual(['t0', 't1', 't2']);
  });
});

describe('daily top:N digest', () => {
  const digestSub = subscription('top:3:digest');
  const at = (day: number, hour: number) => Date.UTC(2014, 2, 10 + day, hour);

  it('sends one digest at the first ranking of each UTC day listing what entered the day before, and no rank-change alerts', () => {
    const script = new Script([digestSub]);
    expect(script.run(at(0, 20), ['a', 'b', 'c', 'd', 'e', 'f', 'g']).digests).toEqual([]);
    const entered = script.run(at(0, 21), ['d', 'a', 'b', 'c', 'e', 'f', 'g']);
    expect(entered).toMatchObject({ alerts: [], digests: [] });
    script.run(at(0, 22), ['e', 'd', 'a', 'b', 'c', 'f', 'g']);
    // Just after midnight: f enters now (that is the new day's news), the digest tells the 10th.
    const midnight = script.run(at(1, 0), ['f', 'e', 'd', 'a', 'b', 'c', 'g']);
    expect(midnight.digests.map(({ digest }) => digest)).toEqual([
      expect.objectContaining({ id: digestId('2014-03-10', digestSub.id), period: 'daily', day: '2014-03-10', topN: 3, at: at(1, 0) }),
    ]);
    expect(midnight.digests[0]?.digest.entries.map((entry) => [entry.threadId, entry.bestRank, entry.enteredAt])).toEqual([
      ['d', 1, at(0, 21)],
      ['e', 1, at(0, 22)],
    ]);
    expect(script.run(at(1, 1), ['f', 'e', 'd', 'a', 'b', 'c', 'g']).digests).toEqual([]);
    const nextDay = script.run(at(2, 0), ['f', 'e', 'd', 'a', 'b', 'c', 'g']);
    expect(nextDay.digests[0]?.digest.entries.map((entry) => entry.threadId)).toEqual(['f']);
  });

  it('still sends the day’s message when nothing entered', () => {
    const script = new Script([digestSub]);
    script.run(at(0, 20), ['a', 'b', 'c', 'd']);
    const midnight = script.run(at(1, 0), ['a', 'b', 'c', 'd']);
    expect(midnight.digests.map(({ digest }) => [digest.day, digest.entries])).toEqual([['2014-03-10', []]]);
  });

  it('is one message per subscriber per day: its id depends only on the day and the subscription, and a retried run sends it once', () => {
    expect(digestId('2014-03-10', digestSub.id)).toBe(digestId('2014-03-10', digestSub.id));
    expect(digestId('2014-03-10', digestSub.id)).not.toBe(digestId('2014-03-11', digestSub.id));
    expect(digestId('2014-03-10', digestSub.id)).not.toContain(':');
    const script = new Script([digestSub]);
    script.run(at(0, 20), ['a', 'b', 'c', 'd']);
    script.run(at(0, 21), ['d', 'a', 'b', 'c']);
    const first = script.evaluate(at(1, 0), ['d', 'a', 'b', 'c']);
    // Not committed (a crash): the retry decides the same message.
    expect(script.evaluate(at(1, 0), ['d', 'a', 'b', 'c'])).toEqual(first);
    script.apply(first);
    // Committed: the same run again decides nothing.
    expect(script.evaluate(at(1, 0), ['d', 'a', 'b', 'c'])).toEqual({ alerts: [], memoryChanges: [], digests: [] });
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
    const first = script.evaluate(START + 60 * MINUTE, orderWith('story', 1), { story: 9 });
    const retry = script.evaluate(START + 60 * MINUTE, orderWith('story', 1), { story: 9 });
    expect(retry.alerts.map(({ alert }) => alert.id)).toEqual(first.alerts.map(({ alert }) => alert.id));
    expect(retry.digests.map(({ digest }) => digest.id)).toEqual(first.digests.map(({ digest }) => digest.id));
    expect(first.alerts.map(({ alert }) => alert.kind)).toEqual(['became-first']);
    expect(messages(first)).toEqual([{ period: 'update', entered: ['story@1/now 1'], left: [], leader: 'story' }]);
  });

  it('a retried run after its first attempt committed sends nothing again', () => {
    const script = new Script([subscription('story'), subscription('top:5', 'chat-2')]);
    script.run(START, orderWith('story', 20));
    const at = START + 60 * MINUTE;
    script.apply(script.evaluate(at, orderWith('story', 1)));
    expect(script.evaluate(at, orderWith('story', 1)).alerts).toEqual([]);
    // …and an out-of-order older run changes nothing either.
    expect(script.evaluate(at - 5 * MINUTE, orderWith('story', 1))).toEqual({ alerts: [], memoryChanges: [], digests: [] });
  });
});

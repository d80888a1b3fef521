import calculateSlot from 'cluster-key-slot';
import { describe, expect, it } from 'vitest';
import { QUEUES } from '../../jobs/contracts.js';
import { createKeys } from '../../src/store/keys.js';

const keys = createKeys('tw');
const slotsOf = (names: string[]) => new Set(names.map((name) => calculateSlot(name)));
/** Which master serves a slot in a cluster made by `redis-cli --cluster create` with three masters. */
const masterOfEvenThreeWaySplit = (slot: number) => (slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2);

// Every group below is written together by one script or MULTI (see the table in keys.ts).
const DATA_SETS: Record<string, string[]> = {
  ingest: [keys.article('a1'), keys.seen('url:abc'), keys.seen('title:bbc:xyz'), keys.source('bbc'), keys.sourceIds(), keys.sourcePendingHandOff('bbc')],
  threads: [
    keys.thread('t1'),
    keys.threadArticles('t1'),
    keys.threadHours('t2'),
    keys.threadOutlets('t2'),
    keys.threadCountries('t3'),
    keys.threadStrays('t3'),
    keys.articleThread('a1'),
    keys.slug('trump-putin'),
    keys.slugIndex(),
    keys.activeThreads(),
    keys.archivedThreads(),
    keys.threadingState('seq'),
    keys.threadingState('log'),
    // The thread-store scripts build slug and article → thread keys from these prefixes.
    keys.slug('') + 'another-slug',
    keys.articleThread('\u0000').split('\u0000')[0]! + 'a2' + keys.articleThread('\u0000').split('\u0000')[1]!,
  ],
  rank: [
    keys.ranking(),
    keys.rankingMeta(),
    keys.rankingPrevious(),
    keys.rankingStats(),
    keys.rankingStaging('run-1'),
    keys.rankingStatsStaging('run-1'),
    keys.rankingDeliveries(),
    keys.rankHistory('t1'),
    keys.threadStats('t2'),
    keys.alertState('sub-1'),
  ],
  subs: [keys.subscription('sub-1'), keys.chatSubscriptions('telegram', '-100'), keys.targetSubscriptions('top:10'), keys.allTopSubscriptionTargets()],
  telegram: [keys.telegramRateLimit('all'), keys.telegramRateLimit('pause:-100'), keys.telegramRateLimit('chat:-100'), keys.telegramRateLimit('group:-100')],
};

describe('Redis Cluster key layout', () => {
  it.each(Object.entries(DATA_SETS))('puts every key of the %s data set in one hash slot', (_, names) => {
    expect(slotsOf(names).size).toBe(1);
  });

  it('gives each data set its own slot', () => {
    const slots = Object.values(DATA_SETS).map((names) => calculateSlot(names[0]!));
    expect(new Set(slots).size).toBe(slots.length);
  });

  it.each(Object.values(QUEUES))('keeps every key of the %s queue in one slot', (queue) => {
    const prefix = keys.queuePrefix(queue);
    // BullMQ names a queue's keys `${prefix}:${queue}:${type}`.
    expect(slotsOf(['', 'wait', 'active', 'meta', 'events', 'delayed', 'repeat', 'limiter', 'job-42'].map((type) => `${prefix}:${queue}:${type}`)).size).toBe(1);
  });

  it('spreads the queues, and the data sets, over all three masters of an evenly split cluster', () => {
    const queueMasters = new Set(Object.values(QUEUES).map((queue) => masterOfEvenThreeWaySplit(calculateSlot(`${keys.queuePrefix(queue)}:${queue}:wait`))));
    const dataMasters = new Set(Object.values(DATA_SETS).map((names) => masterOfEvenThreeWaySplit(calculateSlot(names[0]!))));
    expect([...queueMasters].sort()).toEqual([0, 1, 2]);
    expect([...dataMasters].sort()).toEqual([0, 1, 2]);
  });

  it('leaves keys that are only ever used alone untagged, so they spread by their own names', () => {
    for (const name of [keys.summary('t1'), keys.alertSent('alert-1'), keys.forumPost('sub-1', 't1'), keys.rateLimit('discord-alerts'), keys.llmBudget(1)]) expect(name).not.toContain('{');
    expect(slotsOf(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8'].map((id) => keys.summary(id))).size).toBeGreaterThan(1);
  });

  it('keeps every key under the install prefix, so one install can be listed or dropped with SCAN MATCH prefix:*', () => {
    const all = [...Object.values(DATA_SETS).flat(), keys.queuePrefix(QUEUES.pollSource), keys.summary('t1'), keys.llmBudget(1)];
    expect(all.every((name) => name.startsWith('tw:'))).toBe(true);
  });
});

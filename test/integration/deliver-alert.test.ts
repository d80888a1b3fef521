import { Queue, Worker, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullDeliveryQueue, createDeliverAlertProcessor, type AlertSender } from '../../jobs/deliver-alert.js';
import { QUEUES } from '../../jobs/contracts.js';
import { createRankThreadsProcessor, type DeliveryItem, type DeliveryQueue } from '../../jobs/rank-threads.js';
import type { Alert, Notice } from '../../src/core/alert.js';
import { digestId } from '../../src/core/ranking/alert-rules.js';
import { ChatMovedError, PermanentDeliveryError, RateLimitedError } from '../../src/core/errors.js';
import type { Platform, Subscription, SubscriptionStore } from '../../src/core/subscription.js';
import { createLogger } from '../../src/logger.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { createRedisRankingStore } from '../../src/store/redis-ranking-store.js';
import { createRedisAlertSentMarker, createRedisSubscriptionStore } from '../../src/store/redis-subscription-store.js';
import { createRedisThreadStore } from '../../src/store/redis-thread-store.js';
import { seedThreads } from '../helpers/ranking-seed.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const AT = Date.UTC(2014, 2, 10, 12);

/** An adapter stand-in: records every send and plays a script of outcomes per chat. */
class ScriptedSender implements AlertSender {
  readonly sent: { chatId: string; alertId: string }[] = [];
  readonly notices: { chatId: string; notice: Notice }[] = [];
  readonly attempts: string[] = [];
  private readonly scripts = new Map<string, (Error | 'ok')[]>();

  script(chatId: string, outcomes: (Error | 'ok')[]): void {
    this.scripts.set(chatId, outcomes);
  }

  async send(subscription: Subscription, alert: Notice): Promise<void> {
    this.attempts.push(subscription.chatId);
    const outcome = this.scripts.get(subscription.chatId)?.shift() ?? 'ok';
    if (outcome instanceof Error) throw outcome;
    this.sent.push({ chatId: subscription.chatId, alertId: alert.id });
    this.notices.push({ chatId: subscription.chatId, notice: alert });
  }
}

let testRedis: TestRedis;
let keys: Keys;
let subscriptions: SubscriptionStore;
let sender: ScriptedSender;
let queues: Record<Platform, Queue>;
let worker: Worker;
let deliveries: DeliveryQueue;
const finished = new Map<string, (outcome: { state: 'completed' | 'failed'; value: unknown; job: Job }) => void>();

beforeAll(async () => {
  testRedis = await createTestRedis('deliver');
  keys = createKeys(testRedis.prefix);
  subscriptions = createRedisSubscriptionStore(testRedis.redis, keys);
  sender = new ScriptedSender();
  const connection = testRedis.connect();
  queues = {
    discord: new Queue(QUEUES.deliverDiscord, { connection, prefix: keys.queuePrefix(QUEUES.deliverDiscord) }),
    telegram: new Queue(QUEUES.deliverTelegram, { connection, prefix: keys.queuePrefix(QUEUES.deliverTelegram) }),
    console: new Queue(QUEUES.deliverConsole, { connection, prefix: keys.queuePrefix(QUEUES.deliverConsole) }),
  };
  deliveries = createBullDeliveryQueue(queues, { attempts: 3, backoffDelayMs: 20 });
  const processor = createDeliverAlertProcessor({
    subscriptions,
    sender,
    logger: createLogger('silent'),
    sentMarker: createRedisAlertSentMarker(testRedis.redis, keys),
  });
  worker = new Worker(QUEUES.deliverTelegram, processor, { connection: testRedis.connect({ forWorker: true }), prefix: keys.queuePrefix(QUEUES.deliverTelegram) });
  worker.on('completed', (job, value) => finished.get(job.id ?? '')?.({ state: 'completed', value, job }));
  worker.on('failed', (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) finished.get(job.id ?? '')?.({ state: 'failed', value: error.message, job });
    if (job && error.name === 'UnrecoverableError') finished.get(job.id ?? '')?.({ state: 'failed', value: error.message, job });
  });
  await worker.waitUntilReady();
});

afterAll(async () => {
  await worker.close();
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
  await testRedis.cleanup();
});

let alertSeq = 0;
function alertFor(threadId = 'thread-1'): Alert {
  alertSeq += 1;
  return { id: `${AT}-climbed-${alertSeq}`, kind: 'climbed', threadId, slug: 'trump-putin', title: 'Trump Putin call', rank: 3, previousRank: 9, virality: 6.2, articleCount: 40, at: AT };
}

async function subscribe(chatId: string): Promise<Subscription> {
  return (await subscriptions.subscribe({ destination: { platform: 'telegram', chatId }, target: 'thread-1', slug: 'trump-putin', at: AT })).subscription;
}

function outcomeOf(alertId: string) {
  return new Promise<{ state: 'completed' | 'failed'; value: unknown; job: Job }>((resolve) => finished.set(alertId, resolve));
}

/** Polls a job already in the queue until it has completed (the worker may finish it before a listener could be attached). */
async function settledReturnValue(queue: Queue, jobId: string): Promise<unknown> {
  for (let tries = 0; tries < 500; tries++) {
    if ((await queue.getJobState(jobId)) === 'completed') return (await queue.getJob(jobId))?.returnvalue;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`job ${jobId} did not complete`);
}

async function deliver(subscription: Subscription, alert: Alert) {
  const outcome = outcomeOf(alert.id);
  const item: DeliveryItem = { platform: subscription.platform, payload: { subscriptionId: subscription.id, alert } };
  await deliveries.enqueue([item]);
  return outcome;
}

describe('deliver-alert job on a real BullMQ worker', () => {
  it('sends an alert once, even when the same delivery is enqueued twice', async () => {
    const subscription = await subscribe('100');
    const alert = alertFor();
    const outcome = outcomeOf(alert.id);
    const item: DeliveryItem = { platform: 'telegram', payload: { subscriptionId: subscription.id, alert } };
    await deliveries.enqueue([item, item]);
    await deliveries.enqueue([item]);
    expect((await outcome).value).toEqual({ status: 'sent' });
    expect(sender.sent.filter((entry) => entry.alertId === alert.id)).toHaveLength(1);
    expect(await testRedis.redis.exists(keys.alertSent(alert.id))).toBe(1);
  });

  it('skips an alert already sent (a re-run after the job record was removed)', async () => {
    const subscription = await subscribe('101');
    const alert = alertFor();
    await createRedisAlertSentMarker(testRedis.redis, keys).markSent(alert.id);
    expect((await deliver(subscription, alert)).value).toEqual({ status: 'skipped-duplicate' });
    expect(sender.attempts).not.toContain('101');
  });

  it('skips disabled and removed subscriptions', async () => {
    const disabled = await subscribe('102');
    await subscriptions.disable(disabled.id, 'bot was blocked by the user', AT);
    expect((await deliver(disabled, alertFor())).value).toEqual({ status: 'skipped-disabled' });
    const removed = await subscribe('103');
    await subscriptions.unsubscribe(removed, 'thread-1');
    expect((await deliver(removed, alertFor())).value).toEqual({ status: 'skipped-disabled' });
    expect(sender.attempts.filter((chat) => chat === '102' || chat === '103')).toEqual([]);
  });

  it('waits out a rate limit without using up an attempt, then sends exactly once', async () => {
    const subscription = await subscribe('104');
    sender.script('104', [new RateLimitedError(150), new RateLimitedError(150), new RateLimitedError(150), 'ok']);
    const alert = alertFor();
    const outcome = await deliver(subscription, alert);
    expect(outcome.value).toEqual({ status: 'sent' });
    // Three rate limits with 3 attempts configured: had any consumed an attempt, the job would have failed.
    expect(sender.attempts.filter((chat) => chat === '104')).toHaveLength(4);
    expect(sender.sent.filter((entry) => entry.chatId === '104')).toHaveLength(1);
    expect(outcome.job.attemptsMade).toBe(1);
  });

  it('disables the subscription on a permanent failure and does not retry', async () => {
    const subscription = await subscribe('105');
    sender.script('105', [new PermanentDeliveryError('Forbidden: bot was kicked from the group chat')]);
    const outcome = await deliver(subscription, alertFor());
    expect(outcome.state).toBe('failed');
    expect(sender.attempts.filter((chat) => chat === '105')).toHaveLength(1);
    expect((await subscriptions.get(subscription.id))?.disabled?.reason).toBe('Forbidden: bot was kicked from the group chat');
  });

  it('follows a chat that moved (group → supergroup) and sends there once', async () => {
    const subscription = await subscribe('-106');
    sender.script('-106', [new ChatMovedError('-100106')]);
    const alert = alertFor();
    const outcome = await deliver(subscription, alert);
    expect(outcome.value).toEqual({ status: 'sent' });
    expect(sender.sent.filter((entry) => entry.alertId === alert.id)).toEqual([{ chatId: '-100106', alertId: alert.id }]);
    expect(await subscriptions.listForChat('telegram', '-106')).toEqual([]);
    expect((await subscriptions.listForChat('telegram', '-100106')).map((s) => s.target)).toEqual(['thread-1']);
    expect(outcome.job.data.subscriptionId).toBe('telegram:-100106::thread-1');
  });

  it('retries other errors with backoff and sends once it works', async () => {
    const subscription = await subscribe('107');
    sender.script('107', [new Error('socket hang up'), 'ok']);
    const outcome = await deliver(subscription, alertFor());
    expect(outcome.value).toEqual({ status: 'sent' });
    expect(outcome.job.attemptsMade).toBe(2);
    expect(sender.sent.filter((entry) => entry.chatId === '107')).toHaveLength(1);
  });

  it('gives up after the configured attempts on an error that keeps happening', async () => {
    const subscription = await subscribe('108');
    sender.script('108', [new Error('502'), new Error('502'), new Error('502')]);
    const outcome = await deliver(subscription, alertFor());
    expect(outcome.state).toBe('failed');
    expect(sender.attempts.filter((chat) => chat === '108')).toHaveLength(3);
    expect((await subscriptions.get(subscription.id))?.disabled).toBeUndefined();
  });

  it('rejects a malformed payload permanently', async () => {
    const outcome = outcomeOf('bad-payload');
    await queues.telegram.add('deliver-alert', { subscriptionId: '' }, { jobId: 'bad-payload', attempts: 3 });
    const result = await outcome;
    expect(result.state).toBe('failed');
    expect(result.value).toMatch(/invalid deliver-alert payload/);
  });
});

describe('ranking → delivery queue → adapter', () => {
  it('delivers one alert to a subscribed chat when its thread becomes #1, even when the ranking job is retried', async () => {
    const threads = createRedisThreadStore(testRedis.redis, keys);
    const rank = createRankThreadsProcessor({
      threads,
      ranking: createRedisRankingStore(testRedis.redis, keys),
      subscriptions,
      deliveries,
      logger: createLogger('silent'),
      alerts: { minRankChange: 3, minIntervalMs: 60 * 60_000, threadTopN: 10, topIntervalMs: 0 },
    });
    const article = (id: string, outlet: string, published: number) => ({ id, outlet, published, lean: 'center' as const, country: 'US' });
    await seedThreads(threads, [
      { id: 'leader', title: 'Leader', slugBase: 'leader', articles: [1, 2, 3, 4, 5].map((i) => article(`l${i}`, `o${i % 3}.com`, AT - i * 60_000)) },
      { id: 'rising', title: 'Rising', slugBase: 'rising', articles: [1, 2, 3].map((i) => article(`r${i}`, `o${i % 2}.com`, AT - 3_600_000 - i * 60_000)) },
    ]);
    await rank({ data: { at: AT } } as Job);
    const { subscription } = await subscriptions.subscribe({ destination: { platform: 'telegram', chatId: '900' }, target: 'rising', slug: 'rising', at: AT });
    await seedThreads(threads, [
      { id: 'rising', title: 'Rising', slugBase: 'rising', articles: Array.from({ length: 20 }, (_, i) => article(`r-more-${i}`, `o${i % 6}.com`, AT + 30 * 60_000 + i * 60_000)) },
    ]);

    const later = AT + 2 * 3_600_000;
    expect(await rank({ data: { at: later } } as Job)).toMatchObject({ status: 'ranked', alerts: 1 });
    expect(await rank({ data: { at: later } } as Job)).toMatchObject({ status: 'already-ranked', alerts: 1 });
    const [job] = await queues.telegram.getJobs(['waiting', 'active', 'completed', 'delayed']).then((jobs) => jobs.filter((j) => j.data.subscriptionId === subscription.id));
    expect(job).toBeDefined();
    expect(await settledReturnValue(queues.telegram, job!.id!)).toEqual({ status: 'sent' });
    expect(sender.sent.filter((entry) => entry.chatId === '900')).toEqual([{ chatId: '900', alertId: job!.data.alert.id }]);
    expect(job!.data.alert).toMatchObject({ kind: 'became-first', threadId: 'rising', slug: 'rising', rank: 1, previousRank: 2 });
  });

  it('sends a top:N subscriber one message listing what changed and a digest subscriber one message a day, through the same queue, once even when the ranking is retried', async () => {
    // Own thread and ranking keys, so the rankings of the other tests do not move these threads.
    const own = createKeys(`${testRedis.prefix}:top-messages`);
    const threads = createRedisThreadStore(testRedis.redis, own);
    const rank = createRankThreadsProcessor({
      threads,
      ranking: createRedisRankingStore(testRedis.redis, own),
      subscriptions,
      deliveries,
      logger: createLogger('silent'),
      alerts: { minRankChange: 3, minIntervalMs: 60 * 60_000, threadTopN: 10, topIntervalMs: 6 * 3_600_000 },
    });
    const article = (id: string, outlet: string, published: number) => ({ id, outlet, published, lean: 'center' as const, country: 'US' });
    await seedThreads(threads, [
      { id: 'steady', title: 'Steady', slugBase: 'steady', articles: [1, 2, 3, 4, 5].map((i) => article(`s${i}`, `o${i % 3}.com`, AT - i * 60_000)) },
      { id: 'surging', title: 'Surging', slugBase: 'surging', articles: [1, 2, 3].map((i) => article(`u${i}`, `o${i % 2}.com`, AT - 3_600_000 - i * 60_000)) },
    ]);
    await rank({ data: { at: AT } } as Job);
    const destination = (chatId: string) => ({ platform: 'telegram' as const, chatId });
    const top = (await subscriptions.subscribe({ destination: destination('950'), target: 'top:1', slug: '', at: AT })).subscription;
    const daily = (await subscriptions.subscribe({ destination: destination('951'), target: 'top:1:digest', slug: '', at: AT })).subscription;
    await seedThreads(threads, [
      { id: 'surging', title: 'Surging', slugBase: 'surging', articles: Array.from({ length: 20 }, (_, i) => article(`u-more-${i}`, `o${i % 6}.com`, AT + 30 * 60_000 + i * 60_000)) },
    ]);

    const waitFor = async (chatId: string, count: number) => {
      for (let tries = 0; tries < 500 && sender.notices.filter((entry) => entry.chatId === chatId).length < count; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      return sender.notices.filter((entry) => entry.chatId === chatId).map((entry) => entry.notice);
    };
    await rank({ data: { at: AT + 2 * 3_600_000 } } as Job);
    const [update] = await waitFor('950', 1);
    expect(update).toMatchObject({ kind: 'digest', period: 'update', topN: 1, entries: [{ threadId: 'surging', slug: 'surging', bestRank: 1, rank: 1 }] });

    // The first ranking after midnight UTC sends the digest of the 10th; the retried run sends nothing more.
    const midnight = Date.UTC(2014, 2, 11);
    await rank({ data: { at: midnight } } as Job);
    expect(await rank({ data: { at: midnight } } as Job)).toMatchObject({ status: 'already-ranked' });
    const digests = await waitFor('951', 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sender.notices.filter((entry) => entry.chatId === '951')).toHaveLength(1);
    expect(digests[0]).toMatchObject({ id: digestId('2014-03-10', daily.id), kind: 'digest', period: 'daily', day: '2014-03-10', entries: [{ threadId: 'surging', bestRank: 1 }] });
    // Ten hours after its first message, the top:1 subscriber hears that the old #1 has left: once.
    const updates = sender.notices.filter((entry) => entry.chatId === '950').map((entry) => entry.notice);
    expect(updates).toHaveLength(2);
    expect(updates[1]).toMatchObject({ period: 'update', entries: [], left: [{ threadId: 'steady', rank: 2 }], leader: null });
    expect(top.target).toBe('top:1');
  });
});

import { Api } from 'grammy';
import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES, type DeliverAlertPayload } from '../../jobs/contracts.js';
import { createDeliverAlertProcessor } from '../../jobs/deliver-alert.js';
import { createTelegramAlertSender } from '../../src/adapters/telegram/alert-sender.js';
import { createTelegramRateLimiter, telegramRateLimits } from '../../src/adapters/telegram/rate-limiter.js';
import { loadConfig } from '../../src/config/config.js';
import type { Alert } from '../../src/core/alert.js';
import type { Subscription, SubscriptionStore } from '../../src/core/subscription.js';
import { createLogger } from '../../src/logger.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { createRedisAlertSentMarker, createRedisSubscriptionStore } from '../../src/store/redis-subscription-store.js';
import { faults, startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const logger = createLogger('silent');
const config = loadConfig({});

let testRedis: TestRedis;
let keys: Keys;
let subscriptions: SubscriptionStore;

/** The production delivery path: BullMQ queue + worker running the deliver-alert processor with the Telegram sender. */
async function startDelivery(fake: FakeTelegram, label: string) {
  const sender = createTelegramAlertSender({
    api: new Api(fake.token, { apiRoot: fake.apiRoot }),
    limiter: createTelegramRateLimiter(testRedis.redis, keys, telegramRateLimits(config)),
    logger,
  });
  const processor = createDeliverAlertProcessor({ subscriptions, sender, logger, sentMarker: createRedisAlertSentMarker(testRedis.redis, keys) });
  const queueName = `${QUEUES.deliverTelegram}-${label}`;
  const queue = new Queue(queueName, { connection: testRedis.connect(), prefix: keys.queuePrefix(queueName) });
  const worker = new Worker(queueName, processor, { connection: testRedis.connect({ forWorker: true }), prefix: keys.queuePrefix(queueName), concurrency: 5 });
  return {
    async deliver(subscription: Subscription, alert: Alert) {
      const payload: DeliverAlertPayload = { subscriptionId: subscription.id, alert };
      return queue.add('deliver-alert', payload, { jobId: alert.id, attempts: 3, backoff: { type: 'fixed', delay: 200 } });
    },
    async settled(jobId: string) {
      await expect.poll(async () => (await queue.getJob(jobId))?.getState(), { timeout: 15_000, interval: 50 }).toMatch(/completed|failed/);
      return (await queue.getJob(jobId))!;
    },
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}

const alertFor = (id: string): Alert => ({
  id,
  kind: 'entered-top',
  threadId: 't-trump-putin',
  slug: 'trump-putin',
  title: 'Trump Putin Call',
  rank: 4,
  previousRank: 15,
  topN: 10,
  virality: 5.4,
  articleCount: 451,
  at: Date.now(),
  url: 'https://news.test/story',
});

async function subscribe(chatId: string): Promise<Subscription> {
  const { subscription } = await subscriptions.subscribe({ destination: { platform: 'telegram', chatId }, target: 'top:10', slug: '', at: Date.now() });
  return subscription;
}

beforeAll(async () => {
  testRedis = await createTestRedis('telegram-delivery');
  keys = createKeys(testRedis.prefix);
  subscriptions = createRedisSubscriptionStore(testRedis.redis, keys);
});

afterAll(async () => {
  await testRedis?.cleanup();
});

describe('Telegram alert delivery through the deliver-alert job', () => {
  let fake: FakeTelegram;
  let delivery: Awaited<ReturnType<typeof startDelivery>>;
  beforeAll(async () => {
    fake = await startFakeTelegram();
    delivery = await startDelivery(fake, 'faults');
  });
  afterAll(async () => {
    await delivery?.close();
    await fake?.close();
  });

  const sendsTo = (chatId: string) => fake.calls.filter((call) => call.method === 'sendMessage' && String(call.params['chat_id']) === chatId);

  it('waits out a 429 and then delivers the alert exactly once', async () => {
    const subscription = await subscribe('1001');
    fake.fail({ method: 'sendMessage', chatId: '1001', failure: faults.tooManyRequests(1) });
    const job = await delivery.settled((await delivery.deliver(subscription, alertFor('alert-429'))).id!);
    expect(await job.getState()).toBe('completed');
    const attempts = sendsTo('1001');
    expect(attempts.map((call) => call.status)).toEqual([429, 200]);
    // retry_after is 1 s; the retry must not come sooner.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);

    // The same alert enqueued again (a retried ranking run) sends nothing new.
    await job.remove();
    await delivery.settled((await delivery.deliver(subscription, alertFor('alert-429'))).id!);
    expect(sendsTo('1001').filter((call) => call.status === 200)).toHaveLength(1);
  });

  it('disables the subscription when the user blocked the bot (403) and stops retrying', async () => {
    const subscription = await subscribe('1002');
    fake.fail({ method: 'sendMessage', chatId: '1002', failure: faults.blocked(), times: 5 });
    const job = await delivery.settled((await delivery.deliver(subscription, alertFor('alert-403'))).id!);
    expect(await job.getState()).toBe('failed');
    expect(sendsTo('1002')).toHaveLength(1);
    expect((await subscriptions.get(subscription.id))?.disabled?.reason).toContain('blocked');
  });

  it('disables the subscription when the chat no longer exists (400 chat not found)', async () => {
    const subscription = await subscribe('1003');
    fake.fail({ method: 'sendMessage', chatId: '1003', failure: faults.chatNotFound(), times: 5 });
    await delivery.settled((await delivery.deliver(subscription, alertFor('alert-400'))).id!);
    expect((await subscriptions.get(subscription.id))?.disabled?.reason).toContain('chat not found');
  });

  it('moves the subscription to the supergroup and delivers there when the group was upgraded', async () => {
    const subscription = await subscribe('-777');
    fake.fail({ method: 'sendMessage', chatId: '-777', failure: faults.migrated(-1000777) });
    const job = await delivery.settled((await delivery.deliver(subscription, alertFor('alert-migrate'))).id!);
    expect(await job.getState()).toBe('completed');
    expect(sendsTo('-1000777').map((call) => call.status)).toEqual([200]);
    expect(await subscriptions.listForChat('telegram', '-777')).toEqual([]);
    expect((await subscriptions.listForChat('telegram', '-1000777')).map((moved) => moved.target)).toEqual(['top:10']);
  });
});

describe('Telegram send limits', () => {
  it('paces several alerts to one chat so a rate-enforcing server never answers 429', async () => {
    const fake = await startFakeTelegram({ enforceLimits: { perSecond: 30, perChatPerSecond: 1 } });
    const delivery = await startDelivery(fake, 'paced');
    try {
      const subscription = await subscribe('2001');
      const jobs = await Promise.all(['p1', 'p2', 'p3'].map((id) => delivery.deliver(subscription, { ...alertFor(id), threadId: `t-${id}` })));
      for (const job of jobs) expect(await (await delivery.settled(job.id!)).getState()).toBe('completed');
      expect(fake.count429).toBe(0);
      expect(fake.callsTo('sendMessage')).toHaveLength(3);
    } finally {
      await delivery.close();
      await fake.close();
    }
  });

  it('refuses a send that would have to wait longer than allowed, saying how long to stay away', async () => {
    // Own key space: the overall budget must not be shared with the deliveries of the tests above.
    const limiter = createTelegramRateLimiter(testRedis.redis, createKeys(`${testRedis.prefix}:limits`), telegramRateLimits(config, { perGroupPerMinute: 2, maxWaitMs: 2_000 }));
    const first = await limiter.reserve('-3001');
    const second = await limiter.reserve('-3001');
    const third = await limiter.reserve('-3001');
    expect(first.granted && first.delayMs).toBe(0);
    // One message per second per chat: the second waits its turn in-process.
    expect(second.granted && second.delayMs).toBeGreaterThanOrEqual(900);
    // Twenty per minute per group (here two): the third is pushed a minute out and must be delayed as a job.
    expect(third.granted).toBe(false);
    expect(!third.granted && third.retryAfterMs).toBeGreaterThan(55_000);
  });

  it('holds one chat back for as long as Telegram asked, without slowing other chats', async () => {
    const limiter = createTelegramRateLimiter(testRedis.redis, createKeys(`${testRedis.prefix}:pause`), telegramRateLimits(config));
    await limiter.pause('3003', 30_000);
    await limiter.pause('3003', 1_000);
    const held = await limiter.reserve('3003');
    expect(held.granted).toBe(false);
    expect(!held.granted && held.retryAfterMs).toBeGreaterThan(25_000);
    const other = await limiter.reserve('3004');
    expect(other.granted && other.delayMs).toBeLessThan(100);
  });

  it('gives a released slot back so the next send to that chat need not wait for it', async () => {
    const limiter = createTelegramRateLimiter(testRedis.redis, createKeys(`${testRedis.prefix}:release`), telegramRateLimits(config));
    const unused = await limiter.reserve('3002');
    if (!unused.granted) throw new Error('first reservation must be granted');
    await unused.release();
    const next = await limiter.reserve('3002');
    expect(next.granted && next.delayMs).toBeLessThan(100);
  });
});

import { pathToFileURL } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { Api } from 'grammy';
import { QUEUES } from '../jobs/contracts.js';
import { createBullDeliveryQueue, createDeliverAlertProcessor } from '../jobs/deliver-alert.js';
import type { DeliveryItem } from '../jobs/rank-threads.js';
import { createTelegramAlertSender } from '../src/adapters/telegram/alert-sender.js';
import { createTelegramRateLimiter, telegramDeliveryLimiter, telegramRateLimits } from '../src/adapters/telegram/rate-limiter.js';
import { loadConfig } from '../src/config/config.js';
import type { Alert } from '../src/core/alert.js';
import { alertId } from '../src/core/ranking/alert-rules.js';
import { createLogger } from '../src/logger.js';
import { createBenchRedis } from './bench-redis.js';
import { createRedisAlertSentMarker, createRedisSubscriptionStore } from '../src/store/redis-subscription-store.js';
import { startFakeTelegram } from '../test/helpers/fake-telegram.js';

/**
 * One alert fanned out to TELEGRAM_BENCH_CHATS (default 5,000) subscribed chats through the real
 * delivery path — ranking's BullMQ fan-out, the deliver-alert processor, the Telegram sender and its
 * Redis rate limiter — against the fake Bot API in rate-enforcing mode (30 msg/s overall, 1 msg/s
 * per chat, 429 beyond). Two workers stand in for two processes sharing one budget.
 */

const WORKERS = 2;
/** Same per-process concurrency the runtime gives the deliver-telegram worker. */
const CONCURRENCY = 10;

export async function run(): Promise<Record<string, number | string>> {
  const chats = Math.max(1, Number(process.env['TELEGRAM_BENCH_CHATS'] ?? 5_000));
  const bench = createBenchRedis('telegram');
  const { redis, keys } = bench;
  const connect = (forWorker: boolean) => bench.connect({ forWorker });
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const logger = createLogger('silent');
  const fake = await startFakeTelegram({ enforceLimits: { perSecond: config.TELEGRAM_MAX_PER_SECOND, perChatPerSecond: config.TELEGRAM_MAX_PER_CHAT_PER_SECOND } });
  const queue = new Queue(QUEUES.deliverTelegram, { connection: connect(false), prefix: keys.queuePrefix(QUEUES.deliverTelegram) });
  const workers: Worker[] = [];
  try {
    const subscriptions = createRedisSubscriptionStore(redis, keys);
    const items: DeliveryItem[] = [];
    const alert: Omit<Alert, 'id'> = {
      kind: 'entered-top',
      threadId: 'bench-thread',
      slug: 'trump-putin',
      title: 'Trump Putin Call',
      rank: 3,
      previousRank: 14,
      topN: 10,
      virality: 5.4,
      articleCount: 451,
      at: Date.now(),
      url: 'https://news.example/trump-putin',
    };
    for (let index = 0; index < chats; index++) {
      // Half private chats, half groups: groups also carry the per-group budget.
      const chatId = index % 2 === 0 ? String(100_000 + index) : String(-1_000_000_000 - index);
      const { subscription } = await subscriptions.subscribe({ destination: { platform: 'telegram', chatId }, target: 'top:10', slug: '', at: Date.now() });
      items.push({ platform: 'telegram', payload: { subscriptionId: subscription.id, alert: { ...alert, id: alertId(alert.at, subscription.id, alert.threadId, alert.kind) } } });
    }

    const sender = createTelegramAlertSender({
      api: new Api(fake.token, { apiRoot: fake.apiRoot }),
      limiter: createTelegramRateLimiter(redis, keys, telegramRateLimits(config)),
      logger,
    });
    const processor = createDeliverAlertProcessor({ subscriptions, sender, logger, sentMarker: createRedisAlertSentMarker(redis, keys) });
    const deliveryQueue = createBullDeliveryQueue({ telegram: queue, discord: queue, console: queue });
    const started = performance.now();
    await deliveryQueue.enqueue(items);
    for (let index = 0; index < WORKERS; index++) {
      workers.push(
        new Worker(QUEUES.deliverTelegram, processor, {
          connection: connect(true),
          prefix: keys.queuePrefix(QUEUES.deliverTelegram),
          concurrency: CONCURRENCY,
          limiter: telegramDeliveryLimiter(config),
        }),
      );
    }

    let counts = await queue.getJobCounts('completed', 'failed');
    while ((counts['completed'] ?? 0) + (counts['failed'] ?? 0) < chats) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      counts = await queue.getJobCounts('completed', 'failed');
    }
    const wallSeconds = (performance.now() - started) / 1000;

    const delivered = fake.callsTo('sendMessage');
    const perChat = new Map<string, number>();
    for (const call of delivered) perChat.set(String(call.params['chat_id']), (perChat.get(String(call.params['chat_id'])) ?? 0) + 1);
    const lost = items.filter((item) => !perChat.has(item.payload.subscriptionId.split(':')[1] ?? '')).length;
    const duplicated = [...perChat.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
    const times = delivered.map((call) => call.at).sort((a, b) => a - b);
    const spanSeconds = times.length > 1 ? (times[times.length - 1]! - times[0]!) / 1000 : 0;
    return {
      chats,
      delivered: delivered.length,
      msgsPerSec: spanSeconds > 0 ? Math.round(((times.length - 1) / spanSeconds) * 100) / 100 : 0,
      wallSeconds: Math.round(wallSeconds * 10) / 10,
      count429: fake.count429,
      lost,
      duplicated,
      failedJobs: counts['failed'] ?? 0,
      limitPerSec: config.TELEGRAM_MAX_PER_SECOND,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
    await queue.close();
    await fake.close();
    await bench.cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await run(), null, 2));
}

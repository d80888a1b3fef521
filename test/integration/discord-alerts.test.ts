import { Queue, Worker, type Job } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBullDeliveryQueue, createDeliverAlertProcessor } from '../../jobs/deliver-alert.js';
import { createRankThreadsProcessor } from '../../jobs/rank-threads.js';
import { QUEUES } from '../../jobs/contracts.js';
import { createCommandRunner } from '../../commands/runner.js';
import { createDiscordBot, type DiscordBot } from '../../src/adapters/discord/bot.js';
import { loadConfig } from '../../src/config/config.js';
import type { Alert } from '../../src/core/alert.js';
import { PermanentDeliveryError, RateLimitedError } from '../../src/core/errors.js';
import type { Subscription, SubscriptionStore } from '../../src/core/subscription.js';
import { createLogger } from '../../src/logger.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { createRedisRankingStore } from '../../src/store/redis-ranking-store.js';
import { createRedisAlertSentMarker, createRedisSubscriptionStore } from '../../src/store/redis-subscription-store.js';
import { createRedisThreadStore } from '../../src/store/redis-thread-store.js';
import { emptyWorld, fakeDeps } from '../helpers/command-fakes.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { seedThreads } from '../helpers/ranking-seed.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

let testRedis: TestRedis;
let keys: Keys;
let fake: FakeDiscord;
let bot: DiscordBot;
let subscriptions: SubscriptionStore;
let alertCounter = 0;

beforeAll(async () => {
  testRedis = await createTestRedis('discord-alerts');
  keys = createKeys(testRedis.prefix);
  fake = await startFakeDiscord();
  subscriptions = createRedisSubscriptionStore(testRedis.redis, keys);
  bot = createDiscordBot({
    config: loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase }),
    runner: createCommandRunner(fakeDeps(emptyWorld())),
    pictures: { render: () => null },
    redis: testRedis.redis,
    keys,
    logger: createLogger('silent'),
  });
  // No start(): delivery workers post alerts over REST without a gateway connection.
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await testRedis?.cleanup();
});

beforeEach(() => {
  fake.requests.length = 0;
});

function alert(overrides: Partial<Alert> = {}): Alert {
  alertCounter += 1;
  return {
    id: `run-${alertCounter}-alert`,
    kind: 'climbed',
    threadId: 't-trump-putin',
    slug: 'trump-putin',
    title: 'Trump Putin Call',
    rank: 4,
    previousRank: 11,
    virality: 5.4,
    articleCount: 451,
    at: Date.UTC(2014, 2, 12, 8),
    url: 'https://apnews.com/story-4',
    ...overrides,
  };
}

async function subscribe(destination: Omit<Subscription, 'id' | 'target' | 'slug' | 'createdAt'>): Promise<Subscription> {
  const { subscription } = await subscriptions.subscribe({ destination, target: 't-trump-putin', slug: 'trump-putin', at: Date.now() });
  return subscription;
}

const posts = (path: string) => fake.requests.filter((request) => request.method === 'POST' && request.path === path);

describe('Discord alert delivery against a fake Discord', () => {
  it('posts exactly one alert embed to a subscribed text channel', async () => {
    const subscription = await subscribe({ platform: 'discord', chatId: fake.channels.text.id, channelKind: 'text' });
    await bot.sender.send(subscription, alert());

    const sent = posts(`/channels/${fake.channels.text.id}/messages`);
    expect(sent).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
    const [embed] = sent[0]?.body.embeds ?? [];
    expect(embed.title).toBe('Trump Putin Call');
    expect(embed.url).toBe('https://apnews.com/story-4');
    expect(embed.description).toContain('#4');
    expect(embed.description).toContain('#11');
    const buttons = sent[0]?.body.components.flatMap((row: { components: { custom_id: string }[] }) => row.components.map((button) => button.custom_id));
    expect(buttons).toEqual(['thread trump-putin', 'thread trump-putin perspectives', 'thread trump-putin stats']);
  });

  it('sends allowed_mentions with parse: [] on channel posts and forum posts, so a title with @everyone pings nobody', async () => {
    const text = await subscribe({ platform: 'discord', chatId: fake.channels.text.id, channelKind: 'text' });
    const forum = await subscribe({ platform: 'discord', chatId: fake.channels.forum.id, channelKind: 'forum' });
    await bot.sender.send(text, alert({ title: '@everyone look <@123456789012345678>' }));
    await bot.sender.send(forum, alert({ threadId: 't-mentions', slug: 'mentions', title: '@here breaking' }));
    const [post] = posts(`/channels/${fake.channels.text.id}/messages`);
    const [opened] = posts(`/channels/${fake.channels.forum.id}/threads`);
    expect(post?.body.allowed_mentions).toEqual({ parse: [] });
    expect(opened?.body.message.allowed_mentions).toEqual({ parse: [] });
  });

  it('posts into the thread itself for a thread subscription', async () => {
    const subscription = await subscribe({ platform: 'discord', chatId: fake.channels.text.id, topicId: fake.channels.thread.id, channelKind: 'thread' });
    await bot.sender.send(subscription, alert());
    expect(posts(`/channels/${fake.channels.thread.id}/messages`)).toHaveLength(1);
    expect(posts(`/channels/${fake.channels.text.id}/messages`)).toHaveLength(0);
  });

  it('opens one forum post per story on the first alert and replies inside it afterwards', async () => {
    const subscription = await subscribe({ platform: 'discord', chatId: fake.channels.forum.id, channelKind: 'forum' });
    await bot.sender.send(subscription, alert());
    const created = posts(`/channels/${fake.channels.forum.id}/threads`);
    expect(created).toHaveLength(1);
    expect(created[0]?.body.name).toBe('Trump Putin Call');
    expect(created[0]?.body.message.embeds[0].title).toBe('Trump Putin Call');
    const postId = await testRedis.redis.get(keys.forumPost(subscription.id, 't-trump-putin'));
    expect(postId).toMatch(/^\d+$/);

    await bot.sender.send(subscription, alert({ kind: 'became-first', rank: 1, previousRank: 4 }));
    await bot.sender.send(subscription, alert({ kind: 'fell', rank: 6, previousRank: 1 }));
    expect(posts(`/channels/${fake.channels.forum.id}/threads`)).toHaveLength(1);
    expect(posts(`/channels/${postId}/messages`)).toHaveLength(2);
  });

  it('opens a fresh forum post when the stored one was deleted', async () => {
    const subscription = await subscribe({ platform: 'discord', chatId: fake.channels.forum.id, channelKind: 'forum' });
    const story = { threadId: 't-deleted-post', slug: 'deleted-post', title: 'Deleted post story' };
    await bot.sender.send(subscription, alert(story));
    const firstPostId = (await testRedis.redis.get(keys.forumPost(subscription.id, story.threadId))) ?? '';
    fake.deleteChannel(firstPostId);

    await bot.sender.send(subscription, alert(story));
    const secondPostId = await testRedis.redis.get(keys.forumPost(subscription.id, story.threadId));
    expect(secondPostId).not.toBe(firstPostId);
    expect(posts(`/channels/${fake.channels.forum.id}/threads`)).toHaveLength(2);
  });

  it.each([
    [403, 50001, 'Missing Access', /Missing Access/],
    [403, 50013, 'Missing Permissions', /Missing Permissions/],
    [404, 10003, 'Unknown Channel', /deleted/],
  ])('turns a %i (code %i) into a PermanentDeliveryError', async (status, code, message, reason) => {
    const channelId = `9${status}${code}`;
    fake.failChannel(channelId, status, code, message);
    const subscription = await subscribe({ platform: 'discord', chatId: channelId, channelKind: 'text' });
    const failure = await bot.sender.send(subscription, alert()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentDeliveryError);
    expect((failure as PermanentDeliveryError).reason).toMatch(reason);
  });

  it('parks an alert as RateLimitedError when Discord asks for a long wait on the channel', async () => {
    const channelId = '7770001';
    fake.rateLimitChannel(channelId, 60);
    const subscription = await subscribe({ platform: 'discord', chatId: channelId, channelKind: 'text' });
    const failure = await bot.sender.send(subscription, alert()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RateLimitedError);
    expect((failure as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(59_000);
    expect(posts(`/channels/${channelId}/messages`)).toHaveLength(1);
  });

  it('disables the subscription with the reason kept when the deliver-alert job meets a 403', async () => {
    const channelId = '5550001';
    fake.failChannel(channelId, 403, 50001, 'Missing Access');
    const subscription = await subscribe({ platform: 'discord', chatId: channelId, channelKind: 'text' });
    const queue = new Queue(QUEUES.deliverDiscord, { connection: testRedis.connect(), prefix: keys.queuePrefix(QUEUES.deliverDiscord) });
    const worker = new Worker(
      QUEUES.deliverDiscord,
      createDeliverAlertProcessor({
        subscriptions,
        sender: bot.sender,
        sentMarker: createRedisAlertSentMarker(testRedis.redis, keys),
        logger: createLogger('silent'),
      }),
      { connection: testRedis.connect({ forWorker: true }), prefix: keys.queuePrefix(QUEUES.deliverDiscord) },
    );
    try {
      await worker.waitUntilReady();
      const payload = { subscriptionId: subscription.id, alert: alert() };
      // The worker's own event, not QueueEvents: a QueueEvents stream reader that has not issued its
      // first read when the job fails never sees the event, and the test waited out its timeout.
      const failed = new Promise<string>((resolve) => worker.on('failed', (job, error) => job?.id === payload.alert.id && resolve(error.message)));
      await queue.add('deliver-alert', payload, { jobId: payload.alert.id, attempts: 5, backoff: { type: 'fixed', delay: 10 } });
      expect(await failed).toMatch(/disabled/);
      expect(await queue.getJobState(payload.alert.id)).toBe('failed');
      // Permanent: one attempt, no retries against a channel that will never accept the bot.
      expect(posts(`/channels/${channelId}/messages`)).toHaveLength(1);
      const stored = await subscriptions.get(subscription.id);
      expect(stored?.disabled?.reason).toMatch(/Missing Access/);
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('posts one alert to a subscribed channel when a ranking moves its thread to #1, even when the ranking job runs twice', async () => {
    const at = Date.UTC(2014, 2, 10, 12);
    const channelId = fake.channels.text.id;
    // Own key space: the queue must hold only this test's deliveries.
    const keys = createKeys(`${testRedis.prefix}:e2e`);
    const subscriptions = createRedisSubscriptionStore(testRedis.redis, keys);
    const threads = createRedisThreadStore(testRedis.redis, keys);
    const connection = testRedis.connect();
    const queues = {
      discord: new Queue(QUEUES.deliverDiscord, { connection, prefix: keys.queuePrefix(QUEUES.deliverDiscord) }),
      telegram: new Queue(QUEUES.deliverTelegram, { connection, prefix: keys.queuePrefix(QUEUES.deliverTelegram) }),
      console: new Queue(QUEUES.deliverConsole, { connection, prefix: keys.queuePrefix(QUEUES.deliverConsole) }),
    };
    const rank = createRankThreadsProcessor({
      threads,
      ranking: createRedisRankingStore(testRedis.redis, keys),
      subscriptions,
      deliveries: createBullDeliveryQueue(queues, { attempts: 3, backoffDelayMs: 20 }),
      logger: createLogger('silent'),
      alerts: { minRankChange: 3, minIntervalMs: 60 * 60_000, threadTopN: 10, topIntervalMs: 0 },
    });
    const worker = new Worker(
      QUEUES.deliverDiscord,
      createDeliverAlertProcessor({ subscriptions, sender: bot.sender, sentMarker: createRedisAlertSentMarker(testRedis.redis, keys), logger: createLogger('silent') }),
      { connection: testRedis.connect({ forWorker: true }), prefix: keys.queuePrefix(QUEUES.deliverDiscord) },
    );
    const article = (id: string, outlet: string, published: number) => ({ id, outlet, published, lean: 'center' as const, country: 'US' });
    try {
      await seedThreads(threads, [
        { id: 'leader', title: 'Leader', slugBase: 'leader', articles: [1, 2, 3, 4, 5].map((i) => article(`l${i}`, `o${i % 3}.com`, at - i * 60_000)) },
        { id: 'rising', title: 'Rising Story', slugBase: 'rising', articles: [1, 2, 3].map((i) => article(`r${i}`, `o${i % 2}.com`, at - 3_600_000 - i * 60_000)) },
      ]);
      await rank({ data: { at } } as Job);
      await subscriptions.subscribe({ destination: { platform: 'discord', chatId: channelId, channelKind: 'text' }, target: 'rising', slug: 'rising', at });
      await seedThreads(threads, [
        { id: 'rising', title: 'Rising Story', slugBase: 'rising', articles: Array.from({ length: 20 }, (_, i) => article(`r-more-${i}`, `o${i % 6}.com`, at + 30 * 60_000 + i * 60_000)) },
      ]);
      const later = at + 2 * 3_600_000;
      expect(await rank({ data: { at: later } } as Job)).toMatchObject({ status: 'ranked', alerts: 1 });
      // A retried ranking job re-enqueues the same delivery; the job id keeps it to one post.
      expect(await rank({ data: { at: later } } as Job)).toMatchObject({ status: 'already-ranked', alerts: 1 });

      for (let tries = 0; tries < 250 && ((await queues.discord.getJobCounts('completed')).completed ?? 0) < 1; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const failed = await queues.discord.getFailed();
      expect(failed.map((job) => job.failedReason)).toEqual([]);
      expect(await queues.discord.getJobCounts('completed', 'failed', 'waiting', 'delayed', 'active')).toEqual({ completed: 1, failed: 0, waiting: 0, delayed: 0, active: 0 });
      const sent = posts(`/channels/${channelId}/messages`);
      expect(sent).toHaveLength(1);
      const [embed] = sent[0]?.body.embeds ?? [];
      expect(embed.title).toBe('Rising Story');
      expect(embed.description).toBe('Is now the #1 story (was #2)');
    } finally {
      await worker.close();
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
    }
  });
});

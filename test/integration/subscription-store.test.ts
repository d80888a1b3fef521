import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionId, type Destination, type SubscriptionStore } from '../../src/core/subscription.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedisAlertSentMarker, createRedisSubscriptionStore } from '../../src/store/redis-subscription-store.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

let testRedis: TestRedis;
let store: SubscriptionStore;
let keys: ReturnType<typeof createKeys>;
const AT = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  testRedis = await createTestRedis('subs');
  keys = createKeys(testRedis.prefix);
  store = createRedisSubscriptionStore(testRedis.redis, keys);
});

afterAll(async () => {
  await testRedis.cleanup();
});

describe('redis subscription store', () => {
  it('subscribes once: a second identical subscribe reports created = false and keeps one record', async () => {
    const destination: Destination = { platform: 'telegram', chatId: '-1001' };
    const first = await store.subscribe({ destination, target: 'thread-a', slug: 'trump-putin', createdBy: 'u1', at: AT });
    const second = await store.subscribe({ destination, target: 'thread-a', slug: 'trump-putin', createdBy: 'u2', at: AT + 5 });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.subscription).toEqual({
      platform: 'telegram',
      chatId: '-1001',
      id: subscriptionId(destination, 'thread-a'),
      target: 'thread-a',
      slug: 'trump-putin',
      createdAt: AT,
      createdBy: 'u1',
    });
    expect(await store.listForChat('telegram', '-1001')).toHaveLength(1);
    expect((await store.listForTarget('thread-a')).map((s) => s.id)).toEqual([first.subscription.id]);
  });

  it('keeps topic and channel kind, and treats each topic of a chat as its own destination', async () => {
    const general: Destination = { platform: 'telegram', chatId: '-1002' };
    const topic: Destination = { platform: 'telegram', chatId: '-1002', topicId: '77' };
    const forum: Destination = { platform: 'discord', chatId: 'c-9', channelKind: 'forum' };
    await store.subscribe({ destination: general, target: 'top:10', slug: '', at: AT });
    const inTopic = await store.subscribe({ destination: topic, target: 'top:10', slug: '', at: AT + 1 });
    const inForum = await store.subscribe({ destination: forum, target: 'thread-b', slug: 'fed-taper', at: AT });
    expect(inTopic.created).toBe(true);
    expect(inTopic.subscription.topicId).toBe('77');
    expect(inForum.subscription.channelKind).toBe('forum');
    expect((await store.listForChat('telegram', '-1002')).map((s) => s.topicId ?? '')).toEqual(['', '77']);
    expect(await store.listTopTargets()).toContain('top:10');
  });

  it('unsubscribes one target, or all of one chat topic, and drops a top:N target nobody follows', async () => {
    const chat: Destination = { platform: 'discord', chatId: 'chan-3' };
    const topic: Destination = { platform: 'discord', chatId: 'chan-3', topicId: 'thr-1' };
    await store.subscribe({ destination: chat, target: 'thread-c', slug: 'c', at: AT });
    await store.subscribe({ destination: chat, target: 'top:5', slug: '', at: AT });
    await store.subscribe({ destination: topic, target: 'thread-c', slug: 'c', at: AT });
    expect(await store.unsubscribe(chat, 'thread-missing')).toBe(0);
    expect(await store.unsubscribe(chat, 'thread-c')).toBe(1);
    expect(await store.unsubscribe(chat, 'thread-c')).toBe(0);
    expect(await store.listTopTargets()).toContain('top:5');
    expect(await store.unsubscribe(chat, 'all')).toBe(1);
    expect(await store.listTopTargets()).not.toContain('top:5');
    expect((await store.listForChat('discord', 'chan-3')).map((s) => s.topicId)).toEqual(['thr-1']);
    expect((await store.listForTarget('thread-c')).map((s) => s.chatId)).toEqual(['chan-3']);
  });

  it('disables with a reason, and subscribing again re-enables', async () => {
    const destination: Destination = { platform: 'telegram', chatId: '42' };
    const { subscription } = await store.subscribe({ destination, target: 'thread-d', slug: 'd', at: AT });
    expect(await store.disable(subscription.id, 'bot was blocked by the user', AT + 10)).toBe(true);
    expect((await store.get(subscription.id))?.disabled).toEqual({ reason: 'bot was blocked by the user', at: AT + 10 });
    const again = await store.subscribe({ destination, target: 'thread-d', slug: 'd', at: AT + 20 });
    expect(again.created).toBe(false);
    expect(again.subscription.disabled).toBeUndefined();
    await store.disable(subscription.id, 'kicked', AT + 30);
    expect(await store.enable(subscription.id)).toBe(true);
    expect((await store.get(subscription.id))?.disabled).toBeUndefined();
  });

  it('does not resurrect a removed subscription when disabling it late', async () => {
    const destination: Destination = { platform: 'telegram', chatId: '43' };
    const { subscription } = await store.subscribe({ destination, target: 'thread-e', slug: 'e', at: AT });
    await store.unsubscribe(destination, 'thread-e');
    expect(await store.disable(subscription.id, 'blocked', AT)).toBe(false);
    expect(await store.get(subscription.id)).toBeNull();
  });

  it('moves every subscription of a migrated chat, with topics and alert memory, merging into existing ones', async () => {
    const from: Destination = { platform: 'telegram', chatId: '-500' };
    const to: Destination = { platform: 'telegram', chatId: '-100500' };
    const a = await store.subscribe({ destination: from, target: 'thread-f', slug: 'f', at: AT });
    await store.subscribe({ destination: { ...from, topicId: '3' }, target: 'top:3', slug: '', at: AT });
    await store.subscribe({ destination: to, target: 'thread-f', slug: 'f', at: AT });
    await testRedis.redis.hset(keys.alertState(a.subscription.id), 'thread-f', '{"rank":4}');

    expect(await store.moveChat('telegram', '-500', '-100500')).toBe(2);
    expect(await store.listForChat('telegram', '-500')).toEqual([]);
    const moved = await store.listForChat('telegram', '-100500');
    expect(moved.map((s) => [s.target, s.topicId ?? ''])).toEqual([
      ['thread-f', ''],
      ['top:3', '3'],
    ]);
    expect(await store.get(a.subscription.id)).toBeNull();
    expect((await store.listForTarget('top:3')).map((s) => s.chatId)).toEqual(['-100500']);
  });

  it('moves alert memory along with a subscription that had no twin in the new chat', async () => {
    const from: Destination = { platform: 'telegram', chatId: '-600' };
    const { subscription } = await store.subscribe({ destination: from, target: 'thread-g', slug: 'g', at: AT });
    await testRedis.redis.hset(keys.alertState(subscription.id), 'thread-g', '{"rank":4}');
    await store.moveChat('telegram', '-600', '-100600');
    const movedId = subscriptionId({ platform: 'telegram', chatId: '-100600' }, 'thread-g');
    expect(await testRedis.redis.hget(keys.alertState(movedId), 'thread-g')).toBe('{"rank":4}');
    expect(await testRedis.redis.exists(keys.alertState(subscription.id))).toBe(0);
  });

  it('moves subscriptions of a merged thread to the survivor, folding duplicates into one', async () => {
    const chat: Destination = { platform: 'telegram', chatId: '-700' };
    const other: Destination = { platform: 'telegram', chatId: '-701' };
    await store.subscribe({ destination: chat, target: 'thread-old', slug: 'old', at: AT });
    await store.subscribe({ destination: chat, target: 'thread-new', slug: 'new', at: AT });
    await store.subscribe({ destination: other, target: 'thread-old', slug: 'old', at: AT });
    expect(await store.retargetThread('thread-old', 'thread-new', 'new')).toBe(2);
    expect(await store.listForTarget('thread-old')).toEqual([]);
    expect((await store.listForTarget('thread-new')).map((s) => [s.chatId, s.slug]).sort()).toEqual([
      ['-700', 'new'],
      ['-701', 'new'],
    ]);
  });

  it('lists subscriptions of many targets at once', async () => {
    await store.subscribe({ destination: { platform: 'console', chatId: 'local' }, target: 'thread-h', slug: 'h', at: AT });
    await store.subscribe({ destination: { platform: 'console', chatId: 'local' }, target: 'thread-i', slug: 'i', at: AT });
    const found = await store.listForTargets(['thread-h', 'thread-i', 'thread-none']);
    expect(found.map((s) => s.target).sort()).toEqual(['thread-h', 'thread-i']);
  });

  it('remembers sent alerts', async () => {
    const marker = createRedisAlertSentMarker(testRedis.redis, keys);
    expect(await marker.isSent('a-1')).toBe(false);
    await marker.markSent('a-1');
    expect(await marker.isSent('a-1')).toBe(true);
  });
});

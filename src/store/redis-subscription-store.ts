import type { RedisClient } from './redis-client.js';
import { parseTopSubscription } from '../core/ranking/targets.js';
import { PLATFORMS, subscriptionId, type Destination, type Platform, type SubscribeRequest, type Subscription, type SubscriptionStore } from '../core/subscription.js';
import type { Keys } from './keys.js';

/**
 * Subscriptions as one hash each (`sub:{id}`), indexed by chat and by target. The id is derived from
 * destination + target, so subscribing twice touches the same hash; a subscription disabled after a
 * permanent delivery failure keeps its reason until the chat subscribes again.
 */

// Create-or-re-enable in one step, so two racing /subscribe calls cannot both report "created".
const SUBSCRIBE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HDEL', KEYS[1], 'disabledReason', 'disabledAt')
  if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'slug', ARGV[3]) end
  return 0
end
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
if ARGV[2] ~= '' then redis.call('SADD', KEYS[4], ARGV[2]) end
return 1
`;

// Removes one subscription and its indexes; a top:N target with no subscriber left leaves the top-target set.
const REMOVE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[1])
if redis.call('SCARD', KEYS[3]) == 0 then redis.call('SREM', KEYS[4], ARGV[2]) end
return 1
`;

export function createRedisSubscriptionStore(redis: RedisClient, keys: Keys): SubscriptionStore {
  async function readMany(ids: readonly string[]): Promise<Subscription[]> {
    if (ids.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetall(keys.subscription(id));
    const results = (await pipeline.exec()) ?? [];
    const subscriptions: Subscription[] = [];
    for (const [error, value] of results) {
      if (error) throw error;
      const subscription = fromHash(value as Record<string, string>);
      if (subscription) subscriptions.push(subscription);
    }
    return subscriptions.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  async function get(id: string): Promise<Subscription | null> {
    return fromHash(await redis.hgetall(keys.subscription(id)));
  }

  /** The hash and the three indexes every write script keeps in step (KEYS[1..4] of both scripts). */
  function indexedKeys(subscription: Subscription): string[] {
    return [
      keys.subscription(subscription.id),
      keys.chatSubscriptions(subscription.platform, subscription.chatId),
      keys.targetSubscriptions(subscription.target),
      keys.allTopSubscriptionTargets(),
    ];
  }

  async function readSet(setKey: string): Promise<Subscription[]> {
    return readMany(await redis.smembers(setKey));
  }

  // Alert memory lives with the ranking ({rank}), which writes it, not with the subscription ({subs}):
  // it is dropped by a command of its own after removal, and again when a subscription is created,
  // so a subscription made anew never inherits what an earlier one with the same id was told.
  async function remove(subscription: Subscription): Promise<boolean> {
    const removed = await redis.eval(REMOVE_SCRIPT, 4, ...indexedKeys(subscription), subscription.id, subscription.target);
    await redis.del(keys.alertState(subscription.id));
    return removed === 1;
  }

  async function create(subscription: Subscription): Promise<boolean> {
    const isTop = parseTopSubscription(subscription.target) !== null;
    const created = await redis.eval(
      SUBSCRIBE_SCRIPT,
      4,
      ...indexedKeys(subscription),
      subscription.id,
      isTop ? subscription.target : '',
      subscription.slug,
      ...toHashFields(subscription),
    );
    if (created === 1) await redis.del(keys.alertState(subscription.id));
    return created === 1;
  }

  return {
    async subscribe(input: SubscribeRequest): Promise<{ subscription: Subscription; created: boolean }> {
      const destination = destinationOf(input.destination);
      const subscription: Subscription = {
        ...destination,
        id: subscriptionId(destination, input.target),
        target: input.target,
        slug: input.slug,
        createdAt: input.at,
        ...(input.createdBy === undefined ? {} : { createdBy: input.createdBy }),
      };
      const created = await create(subscription);
      const stored = await get(subscription.id);
      return { subscription: stored ?? subscription, created };
    },

    async unsubscribe(destination: Destination, target: string): Promise<number> {
      const normalised = destinationOf(destination);
      const candidates =
        target === 'all'
          ? (await readSet(keys.chatSubscriptions(normalised.platform, normalised.chatId))).filter(
              (subscription) => (subscription.topicId ?? '') === (normalised.topicId ?? ''),
            )
          : [await get(subscriptionId(normalised, target))].filter((subscription) => subscription !== null);
      let removed = 0;
      for (const subscription of candidates) if (await remove(subscription)) removed += 1;
      return removed;
    },

    async listForChat(platform: Platform, chatId: string): Promise<Subscription[]> {
      return readSet(keys.chatSubscriptions(platform, chatId));
    },

    async listForTarget(target: string): Promise<Subscription[]> {
      return readSet(keys.targetSubscriptions(target));
    },

    // Two round trips, however many targets.
    async listForTargets(targets: readonly string[]): Promise<Subscription[]> {
      if (targets.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const target of targets) pipeline.smembers(keys.targetSubscriptions(target));
      const ids = new Set<string>();
      for (const [error, members] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        for (const id of members as string[]) ids.add(id);
      }
      return readMany([...ids]);
    },

    async listTopTargets(): Promise<string[]> {
      return (await redis.smembers(keys.allTopSubscriptionTargets())).sort();
    },

    get,

    async disable(id: string, reason: string, at: number): Promise<boolean> {
      // HSET on a missing key would resurrect a removed subscription as a bare hash.
      const updated = await redis.eval(
        `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
         redis.call('HSET', KEYS[1], 'disabledReason', ARGV[1], 'disabledAt', ARGV[2])
         return 1`,
        1,
        keys.subscription(id),
        reason,
        String(at),
      );
      return updated === 1;
    },

    async enable(id: string): Promise<boolean> {
      const removedFields = await redis.hdel(keys.subscription(id), 'disabledReason', 'disabledAt');
      return removedFields > 0;
    },

    async moveChat(platform: Platform, fromChatId: string, toChatId: string): Promise<number> {
      if (fromChatId === toChatId) return 0;
      const subscriptions = await readSet(keys.chatSubscriptions(platform, fromChatId));
      let moved = 0;
      for (const subscription of subscriptions) {
        const destination: Destination = { ...destinationOf(subscription), chatId: toChatId };
        const next: Subscription = { ...subscription, ...destination, id: subscriptionId(destination, subscription.target) };
        const created = await create(next);
        if (created) {
          // Keep what the subscriber was last told, so the move itself triggers no alert.
          await redis.copy(keys.alertState(subscription.id), keys.alertState(next.id));
        }
        await remove(subscription);
        moved += 1;
      }
      return moved;
    },

    async retargetThread(fromThreadId: string, toThreadId: string, slug: string): Promise<number> {
      if (fromThreadId === toThreadId) return 0;
      const subscriptions = await readSet(keys.targetSubscriptions(fromThreadId));
      for (const subscription of subscriptions) {
        const destination = destinationOf(subscription);
        await create({ ...subscription, id: subscriptionId(destination, toThreadId), target: toThreadId, slug });
        await remove(subscription);
      }
      return subscriptions.length;
    },
  };
}

/** Only the destination fields, with empty optional ones dropped (they are part of the id). */
function destinationOf(source: Destination): Destination {
  const destination: Destination = { platform: source.platform, chatId: source.chatId };
  if (source.topicId) destination.topicId = source.topicId;
  if (source.channelKind) destination.channelKind = source.channelKind;
  return destination;
}

function toHashFields(subscription: Subscription): string[] {
  const fields: Record<string, string | undefined> = {
    id: subscription.id,
    platform: subscription.platform,
    chatId: subscription.chatId,
    topicId: subscription.topicId,
    channelKind: subscription.channelKind,
    target: subscription.target,
    slug: subscription.slug,
    createdAt: String(subscription.createdAt),
    createdBy: subscription.createdBy,
    disabledReason: subscription.disabled?.reason,
    disabledAt: subscription.disabled === undefined ? undefined : String(subscription.disabled.at),
  };
  return Object.entries(fields).flatMap(([field, value]) => (value === undefined ? [] : [field, value]));
}

function fromHash(hash: Record<string, string>): Subscription | null {
  const { id, platform, chatId, target } = hash;
  if (!id || !chatId || !target || !isPlatform(platform)) return null;
  const subscription: Subscription = {
    id,
    platform,
    chatId,
    target,
    slug: hash['slug'] ?? '',
    createdAt: Number(hash['createdAt'] ?? 0),
  };
  if (hash['topicId']) subscription.topicId = hash['topicId'];
  const channelKind = hash['channelKind'];
  if (channelKind === 'text' || channelKind === 'thread' || channelKind === 'forum') subscription.channelKind = channelKind;
  if (hash['createdBy']) subscription.createdBy = hash['createdBy'];
  if (hash['disabledReason'] !== undefined) {
    subscription.disabled = { reason: hash['disabledReason'], at: Number(hash['disabledAt'] ?? 0) };
  }
  return subscription;
}

function isPlatform(value: string | undefined): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value ?? '');
}

/** Long enough to outlive every retry and re-enqueue of an alert's delivery job. */
const ALERT_SENT_TTL_SECONDS = 7 * 24 * 3_600;

/** The deliver-alert job's record of alerts that reached their chat. */
export function createRedisAlertSentMarker(redis: RedisClient, keys: Keys) {
  return {
    async isSent(alertId: string): Promise<boolean> {
      return (await redis.exists(keys.alertSent(alertId))) === 1;
    },
    async markSent(alertId: string): Promise<void> {
      await redis.set(keys.alertSent(alertId), '1', 'EX', ALERT_SENT_TTL_SECONDS);
    },
  };
}

import { DiscordAPIError, RateLimitError, Routes } from 'discord.js';
import type { APIChannel, APIEmbed, RateLimitData, REST, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { RedisClient } from '../../store/redis-client.js';
import type { AlertSender } from '../../../jobs/deliver-alert.js';
import type { Alert, DigestAlert, Notice } from '../../core/alert.js';
import { PermanentDeliveryError, RateLimitedError } from '../../core/errors.js';
import { describeAlert, describeDigest } from '../../core/render/alert-text.js';
import { formatRankChangeSigned } from '../../core/render/format.js';
import type { Subscription } from '../../core/subscription.js';
import type { Logger } from '../../logger.js';
import type { Keys } from '../../store/keys.js';
import { renderButtons, TONE_COLOURS, truncate, type RenderedMessage } from './embeds.js';
import type { RequestLimiter } from './request-limiter.js';


export interface DiscordAlertSenderDeps {
  rest: REST;
  redis: RedisClient;
  keys: Keys;
  /** Shared budget for alert fan-out (DISCORD_MAX_REQUESTS_PER_SECOND across processes). */
  limiter: RequestLimiter;
  logger: Logger;
}

/**
 * `allowed_mentions` on every message the bot sends: article titles and user text may contain
 * `@everyone` or `<@id>`, and none of it may ping anyone.
 */
export const NO_MENTIONS = { parse: [] as [] };

const FORUM_POST_NAME_MAX = 100;
const FORUM_CREATE_LOCK_MS = 30_000;
/** A story quiet for this long gets a fresh forum post; also keeps keys of removed subscriptions from piling up. */
const FORUM_POST_TTL_SECONDS = 90 * 24 * 3_600;

/**
 * Discord error codes that retrying will never fix; the deliver-alert job disables the subscription
 * and keeps the reason so `/subscriptions` can say why alerts stopped.
 */
const PERMANENT_CODES: Record<number, string> = {
  10003: 'the channel was deleted (Unknown Channel)',
  50001: 'the bot can no longer see the channel (Missing Access)',
  50013: 'the bot lacks permission to post there (Missing Permissions)',
  40067: 'the forum requires a tag on every post',
  50083: 'the thread is archived and locked',
};

export function createDiscordAlertSender(deps: DiscordAlertSenderDeps): AlertSender {
  const { rest, redis, keys, limiter, logger } = deps;

  async function postMessage(channelId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<void> {
    await limiter.acquire();
    await rest.post(Routes.channelMessages(channelId), { body: { ...body, allowed_mentions: NO_MENTIONS } });
  }

  /** Forum channels: one post per story thread, created by its first alert; later alerts reply inside it. */
  async function sendToForum(subscription: Subscription, post: { key: string; name: string }, message: RenderedMessage): Promise<void> {
    const postKey = keys.forumPost(subscription.id, post.key);
    const existingPostId = await redis.get(postKey);
    if (existingPostId) {
      try {
        await postMessage(existingPostId, message);
        await redis.expire(postKey, FORUM_POST_TTL_SECONDS);
        return;
      } catch (error) {
        // Someone deleted the post, not the forum: start a fresh post instead of disabling the subscription.
        if (!(error instanceof DiscordAPIError && error.code === 10003)) throw error;
        logger.info({ subscriptionId: subscription.id, postId: existingPostId }, 'forum post gone; creating a new one');
        await redis.del(postKey);
      }
    }
    // Two deliveries racing (retry + slow first attempt) must not open two posts for one story.
    const lockKey = `${postKey}:creating`;
    const locked = await redis.set(lockKey, '1', 'PX', FORUM_CREATE_LOCK_MS, 'NX');
    if (locked !== 'OK') throw new Error(`forum post for ${post.key} is being created by another delivery; will retry`);
    try {
      await limiter.acquire();
      const created = (await rest.post(Routes.threads(subscription.chatId), {
        body: { name: truncate(post.name, FORUM_POST_NAME_MAX), message: { ...message, allowed_mentions: NO_MENTIONS } },
      })) as APIChannel;
      await redis.set(postKey, created.id, 'EX', FORUM_POST_TTL_SECONDS);
    } finally {
      await redis.del(lockKey);
    }
  }

  return {
    async send(subscription, alert) {
      if (subscription.platform !== 'discord') throw new PermanentDeliveryError(`not a Discord subscription (${subscription.platform})`);
      const message = renderNoticeMessage(alert);
      const channelId = subscription.topicId ?? subscription.chatId;
      // Forum channels: one post per story thread; a digest subscription's daily digests share one post.
      const post = alert.kind === 'digest' ? { key: `digest-top-${alert.topN}`, name: `Top ${alert.topN} daily digest` } : { key: alert.threadId, name: alert.title || alert.slug };
      try {
        if (subscription.channelKind === 'forum' && !subscription.topicId) await sendToForum(subscription, post, message);
        else await postMessage(channelId, message);
      } catch (error) {
        throw toDeliveryError(error, channelId);
      }
    },
  };
}

/** Waits longer than this are not sat out inside a delivery worker. */
const LONG_RATE_LIMIT_MS = 10_000;

/**
 * For the REST client's `rejectOnRateLimit`: discord.js sits out short rate limits itself, but a
 * long per-channel limit (thread creation, a busy channel) would hold a delivery worker hostage, so
 * channel posts give up and the job is parked until the limit resets. Interaction answers are never
 * rejected: they have to go out within Discord's window or not at all.
 */
export function shouldParkRateLimitedAlert(data: RateLimitData): boolean {
  return data.route.startsWith('/channels') && rateLimitWaitMs(data) > LONG_RATE_LIMIT_MS;
}

function rateLimitWaitMs(data: Pick<RateLimitData, 'retryAfter' | 'timeToReset' | 'sublimitTimeout'>): number {
  return Math.max(data.retryAfter, data.timeToReset, data.sublimitTimeout);
}

/** Permanent Discord refusals become PermanentDeliveryError, long rate limits RateLimitedError; the rest stays retryable. */
export function toDeliveryError(error: unknown, channelId: string): unknown {
  if (error instanceof RateLimitError) return new RateLimitedError(rateLimitWaitMs(error));
  if (!(error instanceof DiscordAPIError)) return error;
  const code = typeof error.code === 'number' ? error.code : Number(error.code);
  const known = PERMANENT_CODES[code];
  if (known) return new PermanentDeliveryError(`Discord channel ${channelId}: ${known}`);
  if (error.status === 403) return new PermanentDeliveryError(`Discord channel ${channelId}: access refused (403 ${error.message})`);
  if (error.status === 404) return new PermanentDeliveryError(`Discord channel ${channelId}: not found (404 ${error.message})`);
  return error;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One alert as an embed with buttons that open the thread's views (answered privately to whoever presses). */
export function renderAlertMessage(alert: Alert): RenderedMessage {
  const change = alert.previousRank && alert.rank > 0 ? alert.previousRank - alert.rank : null;
  const embed: APIEmbed = {
    color: TONE_COLOURS.alert,
    title: truncate(alert.title || alert.slug, 256),
    // Same words as console and Telegram; the title already names the thread.
    description: capitalise(describeAlert(alert)),
    fields: [
      { name: 'Virality', value: alert.virality.toFixed(1), inline: true },
      { name: 'Articles', value: String(alert.articleCount), inline: true },
      ...(change !== null && change !== 0 ? [{ name: 'Change in rank', value: formatRankChangeSigned(change), inline: true }] : []),
    ],
    footer: { text: truncate(`/thread ${alert.slug}`, 2048) },
    timestamp: new Date(alert.at).toISOString(),
  };
  if (alert.url && /^https?:\/\//i.test(alert.url)) embed.url = alert.url;
  const components = renderButtons([
    { label: 'Summary', command: `thread ${alert.slug}` },
    { label: 'Perspectives', command: `thread ${alert.slug} perspectives` },
    { label: 'Stats', command: `thread ${alert.slug} stats` },
  ]);
  return { embeds: [embed], components };
}

/** A daily digest as one embed listing what entered the top N, each with its /thread command. */
export function renderDigestMessage(digest: DigestAlert): RenderedMessage {
  const text = describeDigest(digest);
  const lines = [text.intro, ...text.lines.map((line, index) => `${index + 1}. **${line.title}** · ${line.detail} · \`/thread ${line.slug}\``), ...(text.more ? [text.more] : [])];
  const embed: APIEmbed = {
    color: TONE_COLOURS.alert,
    title: truncate(text.title, 256),
    description: truncate(lines.join('\n'), 4096),
    timestamp: new Date(digest.at).toISOString(),
  };
  return { embeds: [embed], components: [] };
}

export function renderNoticeMessage(notice: Notice): RenderedMessage {
  return notice.kind === 'digest' ? renderDigestMessage(notice) : renderAlertMessage(notice);
}

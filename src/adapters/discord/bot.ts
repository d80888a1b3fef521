import { once } from 'node:events';
import {
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Options,
  Partials,
  PermissionFlagsBits,
  REST,
  RESTEvents,
  Status,
  DiscordAPIError,
  HTTPError,
} from 'discord.js';
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, Interaction, RepliableInteraction } from 'discord.js';
import type { RedisClient } from '../../store/redis-client.js';
import type { CommandRunner, Invocation, ThreadChoice } from '../../../commands/command.js';
import type { Config } from '../../config/config.js';
import { errorMessage, UserError } from '../../core/errors.js';
import type { PictureRequest, Reply } from '../../core/reply.js';
import type { Logger } from '../../logger.js';
import type { Keys } from '../../store/keys.js';
import type { AlertSender } from '../../../jobs/deliver-alert.js';
import { firstLine, networkErrorCode } from '../network-errors.js';
import { createDiscordAlertSender, NO_MENTIONS, shouldParkRateLimitedAlert } from './alert-sender.js';
import { renderReply, STATS_PICTURE_NAME, truncate, type RenderedMessage } from './embeds.js';
import { createRedisRequestLimiter } from './request-limiter.js';

/** The stats-picture renderer (bias bar + rank sparkline as PNG); null when there is nothing to draw. */
export interface StatsPictures {
  render(request: PictureRequest): Promise<Buffer | null> | Buffer | null;
}

/** Which gateway shards this process runs: `ids` of `count` (`--shard-ids 0,1 --shard-count 4`). */
export interface ShardSelection {
  ids: number[];
  count: number;
}

export interface DiscordBotDeps {
  config: Config;
  /** Unset: every shard (DISCORD_SHARDS, or Discord's recommendation) in this process. */
  shards?: ShardSelection;
  runner: CommandRunner;
  pictures: StatsPictures;
  redis: RedisClient;
  keys: Keys;
  logger: Logger;
  /**
   * How the connection is doing once started: `degraded` while a gateway shard is reconnecting or
   * the REST API answers 5xx, `ok` again when it recovers.
   */
  onStatus?: (status: 'ok' | 'degraded', reason?: string) => void;
  /** One failed call (`gateway`, `rest`), for the failure counter. */
  onFailure?: (call: string) => void;
}

export interface DiscordBot {
  /**
   * Connects to the gateway and resolves once every shard is ready. A failed start leaves nothing
   * open, and start can be called again (each attempt uses a fresh client).
   */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Works without start(): it only needs REST, so delivery workers can post alerts without a gateway connection. */
  sender: AlertSender;
}

export const DEFAULT_DISCORD_API_BASE = 'https://discord.com/api';

function restOptions(config: Config) {
  return { api: config.DISCORD_API_BASE ?? DEFAULT_DISCORD_API_BASE, rejectOnRateLimit: shouldParkRateLimitedAlert };
}

/** How long a login waits for every shard's READY before the attempt counts as failed. */
const READY_TIMEOUT_MS = 60_000;

/**
 * A failed start or call as one line: unreachable, 5xx, refused, or an answer discord.js could not
 * read (a malformed /gateway/bot gives `Cannot read properties of undefined (reading 'reset_after')`).
 */
export function describeDiscordFailure(error: unknown, apiBase: string = DEFAULT_DISCORD_API_BASE): string {
  const network = networkErrorCode(error);
  if (network) return `cannot reach the Discord API at ${apiBase} (${network})`;
  if (error instanceof HTTPError) return `the Discord API answered ${error.status}${error.message ? ` ${error.message}` : ''} to ${error.method.toUpperCase()} ${new URL(error.url).pathname}`;
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) return 'Discord refused DISCORD_TOKEN (401 Unauthorized): check the bot token';
    return `the Discord API refused ${error.method.toUpperCase()} ${new URL(error.url).pathname}: ${error.status} ${firstLine(error)}`;
  }
  if ((error as { code?: unknown }).code === 'TokenInvalid') return 'Discord refused DISCORD_TOKEN (invalid token): check the bot token';
  if (error instanceof TypeError || error instanceof SyntaxError) return `the Discord API sent an answer threadwatch could not read (${firstLine(error)})`;
  return firstLine(error);
}

function createAlertSenderOver(rest: REST, deps: Pick<DiscordBotDeps, 'config' | 'redis' | 'keys' | 'logger'>): AlertSender {
  const { config, redis, keys, logger } = deps;
  const limiter = createRedisRequestLimiter(redis, keys.rateLimit('discord-alerts'), config.DISCORD_MAX_REQUESTS_PER_SECOND);
  return createDiscordAlertSender({ rest, redis, keys, limiter, logger });
}

/**
 * Alert delivery without a gateway connection: channel posts are plain REST calls, so any worker
 * process can deliver an alert for any guild, whichever process holds that guild's shard.
 */
export function createDiscordRestSender(deps: Pick<DiscordBotDeps, 'config' | 'redis' | 'keys' | 'logger'>): AlertSender {
  const token = deps.config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN: required to deliver Discord alerts');
  return createAlertSenderOver(new REST(restOptions(deps.config)).setToken(token), { ...deps, logger: deps.logger.child({ component: 'discord' }) });
}

/** Rounds out a REST client: 5xx answers and their recovery become status reports. */
function watchRest(rest: REST, report: (problem: string | undefined) => void, onFailure?: (call: string) => void): void {
  rest.on(RESTEvents.Response, (request, response) => {
    if (response.status >= 500) {
      onFailure?.('rest');
      report(`the Discord API answers ${response.status} (${request.method.toUpperCase()} ${request.route})`);
    } else report(undefined);
  });
}

/**
 * Discord acknowledges an interaction only within 3 s. Replies ready within this budget are sent
 * directly (so errors can still be private); slower ones are deferred and edited in when done.
 */
const DIRECT_REPLY_BUDGET_MS = 1500;
const AUTOCOMPLETE_BUDGET_MS = 2500;
/** A command stuck on an unreachable Redis still gets an answer, long before the 15-minute token expires. */
const COMMAND_TIMEOUT_MS = 30_000;
const AUTOCOMPLETE_MAX_CHOICES = 25;
const CHOICE_TEXT_MAX = 100;

interface Outgoing {
  message: RenderedMessage;
  picture: Buffer | null;
  /** Errors and private replies are shown only to the person who asked. */
  ephemeral: boolean;
}

export function createDiscordBot(deps: DiscordBotDeps): DiscordBot {
  const { config, runner, pictures, redis, keys } = deps;
  const logger = deps.logger.child({ component: 'discord' });
  const token = config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN: required to run the Discord bot');

  const shardOptions = deps.shards
    ? { shards: deps.shards.ids, shardCount: deps.shards.count }
    : config.DISCORD_SHARDS === 'auto'
      ? { shards: 'auto' as const }
      : { shards: Array.from({ length: config.DISCORD_SHARDS }, (_, index) => index), shardCount: config.DISCORD_SHARDS };

  // What is wrong right now, by where it was seen; the worst one is the reported reason.
  const problems: { gateway?: string | undefined; rest?: string | undefined } = {};
  const reportProblem = (where: 'gateway' | 'rest', problem: string | undefined) => {
    if (problems[where] === problem) return;
    problems[where] = problem;
    const reason = problems.gateway ?? problems.rest;
    deps.onStatus?.(reason ? 'degraded' : 'ok', reason);
  };

  // Alerts go out over their own REST client: it outlives gateway clients that fail to start.
  const deliveryRest = new REST(restOptions(config)).setToken(token);
  watchRest(deliveryRest, (problem) => reportProblem('rest', problem), deps.onFailure);
  const sender = createAlertSenderOver(deliveryRest, { config, redis, keys, logger });
  async function toOutgoing(reply: Reply): Promise<Outgoing> {
    let picture: Buffer | null = null;
    if (reply.picture) {
      try {
        picture = await pictures.render(reply.picture);
      } catch (error) {
        // The text answers the question; a missing picture must not cost the whole reply.
        logger.warn({ err: error, threadId: reply.picture.threadId }, 'stats picture failed; replying without it');
      }
    }
    return { message: renderReply(reply, { hasPicture: picture !== null }), picture, ephemeral: Boolean(reply.private) || reply.tone === 'error' };
  }

  function errorReply(error: unknown, context: Record<string, unknown>): Reply {
    if (error instanceof UserError) {
      return { tone: 'error', blocks: [{ type: 'text', text: [error.message, ...error.suggestions].join('\n') }], actions: [...error.actions], private: true };
    }
    logger.error({ err: error, ...context }, 'discord command failed');
    return {
      tone: 'error',
      title: 'Something went wrong on our side',
      blocks: [{ type: 'text', text: 'The problem has been logged. Please try again in a minute.' }],
      actions: [],
      private: true,
    };
  }

  /** Never rejects: failures and timeouts become a friendly error reply. */
  async function produce(run: () => Promise<Reply>, context: Record<string, unknown>): Promise<Outgoing> {
    try {
      const reply = await within(run(), COMMAND_TIMEOUT_MS);
      if (reply) return await toOutgoing(reply);
      logger.warn(context, 'discord command timed out');
      return await toOutgoing({
        tone: 'error',
        title: 'That took too long',
        blocks: [{ type: 'text', text: 'threadwatch could not reach its data in time. Please try again in a minute.' }],
        actions: [],
        private: true,
      });
    } catch (error) {
      return toOutgoing(errorReply(error, context));
    }
  }

  async function handleSlash(interaction: ChatInputCommandInteraction): Promise<void> {
    const invocation = invocationFor(interaction);
    const options = Object.fromEntries(interaction.options.data.map((option) => [option.name, option.value]));
    const work = produce(() => runner.run(interaction.commandName, options, invocation), { command: interaction.commandName });
    await answer(interaction, work);
  }

  /** A fresh reply to the person who asked: direct when quick, deferred and edited in otherwise. */
  async function answer(interaction: RepliableInteraction, work: Promise<Outgoing>, forcePrivate = false): Promise<void> {
    const quick = await within(work, DIRECT_REPLY_BUDGET_MS);
    if (quick) {
      await interaction.reply({ ...payloadOf(quick), ...(quick.ephemeral || forcePrivate ? { flags: MessageFlags.Ephemeral } : {}) });
      return;
    }
    await interaction.deferReply(forcePrivate ? { flags: MessageFlags.Ephemeral } : {});
    const late = await work;
    if (late.ephemeral && !forcePrivate) {
      // The deferral was public; an error must not stay visible to the whole channel.
      await interaction.deleteReply();
      await interaction.followUp({ ...payloadOf(late), flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.editReply(payloadOf(late));
  }

  async function handleButton(interaction: ButtonInteraction): Promise<void> {
    const invocation = invocationFor(interaction);
    const work = produce(() => runner.runLine(interaction.customId, invocation), { button: interaction.customId });
    // Buttons under an alert belong to everyone in the channel: answer the presser privately instead of rewriting the alert.
    if (!interaction.message.interactionMetadata) {
      await answer(interaction, work, true);
      return;
    }
    const quick = await within(work, DIRECT_REPLY_BUDGET_MS);
    if (quick) {
      if (quick.ephemeral) await interaction.reply({ ...payloadOf(quick), flags: MessageFlags.Ephemeral });
      else await interaction.update(payloadOf(quick));
      return;
    }
    await interaction.deferUpdate();
    const late = await work;
    if (late.ephemeral) await interaction.followUp({ ...payloadOf(late), flags: MessageFlags.Ephemeral });
    else await interaction.editReply(payloadOf(late));
  }

  async function handleAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const spec = runner.commands.find((command) => command.name === interaction.commandName)?.options.find((option) => option.name === focused.name);
    let choices: ThreadChoice[] = [];
    if (spec?.autocomplete) {
      try {
        // Past Discord's 3 s window the answer is useless; an empty list keeps the client responsive.
        choices = (await within(runner.complete(String(focused.value), AUTOCOMPLETE_MAX_CHOICES), AUTOCOMPLETE_BUDGET_MS)) ?? [];
      } catch (error) {
        logger.warn({ err: error }, 'autocomplete failed');
      }
    }
    await interaction.respond(
      choices.slice(0, AUTOCOMPLETE_MAX_CHOICES).map((choice) => ({
        // Topic titles are what people recognise; the slug says what will be sent.
        name: truncate(choice.topic && choice.topic !== choice.slug ? `${choice.topic} (${choice.slug})` : choice.slug, CHOICE_TEXT_MAX),
        value: choice.slug.slice(0, CHOICE_TEXT_MAX),
      })),
    );
  }

  async function onInteraction(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) await handleAutocomplete(interaction);
      else if (interaction.isChatInputCommand()) await handleSlash(interaction);
      else if (interaction.isButton()) await handleButton(interaction);
    } catch (error) {
      // Usually the 3 s window or the 15 min token expired; nothing more can be sent for this interaction.
      logger.warn({ err: error, interactionId: interaction.id }, `could not answer interaction: ${errorMessage(error)}`);
    }
  }

  /** A fresh client per start attempt: discord.js clears a client's token when its login fails. */
  function createClient(): Client {
    const client = new Client({
      // Guilds alone delivers interactions plus the channel cache used to tell forums from text channels.
      intents: [GatewayIntentBits.Guilds],
      // The interaction payload carries its channel; without this partial, DM channels would resolve to null.
      partials: [Partials.Channel],
      ...shardOptions,
      rest: restOptions(config),
      // Nothing the bot sends may ping anyone, whatever an article title contains.
      allowedMentions: NO_MENTIONS,
      // The bot never reads message history, members or presences: do not hold them in memory.
      makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0, GuildMemberManager: 0, PresenceManager: 0, UserManager: 0 }),
    });
    client.rest.setToken(token!);
    watchRest(client.rest, (problem) => reportProblem('rest', problem), deps.onFailure);
    client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction));
    client.on(Events.Error, (error) => logger.error({ reason: errorMessage(error) }, `discord client error: ${errorMessage(error)}`));
    client.on(Events.Warn, (message) => logger.warn(message));
    client.on(Events.ShardDisconnect, (event, shardId) => {
      deps.onFailure?.('gateway');
      reportProblem('gateway', `gateway shard ${shardId} disconnected (code ${event.code}); reconnecting`);
      logger.warn({ shardId, code: event.code }, 'discord shard disconnected');
    });
    client.on(Events.ShardReconnecting, (shardId) => {
      reportProblem('gateway', `gateway shard ${shardId} is reconnecting`);
      logger.info({ shardId }, 'discord shard reconnecting');
    });
    const connected = () => {
      if (client.ws.shards.every((shard) => shard.status === Status.Ready)) reportProblem('gateway', undefined);
    };
    client.on(Events.ShardReady, connected);
    client.on(Events.ShardResume, connected);
    return client;
  }

  let client: Client | undefined;
  return {
    sender,
    async start() {
      const attempt = createClient();
      const abandon = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        abandon.abort();
      }, READY_TIMEOUT_MS);
      try {
        const ready = once(attempt, Events.ClientReady, { signal: abandon.signal });
        // A failed login rejects below and abandons `ready`; its rejection is expected then.
        ready.catch(() => undefined);
        await attempt.login(token);
        await ready;
      } catch (error) {
        abandon.abort();
        await attempt.destroy().catch(() => undefined);
        throw timedOut ? new Error(`the Discord gateway did not report READY within ${READY_TIMEOUT_MS / 1000} s`) : error;
      } finally {
        clearTimeout(timer);
      }
      client = attempt;
      problems.gateway = undefined;
      logger.info({ user: attempt.user?.tag, guilds: attempt.guilds.cache.size, shards: attempt.ws.shards.size }, 'discord bot ready');
    },
    async stop() {
      const current = client;
      client = undefined;
      await current?.destroy();
    },
  };
}

function payloadOf(outgoing: Outgoing) {
  return {
    embeds: outgoing.message.embeds,
    components: outgoing.message.components,
    files: outgoing.picture ? [{ attachment: outgoing.picture, name: STATS_PICTURE_NAME }] : [],
    // An explicit list replaces the message's attachments, so switching views drops the old picture.
    attachments: [],
    allowedMentions: NO_MENTIONS,
  };
}

/** Who is asking and where, taken from Discord's own payload (permissions are never read from options). */
function invocationFor(interaction: ChatInputCommandInteraction | ButtonInteraction | AutocompleteInteraction): Invocation {
  const base = { platform: 'discord' as const, userId: interaction.user.id, now: Date.now() };
  if (!interaction.inGuild()) {
    return { ...base, chatId: interaction.channelId ?? interaction.user.id, channelKind: 'text', isGroup: false, canManageSubscriptions: true };
  }
  const guildBase = {
    ...base,
    isGroup: true,
    canManageSubscriptions: interaction.memberPermissions.has(PermissionFlagsBits.ManageChannels),
  };
  const channel = interaction.channel;
  if (channel?.isThread() && channel.parentId) {
    const parent = interaction.client.channels.cache.get(channel.parentId);
    // Inside a forum post, subscriptions belong to the forum: each story gets its own post there.
    if (parent && (parent.type === ChannelType.GuildForum || parent.type === ChannelType.GuildMedia)) {
      return { ...guildBase, chatId: parent.id, channelKind: 'forum' };
    }
    return { ...guildBase, chatId: channel.parentId, topicId: channel.id, channelKind: 'thread' };
  }
  return { ...guildBase, chatId: interaction.channelId, channelKind: 'text' };
}

/** The value if `promise` settles within `ms`, else undefined (the promise keeps running). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

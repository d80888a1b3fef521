import type { IncomingMessage, ServerResponse } from 'node:http';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Api, Bot, GrammyError, HttpError, InputFile, webhookCallback, type Context } from 'grammy';
import type { Chat, Message, MaybeInaccessibleMessage } from 'grammy/types';
import type { RedisClient } from '../../store/redis-client.js';
import type { CommandRunner, Invocation } from '../../../commands/command.js';
import type { AlertSender } from '../../../jobs/deliver-alert.js';
import type { Config } from '../../config/config.js';
import { errorMessage, UserError } from '../../core/errors.js';
import type { PictureRequest, Reply } from '../../core/reply.js';
import type { Platform, Subscription } from '../../core/subscription.js';
import type { Logger } from '../../logger.js';
import type { Keys } from '../../store/keys.js';
import { firstLine, networkErrorCode } from '../network-errors.js';
import { createTelegramAlertSender } from './alert-sender.js';
import { createChatAdmins } from './chat-admins.js';
import { isMessageNotModified } from './delivery-errors.js';
import { createTelegramRateLimiter, telegramRateLimits, type TelegramRateLimits } from './rate-limiter.js';
import { pictureCaption, renderReply, replyAsToast, type RenderedReply } from './render-reply.js';

export interface PictureRenderer {
  /** PNG bytes, or null when there is nothing to draw yet (no ranking, no rated outlets). */
  render(request: PictureRequest): Promise<Buffer | null>;
}

/** The part of the subscription store the bot needs when Telegram tells it a chat went away or moved. */
export interface ChatSubscriptionStore {
  listForChat(platform: Platform, chatId: string): Promise<Subscription[]>;
  disable(subscriptionId: string, reason: string, at: number): Promise<unknown>;
  moveChat(platform: Platform, fromChatId: string, toChatId: string): Promise<unknown>;
}

export interface TelegramBotDeps {
  config: Config;
  runner: CommandRunner;
  pictures: PictureRenderer;
  subscriptions: ChatSubscriptionStore;
  redis: RedisClient;
  keys: Keys;
  logger: Logger;
  /** Benches and tests tune the safety margin / in-process wait; limits themselves come from config. */
  rateLimits?: Partial<TelegramRateLimits>;
  /**
   * How the bot is doing once started: `degraded` while getUpdates fails or an optional set-up call
   * (command list, menu button, description) has not gone through yet, `ok` once all is well.
   */
  onStatus?: (status: 'ok' | 'degraded', reason?: string) => void;
  /** One failed Bot API call, by method, for the failure counter. */
  onFailure?: (call: string) => void;
  /** Backoff for the optional set-up calls that failed (they are retried until they succeed). */
  setupRetry?: { initialMs: number; maxMs: number };
}

export interface TelegramBot {
  /**
   * getMe, then the webhook or long polling: throws when the Bot API cannot be reached for those
   * (and can be called again). The optional set-up calls run afterwards; their failures are
   * warnings and are retried in the background. `lost` is called if long polling gives up later.
   */
  start(lost?: (error: unknown) => void): Promise<void>;
  stop(): Promise<void>;
  /** Alert delivery for the deliver-telegram worker; works without start(). */
  sender: AlertSender;
  /** Webhook mode only: mount on the HTTP server at `webhookPath` (checks the secret-token header). */
  handleWebhook?: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  webhookPath?: string;
}

const ALLOWED_UPDATES = ['message', 'channel_post', 'callback_query', 'my_chat_member', 'inline_query'] as const;
const TELEGRAM_API_ROOT = 'https://api.telegram.org';
const INTERNAL_ERROR_TEXT = 'Something went wrong on our side. Please try again in a minute.';
/** Between getUpdates attempts while the Bot API fails (the runner's own default grows without bound). */
const POLL_RETRY_MS = 1_000;
const DEFAULT_SETUP_RETRY = { initialMs: 5_000, maxMs: 300_000 };
/** What the bot's profile says before anyone has talked to it (setMyDescription / setMyShortDescription). */
const BOT_DESCRIPTION = 'threadwatch groups the news into story threads. /top lists the biggest stories, /thread <name> shows one with its summary, perspectives and stats, and /subscribe sends alerts when a story moves.';
const BOT_SHORT_DESCRIPTION = 'News grouped into story threads: /top, /thread, /subscribe.';

/** A failed Bot API call as one line: unreachable, or what the Bot API answered. */
export function describeTelegramFailure(error: unknown, apiRoot: string = TELEGRAM_API_ROOT): string {
  if (error instanceof GrammyError) {
    if (error.error_code === 401) return 'the Bot API refused TELEGRAM_TOKEN (401 Unauthorized): check the token from @BotFather';
    return `the Bot API refused ${error.method}: ${error.error_code} ${error.description}`;
  }
  const network = networkErrorCode(error);
  if (network || error instanceof HttpError) return `cannot reach the Bot API at ${apiRoot} (${network ?? firstLine(error)})`;
  return firstLine(error);
}

/** Telegram command names: lower-case letters, digits and underscores, at most 32. */
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;

/** Inline mode (`@bot trump putin` in any chat): this many thread cards per answer. */
const INLINE_RESULTS = 10;
/** Telegram caches an inline answer for everyone typing the same text this long; cards are re-rendered no more often. */
const INLINE_CACHE_SECONDS = 30;
const INLINE_CARD_CACHE_LIMIT = 500;
const INLINE_DESCRIPTION_MAX = 120;

/** Where an answer goes: the chat, the forum topic the question came from, the message it answers. */
interface Placement {
  chatId: number;
  topicId?: number;
  replyTo?: number;
}

/** Callback queries on old messages carry an "inaccessible message" (date 0) with only chat and id. */
function accessibleMessage(message: MaybeInaccessibleMessage): Message | undefined {
  return message.date !== 0 ? (message as Message) : undefined;
}

/** message_thread_id also appears on replies outside forums; only topic messages name a topic. */
function forumTopicOf(message: MaybeInaccessibleMessage): number | undefined {
  const accessible = accessibleMessage(message);
  return accessible?.is_topic_message ? accessible.message_thread_id : undefined;
}

function errorReply(message: string, suggestions: readonly string[] = []): Reply {
  const blocks: Reply['blocks'] = [{ type: 'text', text: message }];
  if (suggestions.length > 0) blocks.push({ type: 'list', items: suggestions.map((text) => ({ text })), ordered: false });
  return { tone: 'error', blocks, actions: [] };
}

/** `/thread@threadwatch_bot trump-putin stats` → `thread trump-putin stats` (`/start` is `/help`). */
export function commandLineFromText(text: string): string | null {
  const match = /^\/([a-z0-9_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/i.exec(text.trim());
  if (!match) return null;
  const name = (match[1] ?? '').toLowerCase();
  const args = (match[2] ?? '').trim();
  return `${name === 'start' ? 'help' : name}${args ? ` ${args}` : ''}`;
}

export function createTelegramBot(deps: TelegramBotDeps): TelegramBot {
  const { config, runner, pictures, subscriptions, logger } = deps;
  const token = config.TELEGRAM_TOKEN;
  if (!token) throw new Error('TELEGRAM_TOKEN: required to start the Telegram bot');
  const apiRoot = config.TELEGRAM_API_ROOT ?? TELEGRAM_API_ROOT;

  const bot = new Bot(token, { client: { apiRoot } });
  // Interactive replies ride out short 429s; alert delivery has its own Api without this so the job sees them.
  // 5xx and network errors are not slept on here (auto-retry would wait up to an hour): start-up
  // failures reach the supervised start, and the runner retries getUpdates at its own pace.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10, rethrowInternalServerErrors: true, rethrowHttpErrors: true }));

  // What is wrong right now, by where it was seen (long polling, optional set-up calls).
  const problems = new Map<string, string>();
  const reportProblem = (where: string, problem: string | undefined) => {
    if (problems.get(where) === problem) return;
    if (problem === undefined) problems.delete(where);
    else problems.set(where, problem);
    const reason = [...problems.values()].join('; ');
    deps.onStatus?.(reason ? 'degraded' : 'ok', reason || undefined);
  };
  // getUpdates failing (the runner retries it) shows in /healthz until a poll goes through again.
  bot.api.config.use(async (previous, method, payload, signal) => {
    if (method !== 'getUpdates') return previous(method, payload, signal);
    const pollFailed = (reason: string) => {
      deps.onFailure?.('getUpdates');
      const problem = `getUpdates fails (${reason}); retrying every ${POLL_RETRY_MS / 1000} s`;
      if (problems.get('polling') !== problem) logger.warn({ reason }, `telegram: ${problem}`);
      reportProblem('polling', problem);
    };
    try {
      // Right after a failure the poll is a short one, so recovery shows at once rather than after
      // a long poll of up to 30 s that has nothing to return.
      const result = await previous(method, problems.has('polling') ? { ...payload, timeout: 0 } : payload, signal);
      // Bot API refusals come back as a result here; grammY turns them into a GrammyError later.
      if (result.ok) reportProblem('polling', undefined);
      else pollFailed(`the Bot API refused getUpdates: ${result.error_code} ${result.description}`);
      return result;
    } catch (error) {
      if (!signal?.aborted) pollFailed(describeTelegramFailure(error, apiRoot));
      throw error;
    }
  });
  const deliveryApi = new Api(token, { apiRoot });
  const limiter = createTelegramRateLimiter(deps.redis, deps.keys, telegramRateLimits(config, deps.rateLimits));
  const sender = createTelegramAlertSender({ api: deliveryApi, limiter, logger });
  const admins = createChatAdmins(bot.api, logger);
  const knownCommands = new Set(['start', ...runner.commands.map((command) => command.name)]);

  async function canManageSubscriptions(chat: Chat, userId: number, message?: Message): Promise<boolean> {
    if (chat.type === 'private' || chat.type === 'channel') return true;
    // Anonymous group admins post as the group itself.
    if (message?.sender_chat?.id === chat.id) return true;
    return admins.isAdmin(chat.id, userId);
  }

  async function invocationFor(message: MaybeInaccessibleMessage, userId: number | undefined): Promise<Invocation> {
    const chat = message.chat;
    const topicId = forumTopicOf(message);
    // Channel posts have no sender; whoever can post in a channel administers it.
    const asker = userId ?? chat.id;
    return {
      platform: 'telegram',
      chatId: String(chat.id),
      userId: String(asker),
      ...(topicId !== undefined ? { topicId: String(topicId) } : {}),
      isGroup: chat.type !== 'private',
      canManageSubscriptions: await canManageSubscriptions(chat, asker, accessibleMessage(message)),
      now: Date.now(),
    };
  }

  async function runSafely(line: string, invocation: Invocation): Promise<Reply> {
    try {
      return await runner.runLine(line, invocation);
    } catch (error) {
      if (error instanceof UserError) return errorReply(error.message, error.suggestions);
      logger.error({ err: error, line, chatId: invocation.chatId }, 'telegram command failed');
      return errorReply(INTERNAL_ERROR_TEXT);
    }
  }

  async function sendRendered(rendered: RenderedReply, placement: Placement): Promise<void> {
    for (const [index, html] of rendered.messages.entries()) {
      const last = index === rendered.messages.length - 1;
      await bot.api.sendMessage(placement.chatId, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(placement.topicId !== undefined ? { message_thread_id: placement.topicId } : {}),
        ...(index === 0 && placement.replyTo !== undefined ? { reply_parameters: { message_id: placement.replyTo, allow_sending_without_reply: true } } : {}),
        ...(last && rendered.keyboard ? { reply_markup: rendered.keyboard } : {}),
      });
    }
  }

  async function sendPicture(reply: Reply, placement: Placement): Promise<void> {
    if (!reply.picture) return;
    try {
      const png = await pictures.render(reply.picture);
      if (!png) return;
      await bot.api.sendPhoto(placement.chatId, new InputFile(png, `${reply.picture.slug}-stats.png`), {
        caption: pictureCaption(reply),
        parse_mode: 'HTML',
        ...(placement.topicId !== undefined ? { message_thread_id: placement.topicId } : {}),
      });
    } catch (error) {
      // The text answer already went out; a missing picture is not worth an error message.
      logger.warn({ err: error, threadId: reply.picture.threadId }, 'telegram stats picture failed');
    }
  }

  function placementOf(message: MaybeInaccessibleMessage, replyTo: boolean): Placement {
    const topicId = forumTopicOf(message);
    return {
      chatId: message.chat.id,
      ...(topicId !== undefined ? { topicId } : {}),
      // In groups, quoting the command keeps the answer next to the question.
      ...(replyTo && message.chat.type !== 'private' ? { replyTo: message.message_id } : {}),
    };
  }

  // One boundary for every handler: polling (runner) and webhook mode log failures the same way.
  bot.use(async (_ctx, next) => {
    try {
      await next();
    } catch (error) {
      logger.error({ err: error }, 'telegram update handler failed');
    }
  });

  // The runner handles updates concurrently; within one chat, answers must keep the order of the questions.
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));

  async function handleCommandMessage(ctx: Context, message: Message): Promise<void> {
    const line = commandLineFromText(message.text ?? '');
    if (!line) return;
    const name = line.split(' ', 1)[0] ?? '';
    // In groups an unknown command is probably meant for another bot; in private it gets the runner's "unknown command".
    if (!knownCommands.has(name) && message.chat.type !== 'private') return;
    const invocation = await invocationFor(message, ctx.from?.id);
    const reply = await runSafely(line, invocation);
    const placement = placementOf(message, true);
    await sendRendered(renderReply(reply), placement);
    await sendPicture(reply, placement);
  }

  // grammY's command filter already ignores `/thread@OtherBot` and accepts `/thread@ThisBot`.
  bot.command([...knownCommands], async (ctx) => {
    const message = ctx.message ?? ctx.channelPost;
    if (message) await handleCommandMessage(ctx, message);
  });
  bot.on('message:text', async (ctx) => {
    if (ctx.chat.type === 'private' && ctx.message.text.startsWith('/')) await handleCommandMessage(ctx, ctx.message);
  });

  bot.on('callback_query:data', async (ctx) => {
    const query = ctx.callbackQuery;
    let answer: { text?: string; show_alert?: boolean } = {};
    let answered = false;
    const answerOnce = async () => {
      if (answered) return;
      answered = true;
      await ctx.answerCallbackQuery(answer).catch((error: unknown) => logger.warn({ err: error }, 'answerCallbackQuery failed'));
    };
    try {
      const message = query.message;
      if (!message) {
        answer = { text: 'This message is too old for buttons; send the command again.', show_alert: true };
        return;
      }
      const invocation = await invocationFor(message, query.from.id);
      const reply = await runSafely(query.data, invocation);
      if (reply.tone === 'error') {
        answer = { text: replyAsToast(reply), show_alert: true };
        return;
      }
      const rendered = renderReply(reply);
      const placement = placementOf(message, false);
      // A reply with buttons is another view of the same thing: swap it in place. A confirmation
      // (subscribed, unsubscribed) is news for the chat, so it goes out as a new message.
      const [first, ...rest] = rendered.messages;
      const editable = reply.actions.length > 0 && first !== undefined && accessibleMessage(message)?.text !== undefined;
      if (editable) {
        try {
          await bot.api.editMessageText(message.chat.id, message.message_id, first, {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            ...(rest.length === 0 && rendered.keyboard ? { reply_markup: rendered.keyboard } : {}),
          });
        } catch (error) {
          if (!isMessageNotModified(error)) throw error;
        }
        if (rest.length > 0) await sendRendered({ messages: rest, ...(rendered.keyboard ? { keyboard: rendered.keyboard } : {}) }, placement);
      } else {
        await sendRendered(rendered, placement);
        if (reply.tone === 'success') answer = { text: replyAsToast(reply) };
      }
      // Stop the button's spinner before the slower picture upload.
      await answerOnce();
      await sendPicture(reply, placement);
    } catch (error) {
      logger.error({ err: error, data: query.data }, 'telegram button failed');
      answer = { text: INTERNAL_ERROR_TEXT, show_alert: true };
    } finally {
      await answerOnce();
    }
  });

  // Inline mode: the same resolver as autocomplete picks the threads, and each card is the thread's
  // summary view, sent into the chat as the user's message (without buttons: presses on inline
  // messages arrive without a chat to answer in).
  const inlineCards = new Map<string, { at: number; html: string }>();
  async function inlineCard(slug: string, invocation: Invocation): Promise<string> {
    const cached = inlineCards.get(slug);
    if (cached && Date.now() - cached.at < INLINE_CACHE_SECONDS * 1000) return cached.html;
    const [html = ''] = renderReply(await runSafely(`thread ${slug}`, invocation)).messages;
    if (inlineCards.size >= INLINE_CARD_CACHE_LIMIT) inlineCards.clear();
    inlineCards.set(slug, { at: Date.now(), html });
    return html;
  }

  bot.on('inline_query', async (ctx) => {
    const query = ctx.inlineQuery;
    const invocation: Invocation = {
      platform: 'telegram',
      chatId: `inline:${query.from.id}`,
      userId: String(query.from.id),
      isGroup: false,
      // A card only shows a thread; subscribing needs a chat.
      canManageSubscriptions: false,
      now: Date.now(),
    };
    const choices = await runner.complete(query.query, INLINE_RESULTS);
    const results = await Promise.all(
      choices.map(async (choice) => ({
        type: 'article' as const,
        id: choice.slug.slice(0, 64),
        title: choice.topic,
        description: `${choice.rank ? `#${choice.rank} · ` : ''}${choice.status === 'archived' ? 'archived · ' : ''}${choice.title}`.slice(0, INLINE_DESCRIPTION_MAX),
        input_message_content: { message_text: await inlineCard(choice.slug, invocation), parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true } },
      })),
    );
    await ctx.answerInlineQuery(results, { cache_time: INLINE_CACHE_SECONDS, is_personal: false });
  });

  bot.on('my_chat_member', async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status !== 'kicked' && status !== 'left') return;
    const chatId = String(ctx.myChatMember.chat.id);
    const reason = status === 'kicked' ? 'the bot was removed or blocked in this chat' : 'the bot left this chat';
    const active = (await subscriptions.listForChat('telegram', chatId)).filter((subscription) => !subscription.disabled);
    for (const subscription of active) await subscriptions.disable(subscription.id, reason, Date.now());
    if (active.length > 0) logger.info({ chatId, count: active.length, status }, 'telegram chat gone; subscriptions disabled');
  });

  bot.on('message:migrate_to_chat_id', async (ctx) => {
    const from = String(ctx.chat.id);
    const to = String(ctx.message.migrate_to_chat_id);
    await subscriptions.moveChat('telegram', from, to);
    logger.info({ from, to }, 'telegram group upgraded to supergroup; subscriptions moved');
  });

  async function registerCommands(): Promise<void> {
    const commands = runner.commands
      .filter((command) => COMMAND_NAME.test(command.name) && command.description.trim() !== '')
      .map((command) => ({ command: command.name, description: command.description.slice(0, 256) }));
    await bot.api.setMyCommands(commands);
  }

  /**
   * Calls that make the bot nicer to find but are not needed to answer anyone: when one fails, the
   * bot runs without it (a warning, `degraded` in /healthz) and it is retried until it goes through.
   */
  const optionalSetup: { call: string; run: () => Promise<unknown>; without: string }[] = [
    { call: 'setMyCommands', run: registerCommands, without: 'the command list in Telegram may be missing or out of date' },
    { call: 'setChatMenuButton', run: () => bot.api.setChatMenuButton({ menu_button: { type: 'commands' } }), without: 'the menu button may not open the command list' },
    { call: 'setMyDescription', run: () => bot.api.setMyDescription(BOT_DESCRIPTION), without: 'the bot profile may lack its description' },
    { call: 'setMyShortDescription', run: () => bot.api.setMyShortDescription(BOT_SHORT_DESCRIPTION), without: 'the bot profile may lack its short description' },
  ];
  const setupRetry = deps.setupRetry ?? DEFAULT_SETUP_RETRY;
  let setupTimer: NodeJS.Timeout | undefined;
  let setupStopped = false;

  async function runOptionalSetup(pending: typeof optionalSetup, attempt: number): Promise<void> {
    const failed: typeof optionalSetup = [];
    for (const step of pending) {
      if (setupStopped) return;
      try {
        await step.run();
        reportProblem(step.call, undefined);
      } catch (error) {
        failed.push(step);
        deps.onFailure?.(step.call);
        const reason = describeTelegramFailure(error, apiRoot);
        const problem = `${step.call} failed (${reason}): ${step.without}; retrying`;
        if (problems.get(step.call) !== problem) logger.warn({ call: step.call, reason }, `telegram: ${problem}; the bot answers commands meanwhile`);
        reportProblem(step.call, problem);
      }
    }
    if (failed.length === 0 || setupStopped) return;
    const delay = Math.min(setupRetry.maxMs, setupRetry.initialMs * 2 ** (attempt - 1));
    setupTimer = setTimeout(() => void runOptionalSetup(failed, attempt + 1), delay);
    setupTimer.unref();
  }

  const webhookUrl = config.TELEGRAM_MODE === 'webhook' ? config.TELEGRAM_WEBHOOK_URL : undefined;
  let runnerHandle: RunnerHandle | undefined;

  const telegramBot: TelegramBot = {
    sender,
    async start(lost) {
      // Required: without getMe, and the webhook or polling, the bot cannot receive anything.
      // Not bot.init(): it retries getMe on 5xx and network errors forever, out of the supervisor's sight.
      if (!bot.isInited()) bot.botInfo = await bot.api.getMe();
      if (webhookUrl) {
        await bot.api.setWebhook(webhookUrl, {
          allowed_updates: [...ALLOWED_UPDATES],
          ...(config.TELEGRAM_WEBHOOK_SECRET ? { secret_token: config.TELEGRAM_WEBHOOK_SECRET } : {}),
        });
        logger.info({ username: bot.botInfo.username, webhookUrl }, 'telegram bot receiving updates by webhook');
      } else {
        // A webhook left over from an earlier deployment would make getUpdates fail with 409.
        await bot.api.deleteWebhook();
        const handle = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, retryInterval: POLL_RETRY_MS, silent: true } });
        runnerHandle = handle;
        // The runner gives up only on 401/409 or after many hours of failures: then the bot is started afresh.
        handle.task()?.catch((error: unknown) => {
          if (runnerHandle === handle) lost?.(error);
        });
        logger.info({ username: bot.botInfo.username }, 'telegram bot polling for updates');
      }
      setupStopped = false;
      await runOptionalSetup(optionalSetup, 1);
    },
    async stop() {
      setupStopped = true;
      if (setupTimer) clearTimeout(setupTimer);
      const handle = runnerHandle;
      runnerHandle = undefined;
      if (handle?.isRunning()) await handle.stop();
    },
  };

  if (webhookUrl) {
    const callback = webhookCallback(bot, 'http', {
      ...(config.TELEGRAM_WEBHOOK_SECRET ? { secretToken: config.TELEGRAM_WEBHOOK_SECRET } : {}),
      // Telegram re-sends an update it got no answer for; a slow LLM answer must not cause duplicates.
      onTimeout: 'return',
      timeoutMilliseconds: 9_000,
    });
    telegramBot.handleWebhook = async (request, response) => {
      try {
        await callback(request, response);
      } catch (error) {
        logger.warn({ err: errorMessage(error) }, 'telegram webhook request rejected');
        if (!response.headersSent) response.writeHead(400).end();
      }
    };
    telegramBot.webhookPath = new URL(webhookUrl).pathname;
  }
  return telegramBot;
}

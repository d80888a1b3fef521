import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../commands/runner.js';
import { createTelegramBot, type TelegramBot } from '../../src/adapters/telegram/bot.js';
import { loadConfig } from '../../src/config/config.js';
import { subscriptionId, type SubscriptionStore } from '../../src/core/subscription.js';
import { createLogger } from '../../src/logger.js';
import { createStatsPictureSource } from '../../src/core/render/stats-picture.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedisSubscriptionStore } from '../../src/store/redis-subscription-store.js';
import { fakeDeps, referenceWorld } from '../helpers/command-fakes.js';
import {
  callbackUpdate,
  commandUpdate,
  groupChat,
  migrationUpdate,
  myChatMemberUpdate,
  privateChat,
  startFakeTelegram,
  type FakeTelegram,
  type RecordedCall,
} from '../helpers/fake-telegram.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const ALICE = 501;
const BOB = 502;
const CAROL = 503;
const GROUP = -1001234567890;

let fake: FakeTelegram;
let testRedis: TestRedis;
let bot: TelegramBot;
let subscriptions: SubscriptionStore;
let threadId: string;

const keyboardOf = (call: RecordedCall) => (call.params['reply_markup'] as { inline_keyboard: { text: string; callback_data?: string }[][] } | undefined)?.inline_keyboard.flat() ?? [];
const toChat = (chatId: number) => (call: RecordedCall) => String(call.params['chat_id']) === String(chatId);
let sentBefore = 0;
/** Waits for the next sendMessage to `chatId` after the ones already seen in this test. */
const nextMessageTo = (chatId: number) => fake.waitForCall('sendMessage', (call) => toChat(chatId)(call) && fake.calls.indexOf(call) >= sentBefore);

beforeAll(async () => {
  fake = await startFakeTelegram({ botUsername: 'threadwatch_bot' });
  testRedis = await createTestRedis('telegram-bot');
  const keys = createKeys(testRedis.prefix);
  const { world, thread } = referenceWorld();
  threadId = thread.id;
  const commandDeps = fakeDeps(world);
  subscriptions = createRedisSubscriptionStore(testRedis.redis, keys);
  const logger = createLogger('silent');
  const runner = createCommandRunner({ ...commandDeps, subscriptions }, { logger });
  const config = loadConfig({ TELEGRAM_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
  bot = createTelegramBot({
    config,
    runner,
    pictures: createStatsPictureSource({ ranking: commandDeps.ranking }),
    subscriptions,
    redis: testRedis.redis,
    keys,
    logger,
  });
  await bot.start();
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await testRedis?.cleanup();
});

beforeEach(() => {
  sentBefore = fake.calls.length;
});

describe('Telegram bot commands', () => {
  it('registers the command menu at start', () => {
    const [registration] = fake.callsTo('setMyCommands');
    const names = (registration?.params['commands'] as { command: string }[]).map((command) => command.command);
    expect(names).toEqual(expect.arrayContaining(['thread', 'top', 'subscribe', 'unsubscribe', 'subscriptions', 'sources', 'help']));
    expect(fake.callsTo('deleteWebhook')).toHaveLength(1);
  });

  it('answers /thread with an HTML message, view buttons, and the stats picture as a photo', async () => {
    fake.pushUpdate(commandUpdate('/thread trump-putin', privateChat(ALICE), ALICE));
    const message = await nextMessageTo(ALICE);
    expect(message.params['parse_mode']).toBe('HTML');
    expect(message.params['text']).toContain('Trump Putin Call');
    const buttons = keyboardOf(message).map((button) => button.callback_data);
    expect(buttons).toEqual(expect.arrayContaining(['thread trump-putin perspectives', 'thread trump-putin stats']));
    for (const data of buttons) expect(Buffer.byteLength(data ?? '')).toBeLessThanOrEqual(64);
  });

  it('switches views by editing the message when a button is pressed, and always answers the callback', async () => {
    const chat = privateChat(ALICE);
    fake.pushUpdate(callbackUpdate('thread trump-putin stats', { message_id: 77, chat }, ALICE));
    const edit = await fake.waitForCall('editMessageText', (call) => call.params['message_id'] === 77);
    expect(edit.params['parse_mode']).toBe('HTML');
    expect(edit.params['text']).toContain('<pre>');
    expect(keyboardOf(edit).find((button) => button.callback_data === 'thread trump-putin stats')?.text).toContain('•');
    await fake.waitForCall('answerCallbackQuery', (call) => fake.calls.indexOf(call) >= sentBefore);
    // The first picture loads fonts, which can take a few seconds on a cold machine.
    const photo = await fake.waitForCall('sendPhoto', (call) => toChat(ALICE)(call), 25_000);
    expect(photo.files).toHaveLength(1);
    expect(photo.files[0]?.size).toBeGreaterThan(100);
  });

  it('offers the suggested thread as a button when the slug is mistyped', async () => {
    fake.pushUpdate(commandUpdate('/thread trump-puttin', privateChat(BOB), BOB));
    const message = await nextMessageTo(BOB);
    expect(message.params['text']).toContain('Did you mean');
    expect(keyboardOf(message).map((button) => button.callback_data)).toEqual(['thread trump-putin']);
  });

  it('shows the top threads as buttons when /thread has no slug', async () => {
    fake.pushUpdate(commandUpdate('/thread', privateChat(BOB), BOB));
    const message = await nextMessageTo(BOB);
    expect(keyboardOf(message).map((button) => button.callback_data)).toContain('thread trump-putin');
  });

  it('answers /thread@ThisBot in a group and ignores commands addressed to another bot', async () => {
    fake.pushUpdate(commandUpdate('/thread@other_bot trump-putin', groupChat(GROUP), CAROL));
    fake.pushUpdate(commandUpdate('/thread@threadwatch_bot trump-putin', groupChat(GROUP), CAROL));
    const message = await nextMessageTo(GROUP);
    expect(message.params['text']).toContain('Trump Putin Call');
    // Both updates were consumed in order; only one answer went out.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.callsTo('sendMessage').filter((call) => toChat(GROUP)(call) && fake.calls.indexOf(call) >= sentBefore)).toHaveLength(1);
  });
});

describe('Telegram group subscriptions', () => {
  it('refuses /subscribe from a group member who is not an admin', async () => {
    fake.setChatMember(GROUP, BOB, 'member');
    fake.pushUpdate(commandUpdate('/subscribe trump-putin', groupChat(GROUP), BOB));
    const message = await nextMessageTo(GROUP);
    expect(message.params['text']).toMatch(/admin/i);
    expect(await subscriptions.listForChat('telegram', String(GROUP))).toEqual([]);
  });

  it('accepts /subscribe from a group admin', async () => {
    fake.setChatMember(GROUP, ALICE, 'administrator');
    fake.pushUpdate(commandUpdate('/subscribe@threadwatch_bot trump-putin', groupChat(GROUP), ALICE));
    const reply = await nextMessageTo(GROUP);
    expect(reply.params['text']).toContain('Subscribed');
    const stored = await subscriptions.listForChat('telegram', String(GROUP));
    expect(stored.map((subscription) => subscription.target)).toEqual([threadId]);
  });

  it('delivers alerts of a subscription made inside a forum topic to that topic', async () => {
    const forum = -1009999;
    fake.pushUpdate(commandUpdate('/subscribe trump-putin', groupChat(forum, { forum: true }), ALICE, { topicId: 42 }));
    fake.setChatMember(forum, ALICE, 'creator');
    const confirmation = await nextMessageTo(forum);
    expect(confirmation.params['message_thread_id']).toBe(42);
    const [subscription] = await subscriptions.listForChat('telegram', String(forum));
    expect(subscription?.topicId).toBe('42');
    sentBefore = fake.calls.length;
    await bot.sender.send(subscription!, {
      id: 'alert-topic-1',
      kind: 'climbed',
      threadId,
      slug: 'trump-putin',
      title: 'Trump Putin Call',
      rank: 2,
      previousRank: 9,
      virality: 6.2,
      articleCount: 451,
      at: Date.now(),
    });
    const alert = await nextMessageTo(forum);
    expect(alert.params['message_thread_id']).toBe(42);
    expect(alert.params['text']).toContain('climbed to #2');
  });

  it('disables a chat’s subscriptions when the bot is removed from it', async () => {
    fake.pushUpdate(myChatMemberUpdate(groupChat(GROUP), ALICE, 'kicked', fake.botId));
    await expect.poll(async () => (await subscriptions.listForChat('telegram', String(GROUP))).every((subscription) => subscription.disabled !== undefined), { timeout: 5_000 }).toBe(true);
    const [subscription] = await subscriptions.listForChat('telegram', String(GROUP));
    expect(subscription?.disabled?.reason).toMatch(/removed|blocked/);
  });

  it('moves subscriptions to the new chat id when a group becomes a supergroup', async () => {
    const oldGroup = -4242;
    const supergroup = -1004242;
    await subscriptions.subscribe({ destination: { platform: 'telegram', chatId: String(oldGroup) }, target: 'top:10', slug: '', at: Date.now() });
    fake.pushUpdate(migrationUpdate({ id: oldGroup, type: 'group', title: 'Old' }, supergroup));
    await expect.poll(async () => (await subscriptions.listForChat('telegram', String(supergroup))).map((subscription) => subscription.id), { timeout: 5_000 }).toEqual([
      subscriptionId({ platform: 'telegram', chatId: String(supergroup) }, 'top:10'),
    ]);
    expect(await subscriptions.listForChat('telegram', String(oldGroup))).toEqual([]);
  });
});

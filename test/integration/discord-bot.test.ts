import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandRunner } from '../../commands/command.js';
import { createCommandRunner } from '../../commands/runner.js';
import { createDiscordBot, type DiscordBot } from '../../src/adapters/discord/bot.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { createStatsPictureSource } from '../../src/core/render/stats-picture.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedisSubscriptionStore } from '../../src/store/redis-subscription-store.js';
import { addThread, fakeDeps, makeArticle, makeThread, referenceWorld } from '../helpers/command-fakes.js';
import { MANAGER_PERMISSIONS, startFakeDiscord, type FakeDiscord, type RecordedRequest, type SentInteraction } from '../helpers/fake-discord.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';
import type { SubscriptionStore } from '../../src/core/subscription.js';

const EPHEMERAL = 64;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let testRedis: TestRedis;
let fake: FakeDiscord;
let bot: DiscordBot;
let subscriptions: SubscriptionStore;
/** Lets one test make the commands slower than Discord's direct-reply budget. */
let commandDelayMs = 0;

beforeAll(async () => {
  testRedis = await createTestRedis('discord-bot');
  const keys = createKeys(testRedis.prefix);
  fake = await startFakeDiscord();
  const { world } = referenceWorld();
  // Enough threads that autocomplete has to cut the list to Discord's 25 choices.
  for (let index = 0; index < 40; index += 1) {
    const article = makeArticle(`u${index}`, { title: `Ukraine talks round ${index}` });
    addThread(world, makeThread(`t-ukraine-${index}`, `ukraine-talks-${index}`, [article], { title: `Ukraine talks ${index}` }), [article]);
  }
  subscriptions = createRedisSubscriptionStore(testRedis.redis, keys);
  const deps = { ...fakeDeps(world), subscriptions };
  const realRunner = createCommandRunner(deps);
  const delayed = async <T>(work: () => Promise<T>) => {
    if (commandDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, commandDelayMs));
    return work();
  };
  const runner: CommandRunner = {
    commands: realRunner.commands,
    run: (name, options, invocation) => delayed(() => realRunner.run(name, options, invocation)),
    runLine: (line, invocation) => delayed(() => realRunner.runLine(line, invocation)),
    complete: (query, limit) => realRunner.complete(query, limit),
  };
  const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, DISCORD_SHARDS: '1' });
  bot = createDiscordBot({
    config,
    runner,
    pictures: createStatsPictureSource({ ranking: deps.ranking }),
    redis: testRedis.redis,
    keys,
    logger: createLogger('silent'),
  });
  await bot.start();
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await testRedis?.cleanup();
});

/** The request that carried an interaction's visible answer: a direct reply/update or the edit after deferring. */
async function answerOf(interaction: SentInteraction): Promise<{ request: RecordedRequest; message: RecordedRequest['body'] }> {
  const request = await fake.waitForRequest(
    (r) =>
      r.path.includes(`/${interaction.token}`) &&
      ((r.path.endsWith('/callback') && [4, 7].includes(r.body?.type)) || (r.method === 'PATCH' && r.path.endsWith('/@original')) || (r.method === 'POST' && r.path.startsWith('/webhooks/'))),
  );
  return { request, message: request.path.endsWith('/callback') ? request.body.data : request.body };
}

function buttonsOf(message: RecordedRequest['body']): { custom_id: string; disabled: boolean; label: string }[] {
  return (message.components ?? []).flatMap((row: { components: unknown[] }) => row.components);
}

describe('Discord bot against a fake Discord (gateway + REST on loopback)', () => {
  it('connects through GET /gateway/bot and identifies with the Guilds intent only', async () => {
    const gatewayRequest = fake.requests.find((request) => request.path === '/gateway/bot');
    expect(gatewayRequest?.authorization).toBe(`Bot ${fake.token}`);
    expect(fake.identifyCount).toBe(1);
  });

  it('answers /thread <slug> stats with an embed, view buttons and the stats PNG attached', async () => {
    const interaction = fake.slashCommand('thread', { slug: 'trump-putin', view: 'stats' });
    const { request, message } = await answerOf(interaction);

    const [embed] = message.embeds;
    expect(embed.title).toBe('#11 · Trump Putin Call');
    expect(embed.fields).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Virality Score', value: '5.4' })]));
    expect(message.embeds.at(-1).image).toEqual({ url: 'attachment://stats.png' });
    expect(message.flags ?? 0).not.toBe(EPHEMERAL);

    expect(request.files).toHaveLength(1);
    expect(request.files[0]?.filename).toBe('stats.png');
    expect(request.files[0]?.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(message.attachments).toEqual([expect.objectContaining({ id: '0' })]);

    const buttons = buttonsOf(message);
    expect(buttons.map((button) => button.custom_id)).toEqual(['thread trump-putin', 'thread trump-putin perspectives', 'thread trump-putin stats', 'thread trump-putin qa', 'subscribe trump-putin']);
    expect(buttons.find((button) => button.custom_id === 'thread trump-putin stats')?.disabled).toBe(true);
  });

  it('defers slow commands and edits the original response when the reply is ready', async () => {
    commandDelayMs = 2_000;
    try {
      const interaction = fake.slashCommand('thread', { slug: 'trump-putin' });
      const { request, message } = await answerOf(interaction);
      const callback = fake.requestsFor(interaction).find((r) => r.path.endsWith('/callback'));
      expect(callback?.body.type).toBe(5);
      expect(request.method).toBe('PATCH');
      expect(message.embeds[0].title).toBe('#11 · Trump Putin Call');
    } finally {
      commandDelayMs = 0;
    }
  });

  it('replaces a slow public deferral with a private follow-up when the answer is an error', async () => {
    commandDelayMs = 2_000;
    try {
      const interaction = fake.slashCommand('thread', { slug: 'no-such-story' });
      const followUp = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${fake.applicationId}/${interaction.token}`);
      expect(followUp.body.flags).toBe(EPHEMERAL);
      expect(fake.requestsFor(interaction).map((r) => `${r.method} ${r.path.endsWith('/callback') ? `callback ${r.body.type}` : r.path.split('/').pop()}`)).toEqual([
        'POST callback 5',
        'DELETE @original',
        `POST ${interaction.token}`,
      ]);
    } finally {
      commandDelayMs = 0;
    }
  });

  it('defers a slow button press as an update and then edits the same message', async () => {
    const command = fake.slashCommand('thread', { slug: 'trump-putin' });
    await answerOf(command);
    const original = fake.originalMessage(command);
    commandDelayMs = 2_000;
    try {
      const press = fake.pressButton(original?.id ?? '', 'thread trump-putin stats');
      const { request } = await answerOf(press);
      expect(fake.requestsFor(press).find((r) => r.path.endsWith('/callback'))?.body.type).toBe(6);
      expect(request.method).toBe('PATCH');
      expect(request.files.map((file) => file.filename)).toEqual(['stats.png']);
      expect(fake.messages.get(original?.id ?? '')?.['embeds']).toEqual(request.body.embeds);
    } finally {
      commandDelayMs = 0;
    }
  });

  it('offers at most 25 autocomplete choices, matching what was typed', async () => {
    const everything = fake.autocomplete('thread', { slug: '' }, 'slug');
    const all = await fake.waitForRequest((r) => r.path.includes(`/${everything.token}/callback`));
    expect(all.body.type).toBe(8);
    expect(all.body.data.choices.length).toBeGreaterThan(0);
    expect(all.body.data.choices.length).toBeLessThanOrEqual(25);

    const typed = fake.autocomplete('thread', { slug: 'trump' }, 'slug');
    const matches = await fake.waitForRequest((r) => r.path.includes(`/${typed.token}/callback`));
    expect(matches.body.data.choices).toEqual([{ name: 'Trump Putin Call (trump-putin)', value: 'trump-putin' }]);
  });

  it('switches views in place when a button is pressed', async () => {
    const command = fake.slashCommand('thread', { slug: 'trump-putin' });
    await answerOf(command);
    const original = fake.originalMessage(command);
    expect(original).toBeDefined();
    const messagesBefore = fake.messages.size;

    const press = fake.pressButton(original?.id ?? '', 'thread trump-putin perspectives');
    const { request, message } = await answerOf(press);
    expect(request.path.endsWith('/callback') ? String(request.body.type) : 'edit').toMatch(/^(7|edit)$/);
    expect(JSON.stringify(message.embeds)).toContain('Left-leaning sources');
    expect(buttonsOf(message).find((button) => button.custom_id === 'thread trump-putin perspectives')?.disabled).toBe(true);
    // Same message, updated: no new message appeared in the channel.
    expect(fake.messages.size).toBe(messagesBefore);
    expect(JSON.stringify(fake.messages.get(original?.id ?? '')?.['embeds'])).toContain('Left-leaning sources');
  });

  it('answers text matching no thread privately with suggestions', async () => {
    const interaction = fake.slashCommand('thread', { slug: 'zzzqqq' });
    const { message } = await answerOf(interaction);
    expect(message.flags).toBe(EPHEMERAL);
    expect(JSON.stringify(message.embeds)).toContain('trump-putin');
    // The suggestion is a button, so nobody has to retype the slug.
    const buttons = (message.components ?? []).flatMap((row: { components: { custom_id: string }[] }) => row.components.map((button) => button.custom_id));
    expect(buttons).toContain('thread trump-putin');
  });

  it('refuses /subscribe from a member without Manage Channels, and accepts it with the permission', async () => {
    const refused = fake.slashCommand('subscribe', { target: 'trump-putin' });
    const refusal = await answerOf(refused);
    expect(refusal.message.flags).toBe(EPHEMERAL);
    expect(JSON.stringify(refusal.message.embeds)).toMatch(/channel managers/i);
    expect(await subscriptions.listForChat('discord', fake.channels.text.id)).toEqual([]);

    const accepted = fake.slashCommand('subscribe', { target: 'trump-putin' }, { permissions: MANAGER_PERMISSIONS });
    const confirmation = await answerOf(accepted);
    expect(confirmation.message.flags ?? 0).not.toBe(EPHEMERAL);
    const stored = await subscriptions.listForChat('discord', fake.channels.text.id);
    expect(stored).toEqual([expect.objectContaining({ target: 't-trump-putin', chatId: fake.channels.text.id, channelKind: 'text' })]);
  });

  it('lets anyone subscribe in a DM with the bot', async () => {
    const interaction = fake.slashCommand('subscribe', { target: 'trump-putin' }, { dm: true, userId: '4242' });
    const { message } = await answerOf(interaction);
    expect(message.flags ?? 0).not.toBe(EPHEMERAL);
    const dmChannelId = (await fake.waitForRequest((r) => r.path.includes(`/${interaction.token}/`))).path && fake.originalMessage(interaction)?.channel_id;
    expect(await subscriptions.listForChat('discord', dmChannelId ?? '')).toEqual([expect.objectContaining({ target: 't-trump-putin' })]);
  });

  it('subscribes a forum channel when /subscribe runs inside one of its posts', async () => {
    const interaction = fake.slashCommand('subscribe', { target: 'trump-putin' }, { channelId: fake.channels.forumPost.id, permissions: MANAGER_PERMISSIONS });
    await answerOf(interaction);
    const stored = await subscriptions.listForChat('discord', fake.channels.forum.id);
    expect(stored).toEqual([expect.objectContaining({ channelKind: 'forum', chatId: fake.channels.forum.id })]);
    expect(stored[0]?.topicId).toBeUndefined();
  });

  it('subscribes a thread as the thread inside its parent channel', async () => {
    const interaction = fake.slashCommand('subscribe', { target: 'trump-putin' }, { channelId: fake.channels.thread.id, permissions: MANAGER_PERMISSIONS });
    await answerOf(interaction);
    const stored = await subscriptions.listForChat('discord', fake.channels.text.id);
    expect(stored).toEqual(expect.arrayContaining([expect.objectContaining({ channelKind: 'thread', topicId: fake.channels.thread.id })]));
  });

  it('answers a button under an alert privately and leaves the alert as it was', async () => {
    await bot.sender.send(
      { id: 'discord:alerts', platform: 'discord', chatId: fake.channels.text.id, channelKind: 'text', target: 't-trump-putin', slug: 'trump-putin', createdAt: 0 },
      { id: 'alert-1', kind: 'climbed', threadId: 't-trump-putin', slug: 'trump-putin', title: 'Trump Putin Call', rank: 4, previousRank: 11, virality: 5.4, articleCount: 451, at: Date.now() },
    );
    const alertMessage = [...fake.messages.values()].find((message) => message.channel_id === fake.channels.text.id && !message['interaction_metadata']);
    const alertEmbeds = JSON.stringify(alertMessage?.['embeds']);

    const press = fake.pressButton(alertMessage?.id ?? '', 'thread trump-putin stats');
    const { message } = await answerOf(press);
    expect(message.flags).toBe(EPHEMERAL);
    expect(message.embeds[0].title).toBe('#11 · Trump Putin Call');
    expect(JSON.stringify(fake.messages.get(alertMessage?.id ?? '')?.['embeds'])).toBe(alertEmbeds);
  });

  it('keeps the view when a member without Manage Channels presses "Alert me", answering them privately', async () => {
    const command = fake.slashCommand('thread', { slug: 'trump-putin' });
    await answerOf(command);
    const original = fake.originalMessage(command);
    const before = JSON.stringify(original?.['embeds']);

    const press = fake.pressButton(original?.id ?? '', 'subscribe trump-putin');
    const { request, message } = await answerOf(press);
    expect(request.body.type).toBe(4);
    expect(message.flags).toBe(EPHEMERAL);
    expect(JSON.stringify(fake.messages.get(original?.id ?? '')?.['embeds'])).toBe(before);
  });

  it('sends allowed_mentions with parse: [] on every message it sent in these tests: replies, edits, updates and follow-ups', async () => {
    const interaction = fake.slashCommand('thread', { slug: '@everyone' });
    await answerOf(interaction);
    // Every request that carried message content (embeds), whichever route the answer took.
    const carrying = fake.requests.filter((request) => {
      const message = request.path.endsWith('/callback') ? request.body?.data : request.body;
      return message && typeof message === 'object' && Array.isArray(message.embeds) && message.embeds.length > 0;
    });
    expect(carrying.length).toBeGreaterThan(10);
    const routes = new Set(carrying.map((request) => `${request.method} ${request.path.replace(/\d+|itok-[0-9a-f]+/g, ':id')}`));
    expect(routes.size).toBeGreaterThan(2);
    for (const request of carrying) {
      const message = request.path.endsWith('/callback') ? request.body.data : request.body;
      expect({ route: `${request.method} ${request.path}`, allowed: message.allowed_mentions }).toEqual({ route: `${request.method} ${request.path}`, allowed: { parse: [] } });
    }
  });
});

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A loopback stand-in for Discord that speaks the real protocols: the REST API under /api/v10 and
 * the gateway WebSocket (HELLO → IDENTIFY → READY → GUILD_CREATE, heartbeats, dispatches). discord.js
 * is pointed at it through `rest.api`; it finds the gateway through GET /gateway/bot like in production.
 * Every REST request is recorded (multipart bodies parsed, files kept) so tests assert on the wire.
 */

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. `/channels/123/messages`. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** Parsed JSON body (multipart: its `payload_json`), or null. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary Discord payload fields
  files: RecordedFile[];
  status: number;
}

export interface FakeChannel {
  id: string;
  type: number;
  name: string;
  parentId?: string;
  /** The guild it belongs to (the main guild unless made for another one). */
  guildId?: string;
}

export const CHANNEL_TYPES = { text: 0, dm: 1, forum: 15, publicThread: 11 } as const;

/** Permission bits: View Channel, Send Messages, Use Application Commands. */
export const MEMBER_PERMISSIONS = String(1024n | 2048n | (1n << 31n));
/** The same plus Manage Channels. */
export const MANAGER_PERMISSIONS = String(BigInt(MEMBER_PERMISSIONS) | 16n);

export interface InteractionTarget {
  channelId?: string;
  /** One of `guilds` (the main guild by default); the interaction arrives on that guild's shard. */
  guildId?: string;
  /** A DM with the bot instead of a server channel. */
  dm?: boolean;
  permissions?: string;
  userId?: string;
}

export interface SentInteraction {
  id: string;
  token: string;
}

interface StoredMessage {
  [field: string]: unknown;
  id: string;
  channel_id: string;
}

function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

let snowflakeCounter = 0n;
function snowflake(): string {
  // Real-looking ids: Discord epoch timestamp in the top bits, a counter below.
  snowflakeCounter += 1n;
  return String(((BigInt(Date.now()) - 1420070400000n) << 22n) | (snowflakeCounter & 0x3fffffn));
}

/** A snowflake whose guild lands on shard `shard` of `shardCount` (Discord: (id >> 22) % count). */
function snowflakeOnShard(shard: number, shardCount: number): string {
  snowflakeCounter += 1n;
  const base = BigInt(Date.now()) - 1420070400000n;
  const timestamp = base - (base % BigInt(shardCount)) + BigInt(shard);
  return String((timestamp << 22n) | (snowflakeCounter & 0x3fffffn));
}

export interface FakeDiscordOptions {
  token?: string;
  /** Also create one more guild per shard of this count, each with a text channel (the main guild stays). */
  guildPerShard?: number;
  /** Listen on this port (a test that starts the bot before Discord "comes back" reserves one). */
  port?: number;
}

/** How the whole REST API misbehaves during an outage: 500 for everything, or 200 with bodies missing their fields. */
export type DiscordOutage = 'error-500' | 'malformed';

export async function startFakeDiscord(options: FakeDiscordOptions = {}) {
  const token = options.token ?? `fake-token-${randomBytes(6).toString('hex')}`;
  const applicationId = snowflake();
  const guildId = snowflake();
  const botUser = { id: applicationId, username: 'threadwatch', discriminator: '0000', global_name: null, avatar: null, bot: true };
  const channels = new Map<string, FakeChannel>();
  const addChannel = (channel: Omit<FakeChannel, 'id'>): FakeChannel => {
    const created = { id: snowflake(), ...channel };
    channels.set(created.id, created);
    return created;
  };
  const textChannel = addChannel({ type: CHANNEL_TYPES.text, name: 'news' });
  const forumChannel = addChannel({ type: CHANNEL_TYPES.forum, name: 'stories' });
  const threadChannel = addChannel({ type: CHANNEL_TYPES.publicThread, name: 'ukraine-talk', parentId: textChannel.id });
  const forumPostChannel = addChannel({ type: CHANNEL_TYPES.publicThread, name: 'a post', parentId: forumChannel.id });
  const shardGuilds = Array.from({ length: options.guildPerShard ?? 0 }, (_, shard) => {
    const id = snowflakeOnShard(shard, options.guildPerShard ?? 1);
    return { id, shard, textChannel: addChannel({ type: CHANNEL_TYPES.text, name: `news-${shard}`, guildId: id }) };
  });
  const allGuildIds = [guildId, ...shardGuilds.map((guild) => guild.id)];
  const guildOf = (channel: FakeChannel | undefined) => channel?.guildId ?? guildId;

  const requests: RecordedRequest[] = [];
  const events = new EventEmitter();
  const failures = new Map<string, { status: number; code: number; message: string; retryAfterSeconds?: number }>();
  const messages = new Map<string, StoredMessage>();
  /** Interaction token → id of the message `@original` refers to. */
  const originals = new Map<string, string>();
  const interactionsByToken = new Map<string, { id: string; channelId: string; messageId?: string }>();
  const sockets = new Set<WebSocket>();
  /** Shard id/count each identified gateway connection asked for. */
  const identifiedShards = new Map<WebSocket, [number, number]>();
  let identifyCount = 0;
  let sequence = 0;
  let outage: DiscordOutage | undefined;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: String(error), code: 0 }));
    });
  });
  const gateway = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const apiBase = `http://127.0.0.1:${port}/api`;
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  function channelPayload(channel: FakeChannel) {
    const common = { id: channel.id, type: channel.type, name: channel.name, guild_id: guildOf(channel), flags: 0, nsfw: false, rate_limit_per_user: 0, position: 0, permission_overwrites: [] };
    if (channel.type === CHANNEL_TYPES.publicThread) {
      return {
        ...common,
        parent_id: channel.parentId,
        owner_id: applicationId,
        message_count: 0,
        member_count: 1,
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
      };
    }
    if (channel.type === CHANNEL_TYPES.forum) return { ...common, parent_id: null, topic: null, available_tags: [], default_reaction_emoji: null, default_sort_order: null, default_forum_layout: 0 };
    return { ...common, parent_id: null, topic: null, last_message_id: null };
  }

  function guildPayload(id: string) {
    const all = [...channels.values()].filter((channel) => guildOf(channel) === id);
    return {
      id,
      name: 'Fake News Club',
      icon: null,
      owner_id: snowflake(),
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [{ id, name: '@everyone', permissions: MEMBER_PERMISSIONS, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      channels: all.filter((channel) => channel.type !== CHANNEL_TYPES.publicThread).map(channelPayload),
      threads: all.filter((channel) => channel.type === CHANNEL_TYPES.publicThread).map(channelPayload),
    };
  }

  function dispatch(socket: WebSocket, type: string, data: unknown): void {
    sequence += 1;
    socket.send(JSON.stringify({ op: 0, t: type, s: sequence, d: data }));
  }

  gateway.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      identifiedShards.delete(socket);
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    socket.on('message', (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: { token?: string; shard?: [number, number] } };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (packet.op === 2) {
        if (packet.d.token !== token) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        identifyCount += 1;
        const shard = packet.d.shard ?? [0, 1];
        identifiedShards.set(socket, shard);
        // Discord puts a guild on shard (guild_id >> 22) % shard_count; the other shards never see it.
        const owned = allGuildIds.filter((id) => shardOf(id, shard[1]) === shard[0]);
        dispatch(socket, 'READY', {
          v: 10,
          user: botUser,
          guilds: owned.map((id) => ({ id, unavailable: true })),
          session_id: randomBytes(8).toString('hex'),
          resume_gateway_url: gatewayUrl,
          shard,
          application: { id: applicationId, flags: 0 },
        });
        for (const id of owned) dispatch(socket, 'GUILD_CREATE', guildPayload(id));
        events.emit('identified');
      }
    });
  });

  function storeMessage(channelId: string, body: Record<string, unknown>, extra: Record<string, unknown> = {}): StoredMessage {
    const message: StoredMessage = {
      id: snowflake(),
      channel_id: channelId,
      type: 0,
      author: botUser,
      content: body['content'] ?? '',
      embeds: body['embeds'] ?? [],
      components: body['components'] ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: body['flags'] ?? 0,
      ...extra,
    };
    messages.set(message.id, message);
    return message;
  }

  function interactionMetadata(interactionToken: string) {
    const interaction = interactionsByToken.get(interactionToken);
    return { id: interaction?.id ?? snowflake(), type: 2, user: { id: snowflake(), username: 'reader', discriminator: '0', global_name: null, avatar: null }, authorizing_integration_owners: {} };
  }

  async function readBody(request: IncomingMessage): Promise<{ body: unknown; files: RecordedFile[] }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    if (raw.length === 0) return { body: null, files: [] };
    const contentType = request.headers['content-type'] ?? '';
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Request('http://fake.local/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
      const files: RecordedFile[] = [];
      let body: unknown = null;
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') body = JSON.parse(value);
        } else {
          files.push({ field, filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
        }
      }
      return { body, files };
    }
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', apiBase);
    const { body, files } = await readBody(request);
    const method = request.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const record: RecordedRequest = { method, path, query: url.searchParams, authorization: request.headers.authorization, body, files, status: 0 };
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      requests.push(record);
      if (payload === undefined) {
        response.writeHead(status, headers);
        response.end();
      } else {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(payload));
      }
      events.emit('request', record);
    };
    const notFound = () => reply(404, { message: '404: Not Found', code: 0 });
    if (outage === 'error-500') return reply(500, { message: '500: Internal Server Error', code: 0 });
    // A proxy or a broken deploy answering 200 with an empty object: GET /gateway/bot then lacks session_start_limit.
    if (outage === 'malformed') return reply(200, {});
    const json = (body ?? {}) as Record<string, unknown>;
    const needsBotToken = !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
    if (needsBotToken && request.headers.authorization !== `Bot ${token}`) return reply(401, { message: '401: Unauthorized', code: 0 });

    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return reply(200, { url: gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    }
    if (method === 'GET' && (path === '/oauth2/applications/@me' || path === '/applications/@me')) {
      return reply(200, { id: applicationId, name: 'threadwatch', icon: null, description: '', bot_public: true, bot_require_code_grant: false, verify_key: 'x', flags: 0 });
    }
    if (method === 'PUT' && (match = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      if (match[1] !== applicationId) return notFound();
      const commands = (Array.isArray(body) ? body : []) as Record<string, unknown>[];
      return reply(200, commands.map((command) => ({ ...command, id: snowflake(), application_id: applicationId, version: snowflake(), ...(match?.[2] ? { guild_id: match[2] } : {}) })));
    }
    if (method === 'POST' && (match = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      const [, interactionId, interactionToken = ''] = match;
      const interaction = interactionsByToken.get(interactionToken);
      if (!interaction || interaction.id !== interactionId) return reply(404, { message: 'Unknown interaction', code: 10062 });
      const type = json['type'];
      const data = (json['data'] ?? {}) as Record<string, unknown>;
      let message: StoredMessage | undefined;
      if (type === 4 || type === 5) {
        message = storeMessage(interaction.channelId, type === 4 ? data : { flags: data['flags'] }, { interaction_metadata: interactionMetadata(interactionToken) });
        originals.set(interactionToken, message.id);
      } else if ((type === 6 || type === 7) && interaction.messageId) {
        originals.set(interactionToken, interaction.messageId);
        const existing = messages.get(interaction.messageId);
        if (existing && type === 7) Object.assign(existing, { embeds: data['embeds'] ?? existing['embeds'], components: data['components'] ?? existing['components'] });
        message = existing;
      }
      if (url.searchParams.get('with_response') === 'true') return reply(200, { interaction: { id: interactionId, type: 2 }, resource: { type, message } });
      return reply(204);
    }
    if ((match = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/.exec(path))) {
      const [, , interactionToken = '', which] = match;
      const messageId = which === '@original' ? originals.get(interactionToken) : which;
      const message = messageId ? messages.get(messageId) : undefined;
      if (!message) return reply(404, { message: 'Unknown Message', code: 10008 });
      if (method === 'DELETE') {
        messages.delete(message.id);
        return reply(204);
      }
      if (method === 'PATCH') Object.assign(message, { embeds: json['embeds'] ?? message['embeds'], components: json['components'] ?? message['components'], edited_timestamp: new Date().toISOString() });
      return reply(200, message);
    }
    if (method === 'POST' && (match = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path))) {
      const interaction = interactionsByToken.get(match[2] ?? '');
      if (!interaction) return reply(404, { message: 'Unknown Webhook', code: 10015 });
      return reply(200, storeMessage(interaction.channelId, json, { interaction_metadata: interactionMetadata(match[2] ?? '') }));
    }
    if ((match = /^\/channels\/(\d+)(\/.*)?$/.exec(path))) {
      const [, channelId = '', rest = ''] = match;
      const failure = failures.get(channelId);
      if (failure?.retryAfterSeconds !== undefined) {
        const wait = String(failure.retryAfterSeconds);
        return reply(429, { message: 'You are being rate limited.', retry_after: failure.retryAfterSeconds, global: false }, { 'retry-after': wait, 'x-ratelimit-scope': 'shared' });
      }
      if (failure) return reply(failure.status, { message: failure.message, code: failure.code });
      const channel = channels.get(channelId);
      if (!channel) return reply(404, { message: 'Unknown Channel', code: 10003 });
      if (method === 'GET' && rest === '') return reply(200, channelPayload(channel));
      if (method === 'POST' && rest === '/messages') {
        if (channel.type === CHANNEL_TYPES.forum) return reply(400, { message: 'Cannot send messages in a forum channel', code: 50008 });
        return reply(200, storeMessage(channelId, json));
      }
      if (method === 'POST' && rest === '/threads') {
        const post = addChannel({ type: CHANNEL_TYPES.publicThread, name: String(json['name'] ?? ''), parentId: channelId });
        const starter = storeMessage(post.id, (json['message'] ?? {}) as Record<string, unknown>);
        return reply(201, { ...channelPayload(post), message: starter });
      }
    }
    return notFound();
  }

  function interactionBase(target: InteractionTarget) {
    const id = snowflake();
    const interactionToken = `itok-${randomBytes(12).toString('hex')}`;
    const user = { id: target.userId ?? snowflake(), username: 'reader', discriminator: '0', global_name: 'Reader', avatar: null };
    const channelId = target.dm ? snowflake() : (target.channelId ?? shardGuilds.find((guild) => guild.id === target.guildId)?.textChannel.id ?? textChannel.id);
    const common = { id, application_id: applicationId, token: interactionToken, version: 1, locale: 'en-US', entitlements: [], app_permissions: MANAGER_PERMISSIONS, channel_id: channelId };
    if (target.dm) {
      return {
        ...common,
        context: 1,
        authorizing_integration_owners: { '1': user.id },
        user,
        channel: { id: channelId, type: CHANNEL_TYPES.dm, flags: 0, recipients: [user], last_message_id: null },
      };
    }
    const channel = channels.get(channelId);
    const guild = target.guildId ?? guildOf(channel);
    return {
      ...common,
      context: 0,
      authorizing_integration_owners: { '0': guild },
      guild_id: guild,
      guild_locale: 'en-US',
      guild: { id: guild, locale: 'en-US', features: [] },
      member: { user, roles: [], permissions: target.permissions ?? MEMBER_PERMISSIONS, joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null, premium_since: null, pending: false },
      channel: channel ? { ...channelPayload(channel), permissions: target.permissions ?? MEMBER_PERMISSIONS } : undefined,
    };
  }

  function send(payload: { id: string; token: string; channel_id: string; type: number } & Record<string, unknown>, messageId?: string): SentInteraction {
    interactionsByToken.set(payload.token, { id: payload.id, channelId: payload.channel_id, ...(messageId ? { messageId } : {}) });
    // Guild interactions arrive on the guild's shard, DMs on shard 0 (as Discord does).
    const wantedShard = (count: number) => (typeof payload['guild_id'] === 'string' ? shardOf(payload['guild_id'], count) : 0);
    const socket = [...identifiedShards].find(([, [id, count]]) => id === wantedShard(count))?.[0];
    if (!socket) throw new Error('fake discord: no identified gateway connection to dispatch the interaction on');
    dispatch(socket, 'INTERACTION_CREATE', payload);
    return { id: payload.id, token: payload.token };
  }

  type OptionValue = string | number;
  const optionList = (options: Record<string, OptionValue>, focused?: string) =>
    Object.entries(options).map(([name, value]) => ({ name, type: typeof value === 'number' ? 4 : 3, value, ...(name === focused ? { focused: true } : {}) }));

  const fake = {
    apiBase,
    token,
    applicationId,
    guildId,
    /** With `guildPerShard`: one guild per shard, in shard order, each with its text channel. */
    shardGuilds: shardGuilds.map((guild) => ({ id: guild.id, shard: guild.shard, textChannelId: guild.textChannel.id })),
    channels: { text: textChannel, forum: forumChannel, thread: threadChannel, forumPost: forumPostChannel },
    requests,
    /** Every message the fake holds, by id (channel posts, interaction replies, forum starters). */
    messages,
    get identifyCount() {
      return identifyCount;
    },
    /** [shard id, shard count] of every live identified gateway connection. */
    get shards(): [number, number][] {
      return [...identifiedShards.values()];
    },
    /** Answer every request for this channel (and its sub-routes) with this Discord error from now on. */
    failChannel(channelId: string, status: number, code: number, message: string): void {
      failures.set(channelId, { status, code, message });
    },
    /** Answer 429 with this Retry-After for every request to the channel from now on. */
    rateLimitChannel(channelId: string, retryAfterSeconds: number): void {
      failures.set(channelId, { status: 429, code: 0, message: 'You are being rate limited.', retryAfterSeconds });
    },
    /** Every REST request misbehaves this way from now on (undefined: the API works again). The gateway is not touched. */
    setOutage(mode: DiscordOutage | undefined): void {
      outage = mode;
    },
    /** Drops every gateway connection (clients reconnect, as they would after Discord restarted its gateway). */
    dropGateway(): void {
      for (const socket of sockets) socket.terminate();
    },
    deleteChannel(channelId: string): void {
      channels.delete(channelId);
    },
    /** Resolves with the first recorded request (past or future) that matches. */
    waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs = 10_000): Promise<RecordedRequest> {
      const existing = requests.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off('request', listener);
          reject(new Error(`fake discord: no matching request within ${timeoutMs} ms; saw ${requests.map((r) => `${r.method} ${r.path}`).join(', ')}`));
        }, timeoutMs);
        const listener = (request: RecordedRequest) => {
          if (!predicate(request)) return;
          clearTimeout(timer);
          events.off('request', listener);
          resolve(request);
        };
        events.on('request', listener);
      });
    },
    /** The message an interaction's `@original` refers to (its reply, or the message its button sits on). */
    originalMessage(interaction: SentInteraction): StoredMessage | undefined {
      const id = originals.get(interaction.token);
      return id ? messages.get(id) : undefined;
    },
    /** Requests that answered one interaction: its callback and webhook edits/follow-ups. */
    requestsFor(interaction: SentInteraction): RecordedRequest[] {
      return requests.filter((request) => request.path.includes(`/${interaction.token}`));
    },
    slashCommand(name: string, options: Record<string, OptionValue> = {}, target: InteractionTarget = {}): SentInteraction {
      const base = interactionBase(target);
      return send({ ...base, type: 2, data: { id: snowflake(), name, type: 1, options: optionList(options), ...('guild_id' in base ? { guild_id: base.guild_id } : {}) } });
    },
    autocomplete(name: string, options: Record<string, OptionValue>, focused: string, target: InteractionTarget = {}): SentInteraction {
      const base = interactionBase(target);
      return send({ ...base, type: 4, data: { id: snowflake(), name, type: 1, options: optionList(options, focused) } });
    },
    /** Presses a button on a message the fake holds (an interaction reply or a channel post). */
    pressButton(messageId: string, customId: string, target: InteractionTarget = {}): SentInteraction {
      const message = messages.get(messageId);
      if (!message) throw new Error(`fake discord: no message ${messageId}`);
      const base = interactionBase({ ...target, channelId: message.channel_id });
      return send({ ...base, type: 3, message, data: { custom_id: customId, component_type: 2 } }, messageId);
    },
    waitForIdentify(timeoutMs = 10_000): Promise<void> {
      if (identifyCount > 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('fake discord: no IDENTIFY')), timeoutMs);
        events.once('identified', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async close(): Promise<void> {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => gateway.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;

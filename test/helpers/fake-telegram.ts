import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Bot API server on loopback that speaks enough of https://core.telegram.org/bots/api for the
 * adapter: grammY points at it through `client.apiRoot`. It records every call, serves queued
 * updates to long-polling getUpdates, answers scripted faults (429 / 403 / migrate), and can
 * enforce Telegram's send limits the way the benchmark needs (429 with retry_after beyond them).
 */

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** Files sent as multipart parts (sendPhoto). */
  files: { field: string; name: string; size: number }[];
  at: number;
  /** What the fake answered: 200 or the Bot API error code. */
  status: number;
}

export interface BotApiFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface ScriptedFault {
  method: string;
  /** Only calls to this chat fail (any chat when omitted). */
  chatId?: string;
  /** How many matching calls fail before the fake answers normally again (default 1). */
  times?: number;
  failure: BotApiFailure;
}

export const faults = {
  tooManyRequests: (retryAfterSeconds: number): BotApiFailure => ({
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfterSeconds}`,
    parameters: { retry_after: retryAfterSeconds },
  }),
  blocked: (): BotApiFailure => ({ error_code: 403, description: 'Forbidden: bot was blocked by the user' }),
  kicked: (): BotApiFailure => ({ error_code: 403, description: 'Forbidden: bot was kicked from the group chat' }),
  chatNotFound: (): BotApiFailure => ({ error_code: 400, description: 'Bad Request: chat not found' }),
  serverError: (): BotApiFailure => ({ error_code: 500, description: 'Internal Server Error' }),
  migrated: (newChatId: number): BotApiFailure => ({
    error_code: 400,
    description: 'Bad Request: group chat was upgraded to a supergroup chat',
    parameters: { migrate_to_chat_id: newChatId },
  }),
};

export interface FakeTelegramOptions {
  token?: string;
  botUsername?: string;
  /** Rate-enforcing mode: sends beyond these sliding one-second windows get 429 with retry_after. */
  enforceLimits?: { perSecond: number; perChatPerSecond: number };
  /** Listen on this port (a test that starts the bot before the Bot API "comes back" reserves one). */
  port?: number;
}

export interface FakeTelegram {
  apiRoot: string;
  token: string;
  botId: number;
  botUsername: string;
  calls: RecordedCall[];
  /** Successful calls to `method` (failed ones stay in `calls` with their status). */
  callsTo(method: string): RecordedCall[];
  /** Queues an update for getUpdates; returns its update_id. */
  pushUpdate(update: Record<string, unknown>): number;
  fail(fault: ScriptedFault): void;
  /** Every call answers this failure from now on (e.g. `faults.serverError()`); undefined: normal again. */
  setOutage(failure: BotApiFailure | undefined): void;
  setChatMember(chatId: number, userId: number, status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked'): void;
  /** Resolves with the first successful call matching, waiting for it if needed. */
  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  readonly count429: number;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Just enough multipart/form-data to read grammY's uploads (undici's strict parser rejects its
 * framing). Values grammY JSON-encodes (reply_markup…) stay strings.
 */
function multipartParts(body: Buffer, boundary: string): { name: string; filename?: string; data: Buffer }[] {
  const parts: { name: string; filename?: string; data: Buffer }[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /;\s*name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
      // Drop the CRLF that precedes the next delimiter.
      const data = part.subarray(headerEnd + 4, part.length - 2);
      if (name !== undefined) parts.push({ name, ...(filename !== undefined ? { filename } : {}), data });
    }
    start = next;
  }
  return parts;
}

async function parseParams(request: IncomingMessage, url: URL): Promise<{ params: Json; files: RecordedCall['files'] }> {
  const params: Json = Object.fromEntries(url.searchParams);
  const files: RecordedCall['files'] = [];
  const body = await readBody(request);
  const type = request.headers['content-type'] ?? '';
  if (body.length === 0) return { params, files };
  if (type.includes('application/json')) return { params: { ...params, ...(JSON.parse(body.toString('utf8')) as Json) }, files };
  if (type.includes('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
    for (const part of multipartParts(body, boundary?.[1] ?? boundary?.[2] ?? '')) {
      if (part.filename !== undefined) files.push({ field: part.name, name: part.filename, size: part.data.length });
      else params[part.name] = part.data.toString('utf8');
    }
    return { params, files };
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = value;
  }
  return { params, files };
}

function chatOf(chatId: unknown, topicId?: unknown): Json {
  const id = Number(chatId);
  return id < 0 ? { id, type: 'supergroup', title: `Group ${id}`, ...(topicId !== undefined ? { is_forum: true } : {}) } : { id, type: 'private', first_name: 'User' };
}

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = options.token ?? '123456:TEST-token';
  const botId = Number(token.split(':')[0]);
  const botUsername = options.botUsername ?? 'threadwatch_bot';
  const calls: RecordedCall[] = [];
  const scripted: ScriptedFault[] = [];
  const members = new Map<string, string>();
  let updates: Json[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 1000;
  let count429 = 0;
  let outage: BotApiFailure | undefined;
  const pollers = new Set<() => void>();
  const callWaiters = new Set<() => void>();
  const sendLog: { at: number; chatId: string }[] = [];

  const notify = (waiters: Set<() => void>) => {
    for (const wake of [...waiters]) wake();
  };

  function scriptedFailure(method: string, params: Json): BotApiFailure | null {
    const index = scripted.findIndex((fault) => fault.method === method && (fault.chatId === undefined || fault.chatId === String(params['chat_id'])));
    if (index < 0) return null;
    const fault = scripted[index]!;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) scripted.splice(index, 1);
    return fault.failure;
  }

  /** Sliding one-second windows measured when the request arrives, as strict as Telegram can be. */
  function rateFailure(method: string, params: Json, now: number): BotApiFailure | null {
    const limits = options.enforceLimits;
    if (!limits || (method !== 'sendMessage' && method !== 'sendPhoto')) return null;
    while (sendLog.length > 0 && sendLog[0]!.at <= now - 1000) sendLog.shift();
    const chatId = String(params['chat_id']);
    const inChat = sendLog.filter((entry) => entry.chatId === chatId);
    const blockers = [sendLog.length >= limits.perSecond ? sendLog[sendLog.length - limits.perSecond] : undefined, inChat.length >= limits.perChatPerSecond ? inChat[inChat.length - limits.perChatPerSecond] : undefined];
    const until = Math.max(0, ...blockers.map((entry) => (entry ? entry.at + 1000 : 0)));
    if (until <= now) {
      sendLog.push({ at: now, chatId });
      return null;
    }
    return faults.tooManyRequests(Math.max(1, Math.ceil((until - now) / 1000)));
  }

  function message(params: Json, extra: Json): Json {
    nextMessageId += 1;
    const topicId = params['message_thread_id'];
    return {
      message_id: nextMessageId,
      date: Math.floor(Date.now() / 1000),
      chat: chatOf(params['chat_id'], topicId),
      from: { id: botId, is_bot: true, first_name: 'threadwatch', username: botUsername },
      ...(topicId !== undefined ? { message_thread_id: Number(topicId), is_topic_message: true } : {}),
      ...extra,
    };
  }

  async function getUpdates(params: Json, response: ServerResponse): Promise<Json[]> {
    const offset = Number(params['offset'] ?? 0);
    const limit = Number(params['limit'] ?? 100);
    const timeoutMs = Number(params['timeout'] ?? 0) * 1000;
    const pending = () => {
      if (offset > 0) updates = updates.filter((update) => Number(update['update_id']) >= offset);
      return updates.slice(0, limit);
    };
    if (pending().length > 0 || timeoutMs === 0) return pending();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pollers.delete(done);
        response.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      pollers.add(done);
      // The response closes early when the client aborts (the runner stopping).
      response.once('close', done);
    });
    return pending();
  }

  async function answer(method: string, params: Json, response: ServerResponse): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return { id: botId, is_bot: true, first_name: 'threadwatch', username: botUsername, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true };
      case 'getUpdates':
        return getUpdates(params, response);
      case 'setMyCommands':
      case 'setChatMenuButton':
      case 'setMyDescription':
      case 'setMyShortDescription':
      case 'deleteWebhook':
      case 'setWebhook':
      case 'answerCallbackQuery':
      case 'answerInlineQuery':
        return true;
      case 'sendMessage':
        return message(params, { text: params['text'] });
      case 'sendPhoto':
        return message(params, { photo: [{ file_id: `photo-${nextMessageId}`, file_unique_id: `u${nextMessageId}`, width: 800, height: 400 }], caption: params['caption'] });
      case 'editMessageText':
        return { message_id: Number(params['message_id']), date: Math.floor(Date.now() / 1000), chat: chatOf(params['chat_id']), text: params['text'] };
      case 'getChatMember': {
        const status = members.get(`${params['chat_id']}:${params['user_id']}`) ?? 'member';
        return { status, user: { id: Number(params['user_id']), is_bot: false, first_name: 'User' } };
      }
      default:
        return undefined;
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const reply = (status: number, body: Json) => {
      if (!response.writableEnded && !response.destroyed) response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!match) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, requestToken, method = ''] = match;
    if (requestToken !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const { params, files } = await parseParams(request, url);
    const now = Date.now();
    const failure = outage ?? scriptedFailure(method, params) ?? rateFailure(method, params, now);
    const record = (status: number) => {
      calls.push({ method, params, files, at: now, status });
      notify(callWaiters);
    };
    if (failure) {
      if (failure.error_code === 429) count429 += 1;
      record(failure.error_code);
      return reply(failure.error_code, { ok: false, ...failure });
    }
    const result = await answer(method, params, response);
    if (result === undefined) {
      record(404);
      return reply(404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
    if (method !== 'getUpdates') record(200);
    reply(200, { ok: true, result });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end(JSON.stringify({ ok: false, error_code: 500, description: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const successfulCalls = (method: string) => calls.filter((call) => call.method === method && call.status === 200);

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botId,
    botUsername,
    calls,
    callsTo: successfulCalls,
    pushUpdate(update) {
      const updateId = nextUpdateId++;
      updates.push({ update_id: updateId, ...update });
      notify(pollers);
      return updateId;
    },
    fail(fault) {
      scripted.push({ ...fault });
    },
    setOutage(failure) {
      outage = failure;
      // Long polls waiting for updates answer now, so the client meets the outage at once.
      if (failure) notify(pollers);
    },
    setChatMember(chatId, userId, status) {
      members.set(`${chatId}:${userId}`, status);
    },
    async waitForCall(method, predicate = () => true, timeoutMs = 5_000) {
      const find = () => successfulCalls(method).find(predicate);
      const found = find();
      if (found) return found;
      return new Promise<RecordedCall>((resolve, reject) => {
        const check = () => {
          const call = find();
          if (!call) return;
          clearTimeout(timer);
          callWaiters.delete(check);
          resolve(call);
        };
        const timer = setTimeout(() => {
          callWaiters.delete(check);
          reject(new Error(`fake Telegram: no ${method} call within ${timeoutMs} ms (calls so far: ${calls.map((call) => call.method).join(', ')})`));
        }, timeoutMs);
        callWaiters.add(check);
      });
    },
    get count429() {
      return count429;
    },
    async close() {
      notify(pollers);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/* Update builders: the shapes Telegram sends for the situations the adapter must handle. */

let nextIncomingMessageId = 1;
const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface TestChat {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  title?: string;
  is_forum?: boolean;
}

export const privateChat = (userId: number): TestChat => ({ id: userId, type: 'private' });
export const groupChat = (id: number, options: { forum?: boolean } = {}): TestChat => ({ id, type: 'supergroup', title: `Group ${id}`, ...(options.forum ? { is_forum: true } : {}) });
export const user = (id: number) => ({ id, is_bot: false, first_name: `User ${id}` });

/** A command message as a user types it; `topicId` makes it a message inside a forum topic. */
export function commandUpdate(text: string, chat: TestChat, fromUserId: number, options: { topicId?: number } = {}): Record<string, unknown> {
  const command = text.split(/\s/, 1)[0] ?? '';
  return {
    message: {
      message_id: nextIncomingMessageId++,
      date: nowSeconds(),
      chat,
      from: user(fromUserId),
      text,
      entities: [{ type: 'bot_command', offset: 0, length: command.length }],
      ...(options.topicId !== undefined ? { message_thread_id: options.topicId, is_topic_message: true } : {}),
    },
  };
}

/** What someone types after `@bot ` in any chat (inline mode). */
export function inlineQueryUpdate(query: string, fromUserId: number): Record<string, unknown> {
  return { inline_query: { id: `iq-${nextIncomingMessageId++}`, from: user(fromUserId), query, offset: '', chat_type: 'supergroup' } };
}

/** A button press on a message the bot sent earlier. */
export function callbackUpdate(data: string, message: { message_id: number; chat: TestChat; text?: string }, fromUserId: number): Record<string, unknown> {
  return {
    callback_query: {
      id: `cq-${nextIncomingMessageId++}`,
      from: user(fromUserId),
      chat_instance: `ci-${message.chat.id}`,
      data,
      message: { message_id: message.message_id, date: nowSeconds(), chat: message.chat, text: message.text ?? 'previous view' },
    },
  };
}

export function myChatMemberUpdate(chat: TestChat, byUserId: number, status: 'kicked' | 'left' | 'member' | 'administrator', botId: number): Record<string, unknown> {
  const bot = { id: botId, is_bot: true, first_name: 'threadwatch' };
  return {
    my_chat_member: {
      chat,
      from: user(byUserId),
      date: nowSeconds(),
      old_chat_member: { status: 'member', user: bot },
      new_chat_member: status === 'kicked' ? { status, user: bot, until_date: 0 } : { status, user: bot },
    },
  };
}

/** The service message Telegram posts in the old group when it becomes a supergroup. */
export function migrationUpdate(chat: TestChat, toChatId: number): Record<string, unknown> {
  return { message: { message_id: nextIncomingMessageId++, date: nowSeconds(), chat, from: user(1), migrate_to_chat_id: toChatId } };
}

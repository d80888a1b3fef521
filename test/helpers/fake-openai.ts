import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible chat-completions server on loopback. Tests script what each request gets
 * (a reply, a delay, a 429 with Retry-After, a 5xx, a body that is not what was promised) and read
 * back every request it received, with its arrival time.
 */

export type FakeStep =
  /** A well-formed completion whose message content is `content`. */
  | { kind: 'reply'; content: string; delayMs?: number }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string>; delayMs?: number }
  /** A 200 whose body is not a chat completion at all. */
  | { kind: 'raw'; body: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  receivedAt: number;
}

export interface FakeOpenAi {
  /** Base URL including `/v1`, as LLM_BASE_URL would be set. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Queues steps for the next requests; once used up, `fallbackStep` answers. */
  script(...steps: FakeStep[]): void;
  fallbackStep: FakeStep;
  close(): Promise<void>;
}

export function completionBody(content: string, model = 'fake-model'): string {
  return JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  });
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queue: FakeStep[] = [];
  const requests: RecordedRequest[] = [];
  const pendingTimers = new Set<NodeJS.Timeout>();
  const fake = {
    baseUrl: '',
    requests,
    fallbackStep: { kind: 'status', status: 500, body: '{"error":{"message":"no scripted reply"}}' } as FakeStep,
    script: (...steps: FakeStep[]) => void queue.push(...steps),
    close: async () => {},
  };

  const respond = (response: ServerResponse, step: FakeStep) => {
    if (response.destroyed) return;
    if (step.kind === 'reply') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(completionBody(step.content));
    } else if (step.kind === 'raw') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(step.body);
    } else {
      response.writeHead(step.status, { 'content-type': 'application/json', ...step.headers }).end(step.body ?? '{"error":{"message":"scripted"}}');
    }
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Recorded as text: a test asserting on the body will show what arrived.
      }
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body, receivedAt: Date.now() });
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const step = queue.shift() ?? fake.fallbackStep;
      const delayMs = step.kind === 'raw' ? 0 : (step.delayMs ?? 0);
      if (delayMs === 0) return respond(response, step);
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        respond(response, step);
      }, delayMs);
      pendingTimers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}/v1`;
  fake.close = async () => {
    for (const timer of pendingTimers) clearTimeout(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}

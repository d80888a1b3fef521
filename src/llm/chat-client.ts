import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

/**
 * Minimal client for the OpenAI chat-completions protocol, which OpenAI, Ollama (`/v1`), vLLM and
 * most hosted models speak. Every attempt has its own timeout; 429s wait as long as the server asks,
 * 5xx and network failures back off exponentially; other 4xx fail at once (retrying cannot fix them).
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type LlmFailureKind = 'timeout' | 'rate-limited' | 'server' | 'rejected' | 'network' | 'malformed' | 'budget';

export class LlmError extends Error {
  override readonly name = 'LlmError';
  constructor(
    readonly kind: LlmFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** Spends one unit of the hourly call budget; false = exhausted, do not call. */
export interface CallBudget {
  tryTake(): Promise<boolean>;
}

export interface ChatClientOptions {
  /** Including the version segment, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  budget?: CallBudget;
  /** First backoff after a 5xx or network failure; doubles per attempt. */
  backoffMs?: number;
  /** Longest Retry-After honoured; a server asking for longer is treated as a failure. */
  maxRetryAfterMs?: number;
}

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

export function createChatClient(options: ChatClientOptions) {
  const endpoint = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const backoffMs = options.backoffMs ?? 500;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;

  async function attempt(messages: readonly ChatMessage[]): Promise<string> {
    if (options.budget !== undefined && !(await options.budget.tryTake())) throw new LlmError('budget', 'hourly LLM call budget exhausted');
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey !== undefined ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: options.model, messages, response_format: { type: 'json_object' }, temperature: 0.2 }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw new LlmError('timeout', `no response within ${options.timeoutMs} ms`);
      }
      throw new LlmError('network', error instanceof Error ? error.message : String(error));
    }
    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new LlmError(timedOut ? 'timeout' : 'network', `reading the response failed: ${String(error)}`);
    }
    if (response.status === 429) throw new RateLimited(retryAfterMs(response.headers));
    if (response.status >= 500) throw new LlmError('server', `HTTP ${response.status}: ${body.slice(0, 200)}`);
    if (!response.ok) throw new LlmError('rejected', `HTTP ${response.status}: ${body.slice(0, 200)}`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new LlmError('malformed', 'response is not JSON');
    }
    const parsed = completionSchema.safeParse(json);
    const content = parsed.success ? parsed.data.choices[0]?.message.content : undefined;
    if (content === undefined || content === null) throw new LlmError('malformed', 'response has no message content');
    return content;
  }

  return {
    /** The assistant message's content (a JSON object as text, per `response_format`). */
    async complete(messages: readonly ChatMessage[]): Promise<string> {
      for (let attemptNumber = 0; ; attemptNumber += 1) {
        try {
          return await attempt(messages);
        } catch (error) {
          const retriesLeft = attemptNumber < options.maxRetries;
          if (error instanceof RateLimited) {
            const wait = error.retryAfterMs ?? backoffMs * 2 ** attemptNumber;
            if (!retriesLeft || wait > maxRetryAfterMs) throw new LlmError('rate-limited', `HTTP 429 (retry after ${wait} ms)`);
            await sleep(wait);
            continue;
          }
          if (error instanceof LlmError && retriesLeft && ['server', 'network', 'timeout'].includes(error.kind)) {
            await sleep(backoffMs * 2 ** attemptNumber * (0.5 + Math.random() / 2));
            continue;
          }
          throw error;
        }
      }
    },
  };
}

export type ChatClient = ReturnType<typeof createChatClient>;

class RateLimited extends Error {
  constructor(readonly retryAfterMs: number | undefined) {
    super('rate limited');
  }
}

/** `retry-after-ms` (OpenAI) or `Retry-After` in seconds or as an HTTP date. */
function retryAfterMs(headers: Headers): number | undefined {
  const milliseconds = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

import type { LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { PermanentFeedError, RateLimitedError } from '../core/errors.js';
import { createAddressPolicy, isIpLiteral, systemResolve, type AddressPolicy, type AddressVerdict, type Resolve } from './address-policy.js';
import { FeedAddressRefusedError, FeedFetchError, FeedGoneError } from './errors.js';

/**
 * HTTP(S) GET for feeds with the limits rss-parser's own client lacks: one deadline for the whole
 * exchange (a server that never answers and one that drips a byte a second both end on time), a cap
 * on the decompressed body, a redirect cap with loop detection, and conditional GET.
 *
 * Every hop (the feed URL and each redirect, followed by hand) may only connect to addresses the
 * address policy allows (address-policy.ts): an IP literal is checked before connecting, a host name
 * through a DNS lookup of our own whose every answer is checked and which is the very lookup the
 * connection uses, and the socket's remote address once connected.
 */

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** FEEDS_ALLOW_PRIVATE: also connect to loopback, private and link-local addresses (never cloud metadata). */
  allowPrivateAddresses: boolean;
  /** DNS for host names; tests stand in a resolver (one that answers differently each time, say). */
  resolve?: Resolve;
  /** Overrides the policy built from allowPrivateAddresses; tests let a loopback address stand in for a public host. */
  addressPolicy?: AddressPolicy;
}

export interface ConditionalHeaders {
  etag?: string | undefined;
  lastModified?: string | undefined;
}

export type FetchedFeed =
  | { kind: 'not-modified'; url: string }
  | { kind: 'ok'; url: string; body: Buffer; contentType: string | undefined; etag: string | undefined; lastModified: string | undefined };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_RETRY_AFTER_MS = 60_000;

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number {
  if (!value) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : DEFAULT_RETRY_AFTER_MS;
}

function networkMessage(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${error.code})`;
    case 'ECONNREFUSED':
      return 'connection refused (ECONNREFUSED)';
    case 'ECONNRESET':
      return 'connection reset by the server (ECONNRESET)';
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
    case 'ERR_PADDING_1':
      return `corrupt compressed body (${error.code})`;
    default:
      return error.code ? `${error.message} (${error.code})` : error.message;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function decompressor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

function refusal(host: string, address: string, verdict: Exclude<AddressVerdict, { allowed: true }>, hop: number): FeedAddressRefusedError {
  const where = host === address ? `${address} is` : `${host} resolves to ${address},`;
  const article = /^[aeiou]/i.test(verdict.kind) ? 'an' : 'a';
  const hint = verdict.alwaysRefused ? 'never fetched' : 'feeds must be on public addresses; FEEDS_ALLOW_PRIVATE=true allows private ones';
  return new FeedAddressRefusedError(`refused${hop > 0 ? ' redirect' : ''}: ${where} ${article} ${verdict.kind} address (${hint})`);
}

/**
 * The lookup the connection uses: every address DNS returns is checked, and one that is not allowed
 * refuses the host (rather than picking a "good" one, since the connection may try them all).
 */
function guardedLookup(resolve: Resolve, policy: AddressPolicy, hop: number): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (answers) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const addresses: LookupAddress[] = answers.filter((answer) => family === undefined || answer.family === family);
        for (const answer of addresses) {
          const verdict = policy(answer.address);
          if (!verdict.allowed) return callback(refusal(hostname, answer.address, verdict, hop), '', 0);
        }
        const first = addresses[0];
        if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return callback(null, addresses);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

export async function fetchFeed(url: string, limits: FetchLimits, conditional: ConditionalHeaders = {}): Promise<FetchedFeed> {
  const policy = limits.addressPolicy ?? createAddressPolicy(limits.allowPrivateAddresses);
  const resolveHost = limits.resolve ?? systemResolve;
  const inFlight = new Set<{ destroy(error?: Error): void }>();
  let timeoutError: FeedFetchError | undefined;
  const timer = setTimeout(() => {
    timeoutError = new FeedFetchError(`timed out after ${limits.timeoutMs} ms`);
    for (const resource of inFlight) resource.destroy(timeoutError);
  }, limits.timeoutMs);

  const request = (target: URL, hop: number): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        reject(new PermanentFeedError(`not an http(s) URL: ${target.href}`));
        return;
      }
      const host = target.hostname.replace(/^\[|\]$/g, '');
      if (isIpLiteral(host)) {
        const verdict = policy(host);
        if (!verdict.allowed) {
          reject(refusal(host, host, verdict, hop));
          return;
        }
      }
      const headers: Record<string, string> = {
        'user-agent': limits.userAgent,
        accept: 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
      };
      if (conditional.etag) headers['if-none-match'] = conditional.etag;
      if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
      const client = target.protocol === 'https:' ? https : http;
      // A connection of its own (no keep-alive pool), made with the checked lookup.
      const req = client.get(target, { headers, agent: false, lookup: guardedLookup(resolveHost, policy, hop) }, resolve);
      inFlight.add(req);
      req.on('error', reject);
      // The address actually connected to, whatever resolved it.
      req.on('socket', (socket: Socket) => {
        socket.once('connect', () => {
          const address = socket.remoteAddress;
          const verdict = address === undefined ? undefined : policy(address);
          if (address !== undefined && verdict && !verdict.allowed) socket.destroy(refusal(host, address, verdict, hop));
        });
      });
    });

  const readBody = (response: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const declared = Number(headerValue(response.headers['content-length']));
      const tooLarge = () => new FeedFetchError(`feed is larger than ${limits.maxBytes} bytes (FEED_MAX_BYTES)`);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        response.destroy();
        reject(tooLarge());
        return;
      }
      const encoding = (headerValue(response.headers['content-encoding']) ?? '').trim().toLowerCase();
      const inflater = decompressor(encoding);
      const stream: Readable = inflater ? response.pipe(inflater) : response;
      if (inflater) {
        inFlight.add(inflater);
        response.on('error', (error) => inflater.destroy(error));
      }
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        // Counted after decompression, so a small gzip bomb is stopped as early as a huge plain body.
        if (total > limits.maxBytes) {
          const error = tooLarge();
          reject(error);
          response.destroy(error);
          stream.destroy(error);
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', reject);
      response.on('close', () => {
        if (!response.complete) reject(new FeedFetchError('connection closed before the body was complete'));
      });
      stream.on('end', () => resolve(Buffer.concat(chunks, total)));
    });

  try {
    let current = new URL(url);
    const visited = [current.href];
    for (;;) {
      const response = await request(current, visited.length - 1);
      inFlight.add(response);
      const status = response.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status)) {
        response.resume();
        const location = headerValue(response.headers.location);
        if (!location) throw new FeedFetchError(`HTTP ${status} redirect without a Location header`, status);
        const next = new URL(location, current);
        if (visited.includes(next.href)) throw new FeedFetchError(`redirect loop: ${[...visited, next.href].join(' → ')}`, status);
        if (visited.length > limits.maxRedirects) throw new FeedFetchError(`too many redirects (more than ${limits.maxRedirects})`, status);
        visited.push(next.href);
        current = next;
        continue;
      }
      if (status === 304) {
        response.resume();
        return { kind: 'not-modified', url: current.href };
      }
      if (status === 410) {
        response.resume();
        throw new FeedGoneError('HTTP 410 Gone: the publisher removed this feed');
      }
      if (status === 404) {
        response.resume();
        throw new PermanentFeedError('HTTP 404 Not Found: the feed URL does not exist');
      }
      if (status === 429) {
        response.resume();
        throw new RateLimitedError(parseRetryAfter(headerValue(response.headers['retry-after'])));
      }
      if (status < 200 || status >= 300) {
        response.resume();
        throw new FeedFetchError(`HTTP ${status} ${response.statusMessage ?? ''}`.trim(), status);
      }
      const body = await readBody(response);
      return {
        kind: 'ok',
        url: current.href,
        body,
        contentType: headerValue(response.headers['content-type']),
        etag: headerValue(response.headers.etag),
        lastModified: headerValue(response.headers['last-modified']),
      };
    }
  } catch (error) {
    if (timeoutError) throw timeoutError;
    if (error instanceof FeedFetchError || error instanceof PermanentFeedError || error instanceof RateLimitedError) throw error;
    if (error instanceof TypeError && /Invalid URL/i.test(error.message)) throw new PermanentFeedError(`not a valid URL: ${url}`);
    throw new FeedFetchError(networkMessage(error as Error & { code?: string }));
  } finally {
    clearTimeout(timer);
    for (const resource of inFlight) resource.destroy();
  }
}

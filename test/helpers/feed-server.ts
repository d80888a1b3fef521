import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import zlib from 'node:zlib';

/**
 * A real HTTP server on loopback that serves the fixture feeds and every way a publisher's server
 * misbehaves. Routes can be replaced per test (`route`), and `hits` counts requests per path.
 */

export const FIXTURES_DIR = new URL('../fixtures/feeds/', import.meta.url);

export function fixture(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES_DIR));
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface FeedServer {
  url(path: string): string;
  route(path: string, handler: Handler): void;
  /** Serves `body` with ETag/Last-Modified and answers matching conditional requests with 304. */
  serveFeed(path: string, body: Buffer | string, options?: { contentType?: string; encoding?: 'gzip' | 'deflate' | 'br' }): void;
  hits(path: string): number;
  /** Bytes written by the 20 MB route before the client gave up. */
  readonly hugeBytesSent: number;
  close(): Promise<void>;
}

const RSS = 'application/rss+xml; charset=utf-8';

/** `host`: the loopback address to listen on (127.0.0.2 plays a second, "public" host in the address-safety tests). */
export async function startFeedServer(host = '127.0.0.1'): Promise<FeedServer> {
  const routes = new Map<string, Handler>();
  const hitCounts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let hugeBytesSent = 0;
  let feedVersion = 0;

  const serveFeed: FeedServer['serveFeed'] = (path, body, options = {}) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const etag = `"${createHash('sha1').update(bytes).digest('hex').slice(0, 12)}"`;
    feedVersion += 1;
    const lastModified = new Date(Date.UTC(2026, 10, 20, 12) + feedVersion * 1000).toUTCString();
    routes.set(path, (request, response) => {
      if (request.headers['if-none-match'] === etag || request.headers['if-modified-since'] === lastModified) {
        response.writeHead(304, { etag, 'last-modified': lastModified }).end();
        return;
      }
      const headers: Record<string, string> = { 'content-type': options.contentType ?? RSS, etag, 'last-modified': lastModified };
      let payload = bytes;
      if (options.encoding === 'gzip') payload = zlib.gzipSync(bytes);
      if (options.encoding === 'deflate') payload = zlib.deflateSync(bytes);
      if (options.encoding === 'br') payload = zlib.brotliCompressSync(bytes);
      if (options.encoding) headers['content-encoding'] = options.encoding;
      response.writeHead(200, headers).end(payload);
    });
  };

  serveFeed('/bbc.xml', fixture('bbc-world.rss.xml'));
  serveFeed('/guardian.xml', fixture('guardian-world.rss.xml'));
  serveFeed('/reuters.atom', fixture('reuters-world.atom.xml'), { contentType: 'application/atom+xml' });
  serveFeed('/slashdot.rdf', fixture('slashdot.rdf'), { contentType: 'application/rdf+xml' });
  serveFeed('/gzip/bbc.xml', fixture('bbc-world.rss.xml'), { encoding: 'gzip' });
  serveFeed('/deflate/guardian.xml', fixture('guardian-world.rss.xml'), { encoding: 'deflate' });
  serveFeed('/br/reuters.atom', fixture('reuters-world.atom.xml'), { encoding: 'br', contentType: 'application/atom+xml' });
  serveFeed('/html', fixture('not-a-feed.html'), { contentType: 'text/html; charset=utf-8' });
  serveFeed('/html-as-xml', fixture('not-a-feed.html'), { contentType: 'application/rss+xml' });
  serveFeed('/malformed.xml', fixture('malformed.rss.xml'));
  // Cut off before its first item: nothing to recover, so a retryable failure.
  serveFeed('/truncated.xml', fixture('truncated.rss.xml'));
  serveFeed('/bom.xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n\n   \t'), fixture('bbc-world.rss.xml')]));
  // Charset only in the prolog; the header names none.
  serveFeed('/windows-1251.xml', fixture('cyrillic-windows-1251.rss.xml'), { contentType: 'text/xml' });
  // Charset only in the header; the prolog names none.
  serveFeed('/iso-8859-1.xml', fixture('latin1-iso-8859-1.rss.xml'), { contentType: 'application/rss+xml; charset=ISO-8859-1' });
  serveFeed('/no-ids.xml', fixture('items-without-ids.rss.xml'));
  serveFeed('/duplicates.xml', fixture('duplicates.rss.xml'));

  routes.set('/huge.xml', (_request, response) => {
    // 20 MB of a valid-looking feed, no Content-Length, so only the streaming cap can stop it.
    response.writeHead(200, { 'content-type': RSS });
    const chunk = Buffer.alloc(64 * 1024, '<item><title>padding</title></item>\n');
    let sent = 0;
    const pump = () => {
      while (sent < 20 * 1024 * 1024) {
        sent += chunk.length;
        hugeBytesSent += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', pump);
          return;
        }
      }
      response.end();
    };
    response.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>');
    response.on('close', () => response.removeAllListeners('drain'));
    pump();
  });
  routes.set('/hang', () => {
    // Accepts the connection, never answers.
  });
  routes.set('/drip', (_request, response) => {
    response.writeHead(200, { 'content-type': RSS });
    response.write('<?xml version="1.0"?><rss version="2.0"><channel>');
    const timer = setInterval(() => response.write(' '), 50);
    timers.add(timer);
    response.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  });
  for (const status of [404, 410, 500, 503]) {
    routes.set(`/status/${status}`, (_request, response) => response.writeHead(status, { 'content-type': 'text/html' }).end(`<h1>${status}</h1>`));
  }
  routes.set('/status/429', (_request, response) => response.writeHead(429, { 'retry-after': '120' }).end());
  routes.set('/loop-a', (_request, response) => response.writeHead(302, { location: '/loop-b' }).end());
  routes.set('/loop-b', (_request, response) => response.writeHead(301, { location: '/loop-a' }).end());
  routes.set('/moved', (_request, response) => response.writeHead(301, { location: '/bbc.xml' }).end());
  for (let hop = 0; hop < 10; hop += 1) {
    routes.set(`/chain/${hop}`, (_request, response) => response.writeHead(302, { location: `/chain/${hop + 1}` }).end());
  }
  serveFeed('/chain/10', fixture('bbc-world.rss.xml'));

  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    hitCounts.set(path, (hitCounts.get(path) ?? 0) + 1);
    const handler = routes.get(path);
    if (handler) handler(request, response);
    else response.writeHead(404).end();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: (path) => `http://${host}:${port}${path}`,
    route: (path, handler) => routes.set(path, handler),
    serveFeed,
    hits: (path) => hitCounts.get(path) ?? 0,
    get hugeBytesSent() {
      return hugeBytesSent;
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import { timingSafeEqual, createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express, { type RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import { withTimeout, type HealthReport } from './health.js';
import type { Metrics } from './metrics.js';

/** Extra endpoints other roles mount on the same server (the Telegram webhook). */
export interface HttpRoute {
  method: 'post' | 'get';
  path: string;
  handler: RequestHandler;
}

export interface HttpServerDeps {
  metrics: Metrics;
  health(): Promise<HealthReport>;
  queues: readonly Queue[];
  /** Unset = no dashboard at all (not even a login prompt). */
  dashboardPassword?: string | undefined;
  /** Set: /metrics answers only requests with `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
  routes?: readonly HttpRoute[];
  logger: Logger;
}

export interface HttpServer {
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

const DASHBOARD_PATH = '/admin/queues';
/** Below Prometheus's default scrape timeout (10 s), so a Redis outage shows as a failed scrape, not a hang. */
const SCRAPE_TIMEOUT_MS = 8_000;

export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', async (_req, res) => {
    const report = await deps.health();
    res.status(report.status === 'down' ? 503 : 200).json(report);
  });

  app.get('/metrics', ...(deps.metricsToken ? [bearerAuth(deps.metricsToken)] : []), async (_req, res) => {
    try {
      const body = await withTimeout(deps.metrics.registry.metrics(), SCRAPE_TIMEOUT_MS);
      res.type(deps.metrics.registry.contentType).send(body);
    } catch (error) {
      deps.logger.warn({ err: error }, 'metrics scrape failed');
      res.status(503).type('text/plain').send(`metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  });

  if (deps.dashboardPassword) {
    const board = new ExpressAdapter();
    board.setBasePath(DASHBOARD_PATH);
    createBullBoard({ queues: deps.queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: board });
    app.use(DASHBOARD_PATH, basicAuth(deps.dashboardPassword), board.getRouter());
  }

  for (const route of deps.routes ?? []) app[route.method](route.path, route.handler);

  let server: Server | undefined;
  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const listening = app.listen(port, host, (error?: Error) => {
          if (error) return reject(error);
          resolve(listening.address() as AddressInfo);
        });
        server = listening;
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server?.listening) return resolve();
        server.close(() => resolve());
        // Keep-alive sockets (Prometheus, browsers) would otherwise hold shutdown open.
        server.closeAllConnections();
      });
    },
  };
}

/** Both sides hashed first, so the comparison takes constant time and lengths never leak. */
function sameSecret(given: string, expected: Buffer): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), expected);
}

/** `Authorization: Bearer <token>` (Prometheus: `authorization: { credentials: … }`). */
function bearerAuth(token: string): RequestHandler {
  const expected = createHash('sha256').update(token).digest();
  return (req, res, next) => {
    const [scheme, given] = (req.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() === 'bearer' && given && sameSecret(given, expected)) return next();
    res.set('WWW-Authenticate', 'Bearer realm="threadwatch metrics"').status(401).type('text/plain').send('authentication required: Authorization: Bearer <METRICS_TOKEN>\n');
  };
}

/** Any user name; the password is compared in constant time (hashed first so lengths never leak). */
function basicAuth(password: string): RequestHandler {
  const expected = createHash('sha256').update(password).digest();
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const [scheme, encoded] = header.split(' ');
    if (scheme?.toLowerCase() === 'basic' && encoded) {
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      const given = decoded.slice(decoded.indexOf(':') + 1);
      if (decoded.includes(':') && sameSecret(given, expected)) return next();
    }
    res.set('WWW-Authenticate', 'Basic realm="threadwatch queues", charset="UTF-8"').status(401).send('authentication required\n');
  };
}

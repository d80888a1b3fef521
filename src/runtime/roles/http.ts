import type { AddressInfo } from 'node:net';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../logger.js';
import type { HealthReport } from '../health.js';
import type { HttpRoute, HttpServer } from '../http-server.js';
import type { Metrics } from '../metrics.js';
import type { Queues } from '../queues.js';
import type { RunningRole } from './role.js';

export interface HttpRoleDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  queues: Queues;
  /** Endpoints other roles mount here (the Telegram webhook). */
  routes: readonly HttpRoute[];
  health(): Promise<HealthReport>;
}

export interface HttpRole extends RunningRole {
  /** Set once started. */
  address(): AddressInfo | undefined;
}

/** /healthz, /metrics and /admin/queues on HTTP_HOST:HTTP_PORT. Started first: a taken port fails the start before any job is picked up. */
export function createHttpRole(deps: HttpRoleDeps): HttpRole {
  const { config, logger } = deps;
  let server: HttpServer | undefined;
  let address: AddressInfo | undefined;
  return {
    name: 'http',
    address: () => address,
    async start() {
      // Loaded on demand: express and bull-board are heavy, and `ask` never serves HTTP.
      const { createHttpServer } = await import('../http-server.js');
      server = createHttpServer({
        metrics: deps.metrics,
        queues: Object.values(deps.queues),
        dashboardPassword: config.DASHBOARD_PASSWORD,
        metricsToken: config.METRICS_TOKEN,
        routes: deps.routes,
        logger,
        health: deps.health,
      });
      address = await server.listen(config.HTTP_PORT, config.HTTP_HOST);
      logger.info({ url: `http://${address.address}:${address.port}` }, 'HTTP: /healthz, /metrics' + (config.DASHBOARD_PASSWORD ? ', /admin/queues' : ''));
    },
    async stop() {
      await server?.close();
    },
  };
}

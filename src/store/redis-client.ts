import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Config } from '../config/config.js';

/**
 * The one place a Redis client is made. threadwatch runs on one Redis server, on a Redis Cluster,
 * or on a master that Sentinel finds (and replaces when it fails); everything else — stores,
 * BullMQ, rate limiters, CLI tools, benches — takes a `RedisClient` from here and never needs to
 * know which. Keys that a script or transaction touches together share a hash tag (keys.ts), so
 * the same code runs on all three.
 */

export type RedisClient = Redis | Cluster;

export interface HostPort {
  host: string;
  port: number;
}

export type RedisTarget =
  | { mode: 'standalone'; url: string }
  | { mode: 'cluster'; urls: string[] }
  | { mode: 'sentinel'; sentinels: HostPort[]; masterName: string; password?: string; sentinelPassword?: string };

/** The configured Redis, or undefined for a standalone install without REDIS_URL (the locator then finds one). */
export function redisTargetFromConfig(config: Pick<Config, 'REDIS_MODE' | 'REDIS_URL' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_MASTER' | 'REDIS_PASSWORD' | 'REDIS_SENTINEL_PASSWORD'>): RedisTarget | undefined {
  switch (config.REDIS_MODE) {
    case 'standalone':
      return config.REDIS_URL ? { mode: 'standalone', url: config.REDIS_URL } : undefined;
    case 'cluster':
      return { mode: 'cluster', urls: (config.REDIS_URL ?? '').split(',').filter((url) => url !== '') };
    case 'sentinel':
      return {
        mode: 'sentinel',
        sentinels: parseHostPorts(config.REDIS_SENTINELS ?? ''),
        masterName: config.REDIS_SENTINEL_MASTER ?? '',
        ...(config.REDIS_PASSWORD ? { password: config.REDIS_PASSWORD } : {}),
        ...(config.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: config.REDIS_SENTINEL_PASSWORD } : {}),
      };
  }
}

export function parseHostPorts(list: string): HostPort[] {
  return list
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const colon = part.lastIndexOf(':');
      return { host: part.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(part.slice(colon + 1)) };
    });
}

/** The environment a child threadwatch process needs to reach the same Redis (tests, benches). */
export function redisTargetEnv(target: RedisTarget): Record<string, string> {
  switch (target.mode) {
    case 'standalone':
      return { REDIS_MODE: 'standalone', REDIS_URL: target.url };
    case 'cluster':
      return { REDIS_MODE: 'cluster', REDIS_URL: target.urls.join(',') };
    case 'sentinel':
      return {
        REDIS_MODE: 'sentinel',
        REDIS_SENTINELS: target.sentinels.map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`).join(','),
        REDIS_SENTINEL_MASTER: target.masterName,
        ...(target.password ? { REDIS_PASSWORD: target.password } : {}),
        ...(target.sentinelPassword ? { REDIS_SENTINEL_PASSWORD: target.sentinelPassword } : {}),
      };
  }
}

/** For logs and messages: where Redis is, with passwords masked. */
export function describeRedisTarget(target: RedisTarget): string {
  switch (target.mode) {
    case 'standalone':
      return redactUrl(target.url);
    case 'cluster':
      return `cluster ${target.urls.map(redactUrl).join(',')}`;
    case 'sentinel':
      return `sentinel master "${target.masterName}" via ${target.sentinels.map(({ host, port }) => `${host}:${port}`).join(',')}`;
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '<invalid url>';
  }
}

export interface ClientOptions {
  /** Shown in CLIENT LIST as `threadwatch:<purpose>`. */
  purpose?: string;
  /**
   * BullMQ workers and queue-event readers block on Redis and must wait out an outage or a failover
   * instead of failing the request (BullMQ requires `maxRetriesPerRequest: null` for them).
   */
  blocking?: boolean;
  /** Fail a request after this many reconnect attempts (CLI one-shots that should not hang). */
  maxRetriesPerRequest?: number;
  /** Connect on the first command instead of at once. */
  lazyConnect?: boolean;
}

/**
 * During a cluster failover a slot has no master for a few seconds (cluster-node-timeout plus the
 * replica's election). These delays let a request ride that out — it is retried against the new
 * slot map instead of failing — and the whole client reconnects with backoff if every node is gone.
 */
const CLUSTER_RETRY_DELAY_MS = 300;
const CLUSTER_MAX_REDIRECTIONS = 64;

function reconnectBackoff(times: number): number {
  return Math.min(100 * 2 ** Math.min(times, 5), 3_000);
}

export function createRedisClient(target: RedisTarget, options: ClientOptions = {}): RedisClient {
  const common: RedisOptions = {
    ...(options.purpose ? { connectionName: `threadwatch:${options.purpose}` } : {}),
    ...(options.blocking ? { maxRetriesPerRequest: null } : options.maxRetriesPerRequest !== undefined ? { maxRetriesPerRequest: options.maxRetriesPerRequest } : {}),
    ...(options.lazyConnect ? { lazyConnect: true } : {}),
  };
  switch (target.mode) {
    case 'standalone':
      return new Redis(target.url, { retryStrategy: reconnectBackoff, ...common });
    case 'cluster': {
      const seeds = target.urls.map((url) => new URL(url));
      const first = seeds[0];
      const tls = first?.protocol === 'rediss:';
      const redisOptions: ClusterOptions['redisOptions'] = {
        ...common,
        ...(first?.username ? { username: decodeURIComponent(first.username) } : {}),
        ...(first?.password ? { password: decodeURIComponent(first.password) } : {}),
        ...(tls ? { tls: {} } : {}),
      };
      const clusterOptions: ClusterOptions = {
        redisOptions,
        ...(options.lazyConnect ? { lazyConnect: true } : {}),
        retryDelayOnFailover: CLUSTER_RETRY_DELAY_MS,
        retryDelayOnClusterDown: CLUSTER_RETRY_DELAY_MS,
        retryDelayOnTryAgain: CLUSTER_RETRY_DELAY_MS,
        maxRedirections: CLUSTER_MAX_REDIRECTIONS,
        clusterRetryStrategy: reconnectBackoff,
        // Replicas may lag; every read goes to the master so a job sees what the previous one wrote.
        scaleReads: 'master',
        // Managed TLS clusters (ElastiCache, Memorystore) announce hostnames their certificates name; resolving them
        // to IPs first would fail the TLS host check.
        ...(tls ? { dnsLookup: (address: string, callback: (error: Error | null, address: string) => void) => callback(null, address) } : {}),
      };
      return new Cluster(
        seeds.map((url) => ({ host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port || 6379) })),
        clusterOptions,
      );
    }
    case 'sentinel':
      return new Redis({
        sentinels: target.sentinels,
        name: target.masterName,
        ...(target.password ? { password: target.password } : {}),
        ...(target.sentinelPassword ? { sentinelPassword: target.sentinelPassword } : {}),
        // A master demoted while still reachable answers writes with READONLY: reconnect (asking the
        // Sentinels again) and resend. A master that died is noticed by its socket closing.
        // (ioredis's failoverDetector is not used: QUIT leaves its Sentinel subscriptions open.)
        reconnectOnError: (error: Error) => (error.message.startsWith('READONLY') ? 2 : false),
        retryStrategy: reconnectBackoff,
        sentinelRetryStrategy: reconnectBackoff,
        ...common,
      });
  }
}

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/** The servers that hold data: every master of a cluster, or the one server otherwise. */
export function dataNodes(client: RedisClient): Redis[] {
  return isCluster(client) ? client.nodes('master') : [client];
}

/** Closes gracefully when connected, and drops the sockets otherwise (QUIT would wait for a reconnect that may never come). */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}

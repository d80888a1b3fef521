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
 * replica's election). These delays let a request ride that out: it is retried against the new
 * slot map instead of failing. Reconnecting otherwise follows ioredis's defaults.
 */
const CLUSTER_RETRY_DELAY_MS = 300;
const CLUSTER_MAX_REDIRECTIONS = 64;

export function createRedisClient(target: RedisTarget, options: ClientOptions = {}): RedisClient {
  const client = makeClient(target, options);
  if (target.mode !== 'standalone') countConnectionLosses(client);
  return client;
}

function makeClient(target: RedisTarget, options: ClientOptions): RedisClient {
  const common: RedisOptions = {
    ...(options.purpose ? { connectionName: `threadwatch:${options.purpose}` } : {}),
    ...(options.blocking ? { maxRetriesPerRequest: null } : options.maxRetriesPerRequest !== undefined ? { maxRetriesPerRequest: options.maxRetriesPerRequest } : {}),
    ...(options.lazyConnect ? { lazyConnect: true } : {}),
  };
  switch (target.mode) {
    case 'standalone':
      return new Redis(target.url, common);
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

/**
 * How long a job waits for a replica to confirm its writes. Normally a replica is a millisecond
 * behind; a master whose replicas are all gone answers 0 after this long and the job goes on.
 */
const REPLICATION_WAIT_MS = 1_000;
/** A master found without a replica is not asked again for a while: every job would pay the full timeout. */
const UNREPLICATED_RECHECK_MS = 30_000;
/** How long a failed barrier waits for a failover to finish before failing its job (so a retry finds the new master). */
const FAILOVER_SETTLE_MS = 30_000;

export class ReplicationUnconfirmedError extends Error {
  override readonly name = 'ReplicationUnconfirmedError';
}

const unreplicatedUntil = new WeakMap<Redis, number>();
const connectionLosses = new WeakMap<RedisClient, number>();

/**
 * Counts lost connections (a Sentinel master's socket closing; a cluster node leaving the pool), so
 * a job can tell whether a write it made may have gone to a master that has since failed.
 */
function countConnectionLosses(client: RedisClient): void {
  connectionLosses.set(client, 0);
  const lost = () => connectionLosses.set(client, (connectionLosses.get(client) ?? 0) + 1);
  if (isCluster(client)) client.on('-node', lost);
  else client.on('close', lost);
}

/** Changes whenever a connection of `client` was lost; compare before and after a job (see waitForReplicas). */
export function connectionLossCount(client: RedisClient): number {
  return connectionLosses.get(client) ?? 0;
}

/**
 * Resolves once every write this client has sent so far has reached at least one replica of the
 * node it went to (WAIT), on a cluster or a Sentinel-managed master; at once on a standalone server.
 *
 * Replication is asynchronous: a master that dies a moment after acknowledging a write can take it
 * with it, and its promoted replica never saw it. Steps that hand work across data sets on
 * different nodes (stored articles → a thread-article job; a threaded article → the job's
 * completion; an alert sent → its sent marker → the job's completion) wait here before the next
 * step, so a failover can lose the last step but never one another step already relies on.
 *
 * Throws ReplicationUnconfirmedError when that cannot be confirmed: a node did not answer, or a
 * connection was lost since `since` (connectionLossCount before the writes), so the writes may
 * have gone to a master that is gone. It first waits (bounded) for the failover to finish, so the
 * job's retry (every job is idempotent) runs against the new master instead of failing again at once.
 * Returns how many masters had no replica to confirm (degraded: nothing to wait for, not an error).
 */
export async function waitForReplicas(client: RedisClient, since?: number, timeoutMs = REPLICATION_WAIT_MS, now: () => number = Date.now): Promise<number> {
  if (!isCluster(client) && !client.options.sentinels?.length) return 0;
  let unreplicated = 0;
  try {
    const confirmations = await Promise.all(
      dataNodes(client).map(async (node) => {
        if ((unreplicatedUntil.get(node) ?? 0) > now()) return 0;
        const replicas = (await node.call('WAIT', 1, timeoutMs)) as number;
        if (replicas < 1) unreplicatedUntil.set(node, now() + UNREPLICATED_RECHECK_MS);
        return replicas;
      }),
    );
    unreplicated = confirmations.filter((replicas) => replicas < 1).length;
  } catch (error) {
    await settle(client);
    throw new ReplicationUnconfirmedError(`writes not confirmed by a replica: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (since !== undefined && connectionLossCount(client) !== since) {
    await settle(client);
    throw new ReplicationUnconfirmedError('a Redis connection was lost while the job ran; its writes may have gone to a master that failed');
  }
  return unreplicated;
}

/** Waits until every master answers PING again (the failover is over), for at most FAILOVER_SETTLE_MS. */
async function settle(client: RedisClient): Promise<void> {
  const deadline = Date.now() + FAILOVER_SETTLE_MS;
  while (Date.now() < deadline) {
    if (isCluster(client)) client.refreshSlotsCache();
    const answered = await Promise.all(dataNodes(client).map((node) => node.ping().then(() => true, () => false)));
    if (answered.length > 0 && answered.every(Boolean)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Closes gracefully when connected, and drops the sockets otherwise (QUIT would wait for a reconnect that may never come). */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import calculateSlot from 'cluster-key-slot';
import { Redis } from 'ioredis';
import { freePort, spawnRedisServer, type SpawnedRedis } from '../../src/store/redis-locator.js';
import type { RedisTarget } from '../../src/store/redis-client.js';

/**
 * Real Redis topologies on loopback for the cluster and Sentinel test passes and the failover
 * tests: every server is a `redis-server` child on a free port with its files in a temp
 * directory, so nothing needs setting up by hand and nothing outlives `stop()`.
 */

const run = promisify(execFile);

export interface LocalNode {
  port: number;
  pid: number;
  dir: string;
  /** SIGKILL: the node vanishes mid-write, as a crashed machine would. */
  kill(): void;
  stop(): Promise<void>;
}

async function startNode(dir: string, extraArgs: string[], sentinelConfigFile?: string): Promise<LocalNode> {
  const port = await freePort();
  const spawned: SpawnedRedis = await spawnRedisServer({
    port,
    extraArgs: [...(sentinelConfigFile ? [] : ['--dir', dir]), ...extraArgs],
    ...(sentinelConfigFile ? { sentinelConfigFile } : {}),
  });
  return {
    port,
    pid: spawned.pid,
    dir,
    kill: () => {
      try {
        process.kill(spawned.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
    stop: () => spawned.stop(),
  };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`redis topology: ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withClient<T>(port: number, work: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await work(client);
  } finally {
    client.disconnect();
  }
}

function infoField(info: string, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

export interface LocalCluster {
  target: RedisTarget;
  nodes: LocalNode[];
  /** The node currently serving `key`'s slot as master (asks a live node for the slot map). */
  masterOf(key: string): Promise<LocalNode>;
  /** Resolves once every slot has a live master again and the cluster says `ok`. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  masters?: number;
  replicasPerMaster?: number;
  /**
   * How long a master may be unreachable before its replica takes over. Short, so a failover test
   * takes seconds; production clusters use 15 s.
   */
  nodeTimeoutMs?: number;
}

/** `redis-server --cluster-enabled yes` × (masters × (1 + replicas)), joined by `redis-cli --cluster create`. */
export async function startRedisCluster(options: ClusterOptions = {}): Promise<LocalCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const root = mkdtempSync(join(tmpdir(), 'threadwatch-cluster-'));
  const nodes: LocalNode[] = [];
  try {
    for (let index = 0; index < masters * (1 + replicas); index++) {
      nodes.push(
        await startNode(mkdtempSync(join(root, `node-${index}-`)), [
          '--cluster-enabled', 'yes',
          '--cluster-config-file', 'nodes.conf',
          // The bus port defaults to port + 10000, which may be taken or past 65535.
          '--cluster-port', String(await freePort()),
          '--cluster-node-timeout', String(options.nodeTimeoutMs ?? 1_500),
          // A replica with a stale link may still be promoted: the test's replicas are always close behind.
          '--cluster-replica-validity-factor', '0',
          '--appendonly', 'no',
        ]),
      );
    }
    await run('redis-cli', ['--cluster', 'create', ...nodes.map((node) => `127.0.0.1:${node.port}`), '--cluster-replicas', String(replicas), '--cluster-yes'], {
      timeout: 30_000,
    });
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  const alive = new Set(nodes);
  const byPort = new Map(nodes.map((node) => [node.port, node]));
  const slotMap = async (): Promise<[number, number, number][]> => {
    for (const node of alive) {
      try {
        const slots = await withClient(node.port, (client) => client.call('CLUSTER', 'SLOTS') as Promise<[number, number, [string, number]][]>);
        return slots.map(([start, end, master]) => [start, end, master[1]]);
      } catch {
        // try the next node
      }
    }
    throw new Error('no cluster node answers');
  };
  const isLive = (node: LocalNode) => {
    try {
      process.kill(node.pid, 0);
      return true;
    } catch {
      alive.delete(node);
      return false;
    }
  };
  const waitHealthy = async (timeoutMs = 30_000) => {
    await until('every slot served by a live master, and every live node reporting cluster_state:ok', async () => {
      const live = nodes.filter(isLive);
      const states = await Promise.all(live.map((node) => withClient(node.port, (client) => client.call('CLUSTER', 'INFO') as Promise<string>)));
      if (!states.every((info) => infoField(info, 'cluster_state') === 'ok')) return false;
      const map = await slotMap();
      const covered = map.reduce((sum, [start, end]) => sum + end - start + 1, 0);
      return covered === 16_384 && map.every(([, , port]) => live.some((node) => node.port === port));
    }, timeoutMs);
  };
  await waitHealthy();
  // Replicas must have synced before a test relies on them taking over.
  await until('every replica in sync with its master', async () => {
    const infos = await Promise.all(nodes.map((node) => withClient(node.port, (client) => client.info('replication'))));
    return infos.filter((info) => infoField(info, 'role') === 'slave').length === masters * replicas && infos.every((info) => infoField(info, 'role') === 'master' || infoField(info, 'master_link_status') === 'up');
  });

  return {
    target: { mode: 'cluster', urls: nodes.slice(0, masters).map((node) => `redis://127.0.0.1:${node.port}`) },
    nodes,
    async masterOf(key) {
      const slot = calculateSlot(key);
      const entry = (await slotMap()).find(([start, end]) => slot >= start && slot <= end);
      const node = entry ? byPort.get(entry[2]) : undefined;
      if (!node) throw new Error(`no master serves slot ${slot}`);
      return node;
    },
    waitHealthy,
    async stop() {
      await Promise.all(nodes.map((node) => node.stop()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface LocalSentinelSet {
  target: RedisTarget;
  /** The data servers: [initial master, replica]. */
  servers: LocalNode[];
  sentinels: LocalNode[];
  /** The server the Sentinels currently name as master. */
  currentMaster(): Promise<LocalNode>;
  /** Resolves once the Sentinels agree on a live master that has a replica in sync. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const SENTINEL_MASTER_NAME = 'twmaster';

/** One master, one replica and three Sentinels (quorum 2), as a small production set would be. */
export async function startSentinelSet(options: { downAfterMs?: number } = {}): Promise<LocalSentinelSet> {
  const root = mkdtempSync(join(tmpdir(), 'threadwatch-sentinel-'));
  const servers: LocalNode[] = [];
  const sentinels: LocalNode[] = [];
  const stopAll = async () => {
    await Promise.all([...sentinels, ...servers].map((node) => node.stop()));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const master = await startNode(mkdtempSync(join(root, 'master-')), ['--appendonly', 'no']);
    servers.push(master);
    servers.push(await startNode(mkdtempSync(join(root, 'replica-')), ['--appendonly', 'no', '--replicaof', '127.0.0.1', String(master.port)]));
    for (let index = 0; index < 3; index++) {
      const dir = mkdtempSync(join(root, `sentinel-${index}-`));
      const file = join(dir, 'sentinel.conf');
      writeFileSync(
        file,
        [
          `dir ${dir}`,
          `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${master.port} 2`,
          `sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} ${options.downAfterMs ?? 1_000}`,
          `sentinel failover-timeout ${SENTINEL_MASTER_NAME} 10000`,
          `sentinel parallel-syncs ${SENTINEL_MASTER_NAME} 1`,
          '',
        ].join('\n'),
      );
      sentinels.push(await startNode(dir, [], file));
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const byPort = new Map(servers.map((node) => [node.port, node]));
  const askedMaster = async (): Promise<number> => {
    for (const sentinel of sentinels) {
      try {
        const [, port] = await withClient(sentinel.port, (client) => client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_MASTER_NAME) as Promise<[string, string]>);
        return Number(port);
      } catch {
        // try the next Sentinel
      }
    }
    throw new Error('no Sentinel answers');
  };
  const waitHealthy = async (timeoutMs = 30_000) => {
    await until('the Sentinels agreeing on a master with a replica in sync and every Sentinel seeing the others', async () => {
      const masterPort = await askedMaster();
      const info = await withClient(masterPort, (client) => client.info('replication'));
      if (infoField(info, 'role') !== 'master' || Number(infoField(info, 'connected_slaves') ?? 0) < 1) return false;
      const views = await Promise.all(
        sentinels.map((sentinel) =>
          withClient(sentinel.port, async (client) => {
            const [, port] = (await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_MASTER_NAME)) as [string, string];
            const fields = (await client.call('SENTINEL', 'MASTER', SENTINEL_MASTER_NAME)) as string[];
            const field = (name: string) => fields[fields.indexOf(name) + 1];
            return Number(port) === masterPort && Number(field('num-other-sentinels')) >= 2 && Number(field('num-slaves')) >= 1;
          }).catch(() => false),
        ),
      );
      return views.every(Boolean);
    }, timeoutMs);
  };
  try {
    await waitHealthy();
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    target: { mode: 'sentinel', sentinels: sentinels.map((node) => ({ host: '127.0.0.1', port: node.port })), masterName: SENTINEL_MASTER_NAME },
    servers,
    sentinels,
    async currentMaster() {
      const node = byPort.get(await askedMaster());
      if (!node) throw new Error('the Sentinels name an unknown master');
      return node;
    },
    waitHealthy,
    stop: stopAll,
  };
}

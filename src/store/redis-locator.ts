import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { closeRedisClient, createRedisClient, describeRedisTarget, type RedisTarget } from './redis-client.js';

/**
 * Finding (or starting) a Redis server is shared by `npm start` and the test suite, so a fresh
 * machine behaves the same way in both: a configured Redis (REDIS_URL, or a cluster or Sentinel
 * set) wins, then a server on 127.0.0.1:6379, then a `redis-server` child from PATH on a free port.
 */

export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

export function pingRedis(url: string, timeoutMs = 1_000): Promise<boolean> {
  const parsed = new URL(url);
  const host = parsed.hostname || '127.0.0.1';
  const port = Number(parsed.port || 6379);
  return new Promise((resolve) => {
    const socket = net.createConnection({ host, port });
    let settled = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => {
      const password = decodeURIComponent(parsed.password);
      if (password) {
        const user = decodeURIComponent(parsed.username);
        const args = user ? ['AUTH', user, password] : ['AUTH', password];
        socket.write(args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).reduce((acc, a) => acc + a, `*${args.length}\r\n`));
      }
      socket.write('*1\r\n$4\r\nPING\r\n');
    });
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      if (buffer.includes('+PONG')) finish(true);
      else if (buffer.includes('-')) finish(false);
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface SpawnedRedis {
  url: string;
  /** Process id of the child, so callers (and tests) can check it is gone after stop(). */
  pid: number;
  stop(): Promise<void>;
}

export interface SpawnRedisOptions {
  /** Directory for AOF files; omitted = nothing persisted (tests). */
  dataDir?: string;
  port?: number;
  redisServerPath?: string;
  /** More `redis-server` arguments, e.g. `--cluster-enabled yes` or `--replicaof host port`. */
  extraArgs?: string[];
  /** Run as a Sentinel from this (writable) config file instead of as a data server. */
  sentinelConfigFile?: string;
}

export async function spawnRedisServer(options: SpawnRedisOptions = {}): Promise<SpawnedRedis> {
  const port = options.port ?? (await freePort());
  // A Sentinel keeps no data (it rewrites its own config file with what it learns about the set).
  const args = options.sentinelConfigFile
    ? [options.sentinelConfigFile, '--sentinel', '--bind', '127.0.0.1', '--port', String(port)]
    : ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--maxmemory-policy', 'noeviction'];
  if (options.dataDir && !options.sentinelConfigFile) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push('--dir', options.dataDir, '--appendonly', 'yes');
  } else if (!options.sentinelConfigFile) {
    args.push('--appendonly', 'no');
  }
  args.push(...(options.extraArgs ?? []));
  // Own process group: Ctrl-C in the terminal must reach only us, so Redis outlives the graceful
  // shutdown that still needs it; we stop it ourselves afterwards.
  const child: ChildProcess = spawn(options.redisServerPath ?? 'redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // redis-server explains a failed start (bad AOF, port taken) only in its own log: keep the tail for the error.
  let lastLogLine = '';
  const remember = (chunk: Buffer) => {
    const lines = chunk.toString('utf8').trim().split('\n');
    lastLogLine = (lines[lines.length - 1] ?? lastLogLine).trim() || lastLogLine;
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const failed = await Promise.race([spawnError, new Promise<null>((r) => setTimeout(() => r(null), 50))]);
    if (failed) {
      const code = (failed as NodeJS.ErrnoException).code;
      throw new RedisUnavailableError(
        code === 'ENOENT'
          ? 'redis-server is not installed: install it (apt-get install redis-server / brew install redis) or set REDIS_URL'
          : `could not start redis-server: ${failed.message}`,
      );
    }
    if (child.exitCode !== null)
      throw new RedisUnavailableError(`redis-server exited with code ${child.exitCode} on port ${port}${lastLogLine ? `: ${lastLogLine}` : ''}`);
    if (await pingRedis(url, 300)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new RedisUnavailableError(`redis-server did not answer on port ${port} within 10 s`);
    }
  }
  // Once it answers, its log is no longer needed, but the pipes must keep draining or redis-server blocks on a full pipe.
  child.stdout?.removeListener('data', remember).resume();
  child.stderr?.removeListener('data', remember).resume();
  return {
    url,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // SIGTERM makes redis-server flush the AOF before exiting; SIGKILL only if it hangs.
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export interface LocatedRedis {
  target: RedisTarget;
  /**
   * 'env' = configured (REDIS_URL, cluster or Sentinel), 'default' = 127.0.0.1:6379, 'spawned' =
   * child process we own, 'embedded' = a redis-server another threadwatch process spawned on the
   * same data directory.
   */
  origin: 'env' | 'default' | 'spawned' | 'embedded';
  /** Child process id when origin is 'spawned'. */
  pid?: number;
  stop(): Promise<void>;
}

/**
 * With a data directory, the spawned server's port is written next to its AOF files: a second
 * process (`ask` while `npm start` runs) then shares that server instead of starting another
 * redis-server on the same files, which would corrupt them.
 */
const PORT_FILE = 'redis.port';

export interface LocateRedisOptions extends SpawnRedisOptions {
  /** The configured Redis (redisTargetFromConfig); it must answer, nothing else is tried. */
  target?: RedisTarget | undefined;
  /** The server tried before spawning one; tests point it at a closed port to exercise the spawn path. */
  defaultUrl?: string;
}

const standalone = (url: string): RedisTarget => ({ mode: 'standalone', url });

export async function locateRedis(options: LocateRedisOptions = {}): Promise<LocatedRedis> {
  if (options.target) {
    const problem = await checkRedisTarget(options.target, 3_000);
    if (problem) throw new RedisUnavailableError(problem);
    return { target: options.target, origin: 'env', stop: async () => {} };
  }
  const defaultUrl = options.defaultUrl ?? 'redis://127.0.0.1:6379';
  if (await pingRedis(defaultUrl, 500)) return { target: standalone(defaultUrl), origin: 'default', stop: async () => {} };
  const { dataDir } = options;
  if (dataDir) {
    const runningPort = readPortFile(dataDir);
    const runningUrl = runningPort ? `redis://127.0.0.1:${runningPort}` : undefined;
    if (runningUrl && (await pingRedis(runningUrl, 500))) return { target: standalone(runningUrl), origin: 'embedded', stop: async () => {} };
  }
  const spawned = await spawnRedisServer(options);
  if (dataDir) writeFileSync(join(dataDir, PORT_FILE), new URL(spawned.url).port);
  return {
    target: standalone(spawned.url),
    origin: 'spawned',
    pid: spawned.pid,
    stop: async () => {
      await spawned.stop();
      if (dataDir) rmSync(join(dataDir, PORT_FILE), { force: true });
    },
  };
}

/**
 * Null when the target answers PING within `timeoutMs` (a cluster: once its slot map is loaded; a
 * Sentinel set: once a Sentinel named a master that answers), else a one-line reason.
 */
export async function checkRedisTarget(target: RedisTarget, timeoutMs: number): Promise<string | null> {
  const what = target.mode === 'standalone' ? `REDIS_URL ${describeRedisTarget(target)}` : `Redis ${describeRedisTarget(target)}`;
  if (target.mode === 'standalone') return (await pingRedis(target.url, timeoutMs)) ? null : `${what} does not answer PING`;
  const client = createRedisClient(target, { purpose: 'check', lazyConnect: true, maxRetriesPerRequest: 1 });
  let lastError = '';
  client.on('error', (error: Error) => {
    lastError = error.message;
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`${what} did not answer within ${timeoutMs} ms${lastError ? ` (${lastError})` : ''}`), timeoutMs);
  });
  try {
    const answered = (async () => {
      await client.connect();
      await client.ping();
      return null;
    })().catch((error: unknown) => `${what} does not answer: ${error instanceof Error ? error.message : String(error)}`);
    return await Promise.race([answered, timeout]);
  } finally {
    clearTimeout(timer);
    await closeRedisClient(client);
  }
}

function readPortFile(dataDir: string): number | undefined {
  try {
    const port = Number(readFileSync(join(dataDir, PORT_FILE), 'utf8').trim());
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  } catch {
    return undefined;
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';

/**
 * Finding (or starting) a Redis server is shared by `npm start` and the test suite, so a fresh
 * machine behaves the same way in both: REDIS_URL wins, then a server on 127.0.0.1:6379, then a
 * `redis-server` child from PATH on a free port.
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
  stop(): Promise<void>;
}

export interface SpawnRedisOptions {
  /** Directory for AOF files; omitted = nothing persisted (tests). */
  dataDir?: string;
  port?: number;
  redisServerPath?: string;
}

export async function spawnRedisServer(options: SpawnRedisOptions = {}): Promise<SpawnedRedis> {
  const port = options.port ?? (await freePort());
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--maxmemory-policy', 'noeviction'];
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push('--dir', options.dataDir, '--appendonly', 'yes');
  } else {
    args.push('--appendonly', 'no');
  }
  const child: ChildProcess = spawn(options.redisServerPath ?? 'redis-server', args, { stdio: 'ignore' });
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
    if (child.exitCode !== null) throw new RedisUnavailableError(`redis-server exited with code ${child.exitCode} on port ${port}`);
    if (await pingRedis(url, 300)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new RedisUnavailableError(`redis-server did not answer on port ${port} within 10 s`);
    }
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

export interface LocatedRedis {
  url: string;
  /** 'env' = REDIS_URL, 'default' = 127.0.0.1:6379, 'spawned' = child process we own. */
  origin: 'env' | 'default' | 'spawned';
  stop(): Promise<void>;
}

export async function locateRedis(options: { envUrl?: string | undefined } & SpawnRedisOptions = {}): Promise<LocatedRedis> {
  if (options.envUrl) {
    if (!(await pingRedis(options.envUrl, 3_000))) throw new RedisUnavailableError(`REDIS_URL ${redactUrl(options.envUrl)} does not answer PING`);
    return { url: options.envUrl, origin: 'env', stop: async () => {} };
  }
  const defaultUrl = 'redis://127.0.0.1:6379';
  if (await pingRedis(defaultUrl, 500)) return { url: defaultUrl, origin: 'default', stop: async () => {} };
  const spawned = await spawnRedisServer(options);
  return { url: spawned.url, origin: 'spawned', stop: spawned.stop };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}

import { join } from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { createLogger, type Logger } from '../logger.js';
import { describeRedisTarget, redisTargetFromConfig } from '../store/redis-client.js';
import { locateRedis, RedisUnavailableError, type LocatedRedis } from '../store/redis-locator.js';

/**
 * The first steps every long-lived CLI command shares: read config, find (or start) Redis. Problems
 * a person can fix are printed as plain lines and turned into an exit code, never a stack trace.
 */

export type Booted = { ok: true; config: Config; logger: Logger; redis: LocatedRedis } | { ok: false; exitCode: number };

export interface BootOptions {
  /** Overrides LOG_LEVEL (e.g. `ask` keeps the terminal quiet unless something is wrong). */
  logLevel?: string;
  print?: (line: string) => void;
  /** `--demo`: work on DEMO_REDIS_PREFIX instead of REDIS_PREFIX (the demo's own data set). */
  demo?: boolean;
}

export function readConfig(env: Record<string, string | undefined>, print: (line: string) => void = (line) => console.error(line)): Config | null {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    error.lines.forEach((line) => print(line));
    return null;
  }
}

/** The same settings on the demo's own prefix: everything the command reads and writes stays apart from live data. */
export function demoConfig(config: Config): Config {
  return { ...config, REDIS_PREFIX: config.DEMO_REDIS_PREFIX };
}

/** Embedded redis-server keeps its AOF here, so data survives restarts of `npm start`. */
export function embeddedRedisDir(config: Config): string {
  return join(config.DATA_DIR, 'redis');
}

export async function boot(env: Record<string, string | undefined>, options: BootOptions = {}): Promise<Booted> {
  const print = options.print ?? ((line: string) => console.error(line));
  const loaded = readConfig(env, print);
  if (!loaded) return { ok: false, exitCode: 1 };
  const config = options.demo ? demoConfig(loaded) : loaded;
  const logger = createLogger(options.logLevel ?? config.LOG_LEVEL);
  try {
    const redis = await locateRedis({ target: redisTargetFromConfig(config), dataDir: embeddedRedisDir(config) });
    if (redis.origin === 'spawned') logger.info({ redis: describeRedisTarget(redis.target), dataDir: embeddedRedisDir(config) }, 'started embedded redis-server');
    else logger.debug({ redis: describeRedisTarget(redis.target), origin: redis.origin }, 'using Redis');
    return { ok: true, config, logger, redis };
  } catch (error) {
    if (!(error instanceof RedisUnavailableError)) throw error;
    print(`threadwatch needs Redis: ${error.message}`);
    return { ok: false, exitCode: 1 };
  }
}

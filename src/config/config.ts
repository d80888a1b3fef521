import { isIPv4 } from 'node:net';
import { z } from 'zod';
import { issueLines } from '../core/zod-issues.js';

/**
 * The only place that reads environment variables (callers pass `process.env` in). Every setting
 * has a default that works on a laptop, so `npm start` needs none of them.
 */

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === '') return undefined;
    try {
      const url = new URL(value);
      if (!['http:', 'https:', 'redis:', 'rediss:'].includes(url.protocol)) throw new Error('protocol');
      return value.replace(/\/+$/, '');
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be a URL, got "${value}"` });
      return z.NEVER;
    }
  });

/**
 * One `redis://`/`rediss://` URL, or (for REDIS_MODE=cluster) several seed nodes separated by
 * commas. Which count is allowed depends on REDIS_MODE, checked in loadConfig.
 */
const redisUrls = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === '') return undefined;
    const parts = value.split(',').map((part) => part.trim());
    for (const part of parts) {
      let ok = false;
      try {
        const url = new URL(part);
        ok = (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
      } catch {
        ok = false;
      }
      if (!ok) {
        ctx.addIssue({ code: 'custom', message: `must be a redis:// or rediss:// URL (several separated by commas in cluster mode), got "${part}"` });
        return z.NEVER;
      }
    }
    return parts.join(',');
  });

/** `host:port,host:port`: the Sentinel processes to ask for the current master. */
const hostPortList = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === '') return undefined;
    const parts = value.split(',').map((part) => part.trim());
    for (const part of parts) {
      const match = /^(\[[0-9a-f:.]+\]|[^\s:/\[\]]+):(\d{1,5})$/i.exec(part);
      if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
        ctx.addIssue({ code: 'custom', message: `must be host:port pairs separated by commas, got "${part}"` });
        return z.NEVER;
      }
    }
    return parts.join(',');
  });

const intFrom = (defaultValue: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).default(defaultValue);

/** `true`/`false` (also `1`/`0`, `yes`/`no`, any case); unset or empty gives the default. */
const booleanFrom = (defaultValue: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return defaultValue;
      if (/^(true|1|yes)$/i.test(value)) return true;
      if (/^(false|0|no)$/i.test(value)) return false;
      ctx.addIssue({ code: 'custom', message: `must be true or false, got "${value}"` });
      return z.NEVER;
    });
const numberFrom = (defaultValue: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number({ message: 'must be a number' }).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).default(defaultValue);

/** ALERT_TOP_INTERVAL_MINUTES's default; commands built without a config fall back to it. */
export const ALERT_TOP_INTERVAL_DEFAULT_MINUTES = 360;

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How to reach Redis: one server, a Redis Cluster, or a master found through Sentinel. */
  REDIS_MODE: z.enum(['standalone', 'cluster', 'sentinel']).default('standalone'),
  /**
   * standalone: the server (unset: 127.0.0.1:6379 if it answers, else redis-server under DATA_DIR);
   * cluster: one or more seed nodes, comma-separated; sentinel: not used.
   */
  REDIS_URL: redisUrls,
  REDIS_SENTINELS: hostPortList,
  /** The master name the Sentinels monitor (`sentinel monitor <name> …`). */
  REDIS_SENTINEL_MASTER: optionalString,
  /** Password of the Sentinel processes themselves (their `requirepass`), if any. */
  REDIS_SENTINEL_PASSWORD: optionalString,
  /** Password of the master and replicas in sentinel mode (standalone and cluster take it from REDIS_URL). */
  REDIS_PASSWORD: optionalString,
  /** Every Redis key and BullMQ queue lives under this prefix, so one Redis can host several installs. */
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]{1,32}$/i, 'letters, digits, - and _ only (max 32)').default('tw'),
  /** `npm run demo` (and `ask --demo`, `console --demo`) use this prefix instead, so demo and live data never mix. */
  DEMO_REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]{1,32}$/i, 'letters, digits, - and _ only (max 32)').default('demo'),
  DATA_DIR: z.string().default('./data'),
  /** JSON or YAML sources file; unset = the built-in default list. */
  SOURCES_FILE: optionalString,

  POLL_INTERVAL_MINUTES: numberFrom(10, 1, 24 * 60),
  FEED_TIMEOUT_MS: intFrom(15_000, 1_000, 120_000),
  FEED_MAX_BYTES: intFrom(5 * 1024 * 1024, 64 * 1024, 50 * 1024 * 1024),
  FEED_MAX_REDIRECTS: intFrom(5, 0, 20),
  FEED_USER_AGENT: z.string().default('threadwatch/0.1 (+https://github.com/threadwatch/threadwatch)'),
  /**
   * Let feed URLs and redirects reach loopback, private and link-local addresses (replay and tests
   * serve feeds on loopback). Cloud metadata addresses stay refused.
   */
  FEEDS_ALLOW_PRIVATE: booleanFrom(false),
  /** A source is disabled after this many consecutive failed polls (reason kept). */
  SOURCE_MAX_FAILURES: intFrom(10, 1, 1000),
  /** Stored articles (and their dedupe fingerprints) expire after this many days. */
  ARTICLE_RETENTION_DAYS: numberFrom(90, 1, 3650),
  /** Per-process concurrency of the poll-source worker. */
  POLL_CONCURRENCY: intFrom(8, 1, 256),

  RANK_INTERVAL_MINUTES: numberFrom(5, 0.1, 24 * 60),
  /** A subscribed thread alerts when it moves at least this many places. */
  ALERT_MIN_RANK_CHANGE: intFrom(3, 1, 1000),
  /** No subscription receives two alerts about the same thread within this many minutes. */
  ALERT_MIN_INTERVAL_MINUTES: numberFrom(60, 0, 7 * 24 * 60),
  /** A thread subscription also alerts when its thread enters or leaves the top this-many. */
  ALERT_TOP_N: intFrom(10, 1, 1000),
  /** A `top:N` subscription gets at most one message (what entered, what left, a new #1) in this many minutes. */
  ALERT_TOP_INTERVAL_MINUTES: numberFrom(ALERT_TOP_INTERVAL_DEFAULT_MINUTES, 0, 7 * 24 * 60),
  /**
   * Threading runs in one worker process at a time, the holder of a lease in Redis; when that
   * process dies, a standby worker takes over once the lease has run out (this many seconds).
   */
  THREADING_LEASE_SECONDS: numberFrom(15, 1, 300),
  /**
   * How long a job stays locked to the worker running it without that worker renewing the lock. A
   * worker that dies (SIGKILL, a lost machine) has its jobs handed to another worker once this has
   * run out; every job survives a few such deaths. Threading uses THREADING_LEASE_SECONDS instead.
   */
  JOB_LOCK_SECONDS: numberFrom(30, 1, 600),
  /** Days without a new article after which a thread is archived (kept, no longer ranked). */
  THREAD_ARCHIVE_AFTER_DAYS: numberFrom(14, 1, 3650),

  /** 0 disables the HTTP server (health, metrics, dashboard). */
  HTTP_PORT: intFrom(8080, 0, 65535),
  HTTP_HOST: z.string().default('127.0.0.1'),
  /** Basic-auth password for /admin/queues; unset = dashboard off. */
  DASHBOARD_PASSWORD: optionalString,
  /**
   * Bearer token /metrics requires (`Authorization: Bearer …`). Required when HTTP_HOST is not a
   * loopback address, so metrics are never open to other machines by accident.
   */
  METRICS_TOKEN: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined;
      if (value.length < 16) {
        ctx.addIssue({ code: 'custom', message: `must be at least 16 characters (it is ${value.length}); e.g. the output of openssl rand -hex 32` });
        return z.NEVER;
      }
      return value;
    }),

  DISCORD_TOKEN: optionalString,
  /** Application id; derived from the token when unset. */
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_API_BASE: optionalUrl,
  /** 'auto' = Discord's recommendation from GET /gateway/bot. */
  DISCORD_SHARDS: z
    .union([z.literal('auto'), z.coerce.number().int().min(1).max(10_000)], { message: 'must be "auto" or a whole number' })
    .default('auto'),
  DISCORD_MAX_REQUESTS_PER_SECOND: intFrom(50, 1, 50),

  /**
   * A bot that cannot start (platform unreachable, broken answers) is retried with backoff from 1 s
   * doubling up to this many seconds, while everything else in the process keeps running.
   */
  PLATFORM_RETRY_MAX_SECONDS: numberFrom(60, 0.1, 3600),

  TELEGRAM_TOKEN: optionalString,
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_MODE: z.enum(['polling', 'webhook']).default('polling'),
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  TELEGRAM_MAX_PER_SECOND: intFrom(30, 1, 1000),
  TELEGRAM_MAX_PER_CHAT_PER_SECOND: intFrom(1, 1, 100),
  TELEGRAM_MAX_PER_GROUP_PER_MINUTE: intFrom(20, 1, 1000),

  /** Any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM). Unset = extractive summaries only. */
  LLM_BASE_URL: optionalUrl,
  LLM_API_KEY: optionalString,
  LLM_MODEL: z.string().default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: intFrom(30_000, 1_000, 600_000),
  LLM_MAX_RETRIES: intFrom(2, 0, 10),
  LLM_MAX_CALLS_PER_HOUR: intFrom(60, 0, 100_000),
  LLM_MAX_INPUT_CHARS: intFrom(24_000, 1_000, 1_000_000),
});

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** `KEY: message` lines, one per problem, ready to print before exiting. */
export function formatIssues(error: z.ZodError): string[] {
  return issueLines(error);
}

/** Which Redis settings each REDIS_MODE needs, and which ones it would silently ignore. */
function redisModeProblems(config: Config): string[] {
  const problems: string[] = [];
  const urls = config.REDIS_URL?.split(',') ?? [];
  if (config.REDIS_MODE === 'standalone' && urls.length > 1)
    problems.push('REDIS_URL: several URLs are only allowed with REDIS_MODE=cluster (they are its seed nodes)');
  if (config.REDIS_MODE === 'cluster' && urls.length === 0)
    problems.push('REDIS_URL: required when REDIS_MODE=cluster: one or more seed nodes, e.g. redis://10.0.0.1:7000,redis://10.0.0.2:7000');
  if (config.REDIS_MODE === 'cluster' && new Set(urls.map((url) => new URL(url).protocol)).size > 1)
    problems.push('REDIS_URL: seed nodes must all use redis:// or all use rediss://');
  if (config.REDIS_MODE === 'sentinel') {
    if (!config.REDIS_SENTINELS) problems.push('REDIS_SENTINELS: required when REDIS_MODE=sentinel, e.g. 10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379');
    if (!config.REDIS_SENTINEL_MASTER) problems.push('REDIS_SENTINEL_MASTER: required when REDIS_MODE=sentinel: the master name the Sentinels monitor');
    if (config.REDIS_URL) problems.push('REDIS_URL: not used when REDIS_MODE=sentinel (the Sentinels name the master); unset it, and put a password in REDIS_PASSWORD');
  } else {
    for (const key of ['REDIS_SENTINELS', 'REDIS_SENTINEL_MASTER', 'REDIS_SENTINEL_PASSWORD', 'REDIS_PASSWORD'] as const)
      if (config[key]) problems.push(`${key}: only used when REDIS_MODE=sentinel`);
  }
  return problems;
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return isIPv4(v4) && v4.startsWith('127.');
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error));
  const config = parsed.data;
  const problems: string[] = [...redisModeProblems(config)];
  if (config.DEMO_REDIS_PREFIX === config.REDIS_PREFIX)
    problems.push(`DEMO_REDIS_PREFIX: must differ from REDIS_PREFIX ("${config.REDIS_PREFIX}"), so the demo's 2014 threads never mix with live ones`);
  if (config.TELEGRAM_MODE === 'webhook' && !config.TELEGRAM_WEBHOOK_URL) problems.push('TELEGRAM_WEBHOOK_URL: required when TELEGRAM_MODE=webhook');
  if (config.TELEGRAM_MODE === 'webhook' && !config.TELEGRAM_WEBHOOK_SECRET)
    problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_MODE=webhook (Telegram sends it back in X-Telegram-Bot-Api-Secret-Token)');
  if (config.HTTP_PORT !== 0 && !isLoopbackHost(config.HTTP_HOST) && !config.METRICS_TOKEN)
    problems.push(
      `METRICS_TOKEN: required when HTTP_HOST=${config.HTTP_HOST} (not a loopback address): /metrics would be open to other machines. Set a long random token (e.g. openssl rand -hex 32); Prometheus sends it with authorization: { credentials: … }`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

import { ConfigError, loadConfig } from '../config/config.js';
import { countSources, DEFAULT_SOURCES_FILE, loadSources, SourcesFileError } from '../config/sources.js';
import { LEANS } from '../core/lean.js';
import { plural } from '../core/render/format.js';
import type { SourceHealth, SourceStore } from '../core/source.js';
import { boot } from '../runtime/boot.js';
import { createKeys } from '../store/keys.js';
import { closeRedisClient, createRedisClient } from '../store/redis-client.js';
import { createRedisSourceStore } from '../store/redis-source-store.js';

/**
 * `sources check [FILE]`: validate a sources file and print how balanced it is.
 * `sources health`: per-source polling health from Redis. `sources enable ID`: re-enable a
 * source that was disabled after too many failures.
 */

const USAGE = [
  'usage: npm run -s cli -- sources check [FILE]   validate (default: SOURCES_FILE, else the built-in list)',
  '       npm run -s cli -- sources health         polling health of every source',
  '       npm run -s cli -- sources enable ID      re-enable a disabled source',
].join('\n');

async function check(file: string | undefined): Promise<number> {
  let path = file;
  if (path === undefined) {
    try {
      path = loadConfig(process.env).SOURCES_FILE ?? DEFAULT_SOURCES_FILE;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const line of error.lines) console.error(line);
      return 1;
    }
  }
  try {
    const sources = await loadSources(path);
    const counts = countSources(sources);
    const leans = LEANS.filter((lean) => lean !== 'unrated' || counts.byLean.unrated > 0).map((lean) => `${lean} ${counts.byLean[lean]}`);
    console.log(`${plural(counts.total, 'source')}: ${leans.join(', ')}`);
    console.log(
      `bias bar: left ${counts.byLean.left + counts.byLean['lean-left']} · center ${counts.byLean.center} · right ${counts.byLean['lean-right'] + counts.byLean.right}`,
    );
    console.log(`countries: ${counts.byCountry.map(([country, count]) => `${country || 'unknown'} ${count}`).join(', ')}`);
    console.log(`outside the US: ${counts.outsideUs}`);
    console.log(`file: ${path}`);
    return 0;
  } catch (error) {
    if (!(error instanceof SourcesFileError)) throw error;
    for (const line of error.lines) console.error(line);
    return 1;
  }
}

function when(at: number | null): string {
  return at === null ? 'never' : `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** One line per source, aligned, worst first: disabled, then failing, then healthy. */
export function formatHealth(health: SourceHealth[]): string[] {
  if (health.length === 0) return ['no source has been polled yet'];
  const state = (h: SourceHealth) => (h.disabled ? 'disabled' : h.consecutiveFailures > 0 ? 'failing' : 'ok');
  const rank = { disabled: 0, failing: 1, ok: 2 } as const;
  const sorted = [...health].sort((a, b) => rank[state(a)] - rank[state(b)] || a.id.localeCompare(b.id));
  const width = Math.max(2, ...sorted.map((h) => h.id.length));
  const header = `${'id'.padEnd(width)}  ${'state'.padEnd(8)}  fails  articles  ${'last success'.padEnd(17)}  problem`;
  return [
    header,
    ...sorted.map((h) => {
      const problem = h.disabled ? (h.disabledReason ?? '') : h.consecutiveFailures > 0 ? (h.lastError ?? '') : '';
      return `${h.id.padEnd(width)}  ${state(h).padEnd(8)}  ${String(h.consecutiveFailures).padStart(5)}  ${String(h.articlesSeen).padStart(8)}  ${when(h.lastSuccessAt).padEnd(17)}  ${problem}`.trimEnd();
    }),
  ];
}

async function withSourceStore(work: (store: SourceStore) => Promise<number>): Promise<number> {
  const booted = await boot(process.env, { logLevel: 'warn' });
  if (!booted.ok) return booted.exitCode;
  const redis = createRedisClient(booted.redis.target, { purpose: 'sources-cli', maxRetriesPerRequest: 1 });
  try {
    return await work(createRedisSourceStore(redis, createKeys(booted.config.REDIS_PREFIX)));
  } finally {
    await closeRedisClient(redis);
    await booted.redis.stop();
  }
}

export async function main(args: string[]): Promise<number> {
  const [action, argument, ...rest] = args;
  if (action === 'check' && rest.length === 0) return check(argument);
  if (action === 'health' && argument === undefined) {
    return withSourceStore(async (store) => {
      for (const line of formatHealth(await store.listHealth())) console.log(line);
      return 0;
    });
  }
  if (action === 'enable' && argument !== undefined && rest.length === 0) {
    return withSourceStore(async (store) => {
      if ((await store.getHealth(argument)) === null) {
        console.error(`no polling state for source "${argument}" (see: sources health)`);
        return 1;
      }
      await store.enable(argument);
      console.log(`${argument}: enabled; the next scheduled poll fetches it`);
      return 0;
    });
  }
  console.error(USAGE);
  return 2;
}

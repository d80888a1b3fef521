import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/core/seeded-random.js';
import { deliverThroughFailover, repeated, replayThroughFailover, uciSlice } from '../test/helpers/failover.js';
import { faults as botApiFaults } from '../test/helpers/fake-telegram.js';
import { botsThroughApiOutage, compareOutcomes, startPrivateRedis, streamWithWorkerKills, type StreamMode } from '../test/helpers/fault-scenarios.js';

/**
 * `npm run faults [scenario…]`: breaks the running pipeline on purpose, on a real Redis (a private
 * redis-server with AOF in a temp dir, so nothing shared is touched), prints what a user would
 * notice and writes the figures to data/faults/results.json. Not part of `npm test` (minutes, not
 * seconds); each fault also has a small focused test in test/integration/faults.test.ts.
 *
 *   kill-ingest      SIGKILL the worker process at random points of an ingest, compare with an uninterrupted run
 *   kill-replay      the same during a replay (feeds polled over loopback HTTP)
 *   redis-restart    restart Redis (AOF) in the middle of a replay
 *   delivery-outage  the Bot API answers 500 for 60 s in the middle of alert delivery
 *   bot-api-500      the Bot API and the Discord API answer 500 for 60 s; how soon the bots are back
 *
 * `--seed N` repeats the same kill points; `--records N` changes the stream length (default 300).
 */

type Figures = Record<string, number | string>;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsPath = join(root, 'data', 'faults', 'results.json');
const SCENARIOS = ['kill-ingest', 'kill-replay', 'redis-restart', 'delivery-outage', 'bot-api-500'] as const;
type Scenario = (typeof SCENARIOS)[number];

let streamRecords = 300;
const KILLS = 3;
const OUTAGE_MS = 60_000;

async function killScenario(target: Parameters<typeof streamWithWorkerKills>[0]['target'], mode: StreamMode, next: () => number): Promise<Figures> {
  const records = await uciSlice(streamRecords);
  const reference = await streamWithWorkerKills({ target, mode, records, chats: 3, killAt: [] });
  const killAt = Array.from({ length: KILLS }, () => 0.05 + 0.9 * next()).sort((a, b) => a - b);
  const killed = await streamWithWorkerKills({ target, mode, records, chats: 3, killAt });
  const diff = compareOutcomes(reference, killed);
  return {
    records: records.length,
    'kill points (share of the stream)': killAt.map((share) => share.toFixed(2)).join(', '),
    kills: killed.kills,
    'articles stored': killed.account.stored,
    'articles lost': diff.lost,
    'articles duplicated': diff.duplicated,
    'threads in the uninterrupted run': reference.groups.length,
    'threads differing': diff.threadsDiffering,
    'alerts in the uninterrupted run': reference.alerts.length,
    'alerts missing': diff.alertsMissing,
    'alerts extra': diff.alertsExtra,
    'alerts sent twice': diff.alertsSentTwice,
    'seconds uninterrupted': Math.round(reference.seconds),
    'seconds with kills': Math.round(killed.seconds),
  };
}

async function run(scenario: Scenario, target: Awaited<ReturnType<typeof startPrivateRedis>>, next: () => number): Promise<Figures> {
  switch (scenario) {
    case 'kill-ingest':
      return killScenario(target.target, 'ingest', next);
    case 'kill-replay':
      return killScenario(target.target, 'replay', next);
    case 'redis-restart': {
      const records = await uciSlice(streamRecords);
      let downMs = 0;
      const started = performance.now();
      const account = await replayThroughFailover(target.target, `twfault-restart-${Date.now()}`, records, async () => {
        const before = performance.now();
        await target.restart(1_000);
        downMs = performance.now() - before;
      });
      return {
        records: records.length,
        'Redis down for (ms)': Math.round(downMs),
        'articles stored': account.stored,
        'articles lost': account.lost.length,
        'articles threaded': account.threaded,
        'articles counted twice': Math.max(0, account.countedInThreads - account.listedInThreads),
        seconds: Math.round((performance.now() - started) / 1000),
      };
    }
    case 'delivery-outage': {
      const records = await uciSlice(streamRecords);
      const reference = await deliverThroughFailover(target.target, `twfault-ref-${Date.now()}`, records, { chats: 5 });
      let outageAfter = 0;
      const started = performance.now();
      const disrupted = await deliverThroughFailover(target.target, `twfault-out-${Date.now()}`, records, {
        chats: 5,
        killAfterSends: Math.max(1, Math.floor(reference.sends.length / 3)),
        kill: async ({ telegram }) => {
          outageAfter = telegram.callsTo('sendMessage').length;
          telegram.setOutage(botApiFaults.serverError());
          await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
          telegram.setOutage(undefined);
        },
      });
      const missing = reference.sends.filter((send) => !disrupted.sends.includes(send));
      const extra = disrupted.sends.filter((send) => !reference.sends.includes(send));
      return {
        'alerts in the undisturbed run': reference.sends.length,
        'outage began after sends': outageAfter,
        'outage (s)': OUTAGE_MS / 1000,
        'alerts delivered': disrupted.sends.length,
        'alerts missing': missing.length,
        'alerts extra': extra.length,
        'alerts sent twice': repeated(disrupted.sends).length,
        seconds: Math.round((performance.now() - started) / 1000),
      };
    }
    case 'bot-api-500': {
      const recovery = await botsThroughApiOutage(target.target, OUTAGE_MS);
      return {
        'outage (s)': recovery.outageSeconds,
        'telegram healthy again after (s)': recovery.telegramHealthyAfterSeconds,
        'telegram answering again after (s)': recovery.telegramAnsweringAfterSeconds,
        'discord healthy again after (s)': recovery.discordHealthyAfterSeconds,
        'discord answering again after (s)': recovery.discordAnsweringAfterSeconds,
        'telegram failures counted': recovery.telegramFailuresCounted,
        'discord failures counted': recovery.discordFailuresCounted,
      };
    }
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  let seed = Date.now() % 100_000;
  const named: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    if (args[index] === '--seed') seed = Number(args[++index]);
    else if (args[index] === '--records') streamRecords = Number(args[++index]);
    else named.push(args[index]!);
  }
  const unknown = named.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (unknown.length > 0 || !Number.isFinite(seed) || !Number.isInteger(streamRecords) || streamRecords < 10) {
    console.error(`usage: npm run faults -- [${SCENARIOS.join('|')} …] [--seed N] [--records N]`);
    return 2;
  }
  const chosen = named.length > 0 ? (named as Scenario[]) : [...SCENARIOS];
  // The kill points are random but repeatable with --seed.
  const next = seededRandom(seed);
  console.log(`faults: seed ${seed} (repeat the kill points with --seed ${seed})`);
  const redis = await startPrivateRedis();
  const results: Record<string, { ok: true; figures: Figures; seconds: number } | { ok: false; error: string }> = {};
  let failed = false;
  try {
    for (const scenario of chosen) {
      console.log(`\n${scenario}: running…`);
      const started = performance.now();
      try {
        const figures = await run(scenario, redis, next);
        results[scenario] = { ok: true, figures, seconds: Math.round((performance.now() - started) / 1000) };
        const width = Math.max(...Object.keys(figures).map((key) => key.length));
        for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(width)}  ${value}`);
        const bad = Object.entries(figures).filter(([key, value]) => /lost|duplicated|differing|missing|extra|twice/.test(key) && value !== 0);
        if (bad.length > 0) {
          failed = true;
          console.log(`  FAULT NOT SURVIVED: ${bad.map(([key, value]) => `${key} = ${value}`).join(', ')}`);
        }
      } catch (error) {
        failed = true;
        results[scenario] = { ok: false, error: error instanceof Error ? error.message : String(error) };
        console.log(`${scenario}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    await redis.stop();
  }
  mkdirSync(dirname(resultsPath), { recursive: true });
  writeFileSync(resultsPath, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: cpus().length, seed, results }, null, 2)}\n`);
  console.log(`\nwritten to ${resultsPath}`);
  return failed ? 1 : 0;
}

// Exit explicitly: a connection a failed scenario left open must not keep the run alive.
process.exit(await main());

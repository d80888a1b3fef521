import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm run bench`: runs every bench/<area>.ts module's `run()` one after another (never in
 * parallel: they would measure each other), prints the figures and writes them to
 * data/bench/results.json. A module that is missing or throws is reported, and the rest still run.
 */

type Figures = Record<string, number | string>;
type Outcome = { ok: true; figures: Figures; seconds: number } | { ok: false; error: string };

const benchDir = dirname(fileURLToPath(import.meta.url));
const resultsPath = join(benchDir, '..', 'data', 'bench', 'results.json');
/** Areas every complete checkout has; listed so a missing one shows up in the results. */
const EXPECTED = ['ingest', 'threading', 'ranking', 'commands', 'finding', 'summaries', 'telegram', 'workers', 'memory'];

async function runModule(file: string): Promise<Outcome> {
  const started = performance.now();
  try {
    const module = (await import(pathToFileURL(join(benchDir, file)).href)) as { run?: () => Promise<Figures> };
    if (typeof module.run !== 'function') return { ok: false, error: 'exports no run() function' };
    const figures = await module.run();
    return { ok: true, figures, seconds: Math.round((performance.now() - started) / 100) / 10 };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const present = readdirSync(benchDir)
    .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.d.ts'))
    .map((file) => basename(file, '.ts'));
  const areas = [...new Set([...EXPECTED, ...present])].filter((area) => only.length === 0 || only.includes(area));
  const results: Record<string, Outcome> = {};
  for (const area of areas) {
    if (!present.includes(area)) {
      results[area] = { ok: false, error: `bench/${area}.ts is missing` };
      console.log(`\n${area}: MISSING (bench/${area}.ts not found)`);
      continue;
    }
    console.log(`\n${area}: running…`);
    const outcome = await runModule(`${area}.ts`);
    results[area] = outcome;
    if (!outcome.ok) {
      console.log(`${area}: FAILED: ${outcome.error}`);
      continue;
    }
    const width = Math.max(0, ...Object.keys(outcome.figures).map((key) => key.length));
    for (const [key, value] of Object.entries(outcome.figures)) console.log(`  ${key.padEnd(width)}  ${value}`);
    console.log(`  (${outcome.seconds} s)`);
  }
  mkdirSync(dirname(resultsPath), { recursive: true });
  const report = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    results,
  };
  writeFileSync(resultsPath, `${JSON.stringify(report, null, 2)}\n`);
  const failed = Object.entries(results).filter(([, outcome]) => !outcome.ok).map(([area]) => area);
  console.log(`\nwrote ${resultsPath}${failed.length > 0 ? ` (not measured: ${failed.join(', ')})` : ''}`);
  return 0;
}

// Benches may leave sockets to Redis behind if they throw; the figures are written, so exit.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);

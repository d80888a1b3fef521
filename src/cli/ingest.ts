import { access } from 'node:fs/promises';
import { createOutletDirectory } from '../config/outlets.js';
import { plural } from '../core/render/format.js';
import { readStreamFile } from '../feeds/stream-file.js';
import { boot } from '../runtime/boot.js';
import { createApp } from '../runtime/compose.js';
import { ingestStream, type IngestSummary } from '../runtime/stream-ingest.js';
import { pipelineCounts } from '../runtime/stream-pipeline.js';

const USAGE = 'usage: ingest FILE.jsonl   (one article per line: id, title, url, source, published, …)';

/** Ingest compresses hours into seconds; a summary per burst is enough. */
const INGEST_SUMMARY_DEBOUNCE_MS = 200;

export async function main(args: string[]): Promise<number> {
  const [path, ...rest] = args;
  if (!path || rest.length > 0 || path.startsWith('-')) {
    console.error(USAGE);
    return 2;
  }
  try {
    await access(path);
  } catch (error) {
    console.error(`ingest: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return 1;
  }
  const { records, rejected } = await readStreamFile(path);
  for (const problem of rejected.slice(0, 10)) console.error(`${path}:${problem.line}: ${problem.error}`);
  if (rejected.length > 10) console.error(`… and ${plural(rejected.length - 10, 'more unusable line')}`);
  if (records.length === 0) {
    console.error(`ingest: ${path} has no usable article lines`);
    return 1;
  }

  const booted = await boot(process.env, { logLevel: process.env['LOG_LEVEL'] ?? 'warn' });
  if (!booted.ok) return booted.exitCode;
  const { config, logger, redis } = booted;
  const started = performance.now();
  const app = await createApp({ config, logger, redisTarget: redis.target, roles: new Set(['worker']), sources: [], summaryDebounceMs: INGEST_SUMMARY_DEBOUNCE_MS });
  try {
    await app.start();
    const summary = await ingestStream(app, records, {
      outlets: createOutletDirectory(),
      onProgress: (progress) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${new Date(progress.at).toISOString().slice(0, 16)}Z  ${progress.processed.toLocaleString('en-US')}/${plural(progress.total, 'article')}`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const counts = await pipelineCounts(app);
    const totals = await app.metrics.totals();
    console.log(describeIngest({ ...summary, unusable: rejected.length, ...counts, summaries: totals.summaries, seconds: (performance.now() - started) / 1000 }));
    return totals.jobFailures > 0 ? 1 : 0;
  } finally {
    await app.stop();
    await redis.stop();
  }
}

export interface IngestReport extends IngestSummary {
  unusable: number;
  threads: number;
  publicThreads: number;
  ranked: number;
  summaries: number;
  seconds: number;
}

/** The one line `ingest` ends with; every count in it is pluralised by its number. */
export function describeIngest(report: IngestReport): string {
  return (
    `ingested ${plural(report.records, 'article')} (${report.stored.toLocaleString('en-US')} new, ${plural(report.duplicates, 'duplicate')}, ` +
    `${plural(report.unusable, 'unusable line')}) from ${new Date(report.from).toISOString()} to ${new Date(report.to).toISOString()}: ` +
    `${plural(report.threads, 'thread')} (${report.publicThreads.toLocaleString('en-US')} public), ${plural(report.rankings, 'hourly ranking')}, ` +
    `${report.ranked.toLocaleString('en-US')} ranked, ${plural(report.summaries, 'summary', 'summaries')} in ${report.seconds.toFixed(1)} s`
  );
}

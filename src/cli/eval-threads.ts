import { articleFromStreamRecord, type OutletInfo } from '../core/articles/normalise.js';
import { normaliseDomain, type StreamRecord } from '../core/articles/stream-record.js';
import { plural } from '../core/render/format.js';
import { byStreamOrder, createThreadIndexer, type IndexableArticle, type ThreadingStore } from '../core/threading/indexer.js';
import { scoreClustering, wholeStoryRate, type ClusteringScores } from '../core/threading/scoring.js';
import { readStreamFile } from '../feeds/stream-file.js';
import { createMemoryThreadStore } from '../store/memory-thread-store.js';
import { buildLongStream, cycleOf } from './long-stream.js';
import { buildShortTitleStream } from './short-titles.js';

const USAGE =
  'usage: npm run -s cli -- eval-threads FILE.jsonl [--batch N] [--long-stream [--cycles N] [--gap-hours H] [--keep-top K]] [--short-titles] [--restart]';
/** Articles per assign call, like one poll's worth (batch sizes change no assignment). */
const DEFAULT_BATCH = 100;
const HOUR = 3_600_000;

interface Args {
  file: string;
  batch: number;
  longStream: { cycles: number; gapMs: number; keepTop: number } | null;
  /** Rewrite the stream as MStream-style short titles (short-titles.ts). */
  shortTitles: boolean;
  restart: boolean;
}

function parseArgs(args: string[]): Args | string {
  let file: string | undefined;
  let batch = DEFAULT_BATCH;
  let longStream = false;
  let cycles = 20;
  let gapHours = 36;
  let keepTop = 300;
  let restart = false;
  let shortTitles = false;
  const whole = (value: string | undefined, name: string, min: number, max: number): number | string => {
    const number = Number(value);
    return Number.isInteger(number) && number >= min && number <= max ? number : `${name} must be a whole number from ${min} to ${max}`;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    let value: number | string | undefined;
    if (arg === '--batch') value = batch = whole(args[++i], '--batch', 1, 10_000) as number;
    else if (arg === '--cycles') value = cycles = whole(args[++i], '--cycles', 1, 1_000) as number;
    else if (arg === '--gap-hours') value = gapHours = whole(args[++i], '--gap-hours', 1, 100_000) as number;
    else if (arg === '--keep-top') value = keepTop = whole(args[++i], '--keep-top', 0, 1_000_000) as number;
    else if (arg === '--long-stream') longStream = true;
    else if (arg === '--restart') restart = true;
    else if (arg === '--short-titles') shortTitles = true;
    else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (file === undefined) file = arg;
    else return `unexpected argument ${arg}`;
    if (typeof value === 'string') return value;
  }
  if (file === undefined) return 'missing FILE.jsonl';
  if (shortTitles && (longStream || restart)) return '--short-titles goes with neither --long-stream nor --restart';
  return { file, batch, longStream: longStream ? { cycles, gapMs: gapHours * HOUR, keepTop } : null, shortTitles, restart };
}

/** Lean and country do not influence threading, so no outlet directory is read. */
const UNRATED: OutletInfo = { name: '', lean: 'unrated', country: '' };

function toArticle(record: StreamRecord, id: string): IndexableArticle {
  // The texts as `ingest` stores them (wire labels and site packaging stripped, HTML read): what is measured is what readers get.
  const stored = articleFromStreamRecord(record, UNRATED);
  return {
    id,
    outlet: normaliseDomain(record.source),
    title: stored.title,
    summary: stored.summary,
    ...(stored.text !== undefined ? { text: stored.text } : {}),
    published: Date.parse(record.published),
    // Lean and country do not influence threading; scoring needs none.
    lean: 'unrated',
    country: '',
  };
}

/** Repeated ids in a file are distinct records here (each line is scored); production dedupes by id. */
function articlesOf(records: readonly StreamRecord[]): IndexableArticle[] {
  const seen = new Map<string, number>();
  return records.map((record) => {
    const count = seen.get(record.id) ?? 0;
    seen.set(record.id, count + 1);
    return toArticle(record, count === 0 ? record.id : `${record.id}#${count + 1}`);
  });
}

export interface ThreadingEvaluation {
  articles: number;
  threads: number;
  publicThreads: number;
  goldStories: number;
  scores: ClusteringScores;
  wholeStoryRate: number;
  articlesPerSec: number;
  /** The largest predicted thread: articles and span (first to last publish time). */
  largestThread: { articles: number; spanHours: number };
  /** Predicted thread per record, for per-cycle scoring. */
  predicted: string[];
  gold: string[];
}

async function ingest(store: ThreadingStore, articles: readonly IndexableArticle[], batch: number, snapshotEvery?: number): Promise<void> {
  const indexer = createThreadIndexer(store, snapshotEvery === undefined ? {} : { snapshotEvery });
  for (let offset = 0; offset < articles.length; offset += batch) await indexer.assign(articles.slice(offset, offset + batch));
}

/**
 * Feeds records (already in publish order) through the production indexer and engine on the
 * in-memory thread store, `batch` articles per call as polls would, and scores the result.
 */
export async function evaluateThreading(records: readonly StreamRecord[], batch = DEFAULT_BATCH): Promise<ThreadingEvaluation> {
  const articles = articlesOf(records);
  const store = createMemoryThreadStore();
  const started = performance.now();
  await ingest(store, articles, batch);
  const seconds = (performance.now() - started) / 1000;

  const threadIds = await store.getArticleThreadIds(articles.map((article) => article.id));
  const predicted = threadIds.map((threadId, index) => threadId ?? `unthreaded:${articles[index]!.id}`);
  const gold = records.map((record, index) => record.story ?? `unlabelled:${articles[index]!.id}`);
  const spans = new Map<string, { articles: number; first: number; last: number }>();
  predicted.forEach((threadId, index) => {
    const published = articles[index]!.published;
    const span = spans.get(threadId) ?? { articles: 0, first: published, last: published };
    span.articles += 1;
    span.first = Math.min(span.first, published);
    span.last = Math.max(span.last, published);
    spans.set(threadId, span);
  });
  const largest = [...spans.values()].sort((a, b) => b.articles - a.articles)[0] ?? { articles: 0, first: 0, last: 0 };
  return {
    articles: articles.length,
    threads: spans.size,
    publicThreads: (await store.listActiveThreadIds({ publicOnly: true })).length,
    goldStories: new Set(gold).size,
    scores: scoreClustering(predicted, gold),
    wholeStoryRate: wholeStoryRate(predicted, gold),
    articlesPerSec: articles.length / Math.max(seconds, 1e-9),
    largestThread: { articles: largest.articles, spanHours: Math.round(((largest.last - largest.first) / HOUR) * 10) / 10 },
    predicted,
    gold,
  };
}

/** B-cubed F1 of each cycle's articles alone (1-based cycles, in order). */
export function perCycleF1(records: readonly StreamRecord[], evaluation: ThreadingEvaluation): number[] {
  const byCycle = new Map<number, { predicted: string[]; gold: string[] }>();
  records.forEach((record, index) => {
    const cycle = cycleOf(record.id);
    const group = byCycle.get(cycle) ?? { predicted: [], gold: [] };
    group.predicted.push(evaluation.predicted[index]!);
    group.gold.push(evaluation.gold[index]!);
    byCycle.set(cycle, group);
  });
  return [...byCycle.keys()].sort((a, b) => a - b).map((cycle) => scoreClustering(byCycle.get(cycle)!.predicted, byCycle.get(cycle)!.gold).bcubedF1);
}

/**
 * Articles per second of a warm process: the same stream again, every word outside its 300 most
 * frequent renamed (as in one long-stream cycle, so no headline repeats and no cached analysis
 * helps), threaded into a fresh store after a first run compiled the code and loaded the lexicons.
 * The first run's rate (`articlesPerSec`) includes that start-up; a service pays it once.
 */
export async function warmArticlesPerSec(records: readonly StreamRecord[], batch = DEFAULT_BATCH): Promise<number> {
  const articles = articlesOf(buildLongStream(records, { cycles: 1, gapMs: 0, keepTop: 300 }));
  const started = performance.now();
  await ingest(createMemoryThreadStore(), articles, batch);
  return articles.length / ((performance.now() - started) / 1000);
}

/**
 * Restart and batch invariance, measured: articles grouped differently from one uninterrupted run
 * (batches of 100) when the stream comes in batches of 1, 10 or 1000, or is ingested half, then
 * by a new process restored from snapshot + log, then the rest. (SIGKILL at random points is
 * covered by test/integration/threading-restart.test.ts on Redis.)
 */
export async function restartDifferences(records: readonly StreamRecord[]): Promise<Record<string, number>> {
  const articles = articlesOf(records).sort(byStreamOrder);
  const threadsOf = (store: ThreadingStore) => store.getArticleThreadIds(articles.map((article) => article.id));
  const reference = createMemoryThreadStore();
  await ingest(reference, articles, DEFAULT_BATCH);
  const expected = await threadsOf(reference);
  const differing = (actual: (string | null)[]) => actual.filter((threadId, index) => threadId !== expected[index]).length;
  const result: Record<string, number> = {};
  for (const batch of [1, 10, 1_000]) {
    const store = createMemoryThreadStore();
    await ingest(store, articles, batch);
    result[`batch${batch}`] = differing(await threadsOf(store));
  }
  const store = createMemoryThreadStore();
  const half = Math.floor(articles.length / 2);
  await ingest(store, articles.slice(0, half), DEFAULT_BATCH, 1_000);
  await ingest(store, articles.slice(half), DEFAULT_BATCH, 1_000);
  result['halfAndHalf'] = differing(await threadsOf(store));
  return result;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * Scores threading against the gold `story` labels of a JSON-lines stream. It runs the production
 * indexer and engine on the in-memory twin of the thread store, so it touches no Redis data.
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    console.error(`${parsed}\n${USAGE}`);
    return 2;
  }
  let records: StreamRecord[];
  try {
    const result = await readStreamFile(parsed.file);
    records = result.records;
    if (result.rejected.length > 0) {
      const first = result.rejected[0]!;
      console.error(`skipped ${plural(result.rejected.length, 'unusable line')}; first: line ${first.line}: ${first.error}`);
    }
  } catch (error) {
    console.error(`cannot read ${parsed.file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  if (records.length === 0) {
    console.error(`${parsed.file} has no usable records`);
    return 1;
  }

  if (parsed.restart) {
    const differences = await restartDifferences(records);
    console.error(`articles grouped differently from one uninterrupted run: ${JSON.stringify(differences)}`);
    console.log(JSON.stringify({ articles: records.length, ...differences }));
    return 0;
  }

  if (parsed.longStream) records = buildLongStream(records, parsed.longStream);
  if (parsed.shortTitles) records = buildShortTitleStream(records);
  const evaluation = await evaluateThreading(records, parsed.batch);
  const { scores } = evaluation;
  const extra: Record<string, number> = {};
  // The long stream is its own warm run (91k articles); a second copy of it would double the wait.
  const warm = parsed.longStream ? {} : { warmArticlesPerSec: Math.round(await warmArticlesPerSec(records, parsed.batch)) };
  if (parsed.longStream) {
    const cycles = perCycleF1(records, evaluation);
    extra['firstCycleF1'] = round(cycles[0] ?? 0);
    extra['lastCycleF1'] = round(cycles.at(-1) ?? 0);
    extra['lastOverFirst'] = round((cycles.at(-1) ?? 0) / Math.max(cycles[0] ?? 0, 1e-9));
    console.error(`per-cycle B-cubed F1: ${cycles.map((f1) => f1.toFixed(3)).join(' ')}`);
  }

  console.error(
    `${plural(evaluation.articles, 'article')} → ${plural(evaluation.threads, 'thread')} (${evaluation.publicThreads.toLocaleString('en-US')} public and active); gold stories: ${evaluation.goldStories}; ` +
      `stories wholly in one thread: ${(evaluation.wholeStoryRate * 100).toFixed(1)} %; pairwise P ${round(scores.pairwiseP)} R ${round(scores.pairwiseR)}; ` +
      `largest thread: ${plural(evaluation.largestThread.articles, 'article')} over ${evaluation.largestThread.spanHours} h`,
  );
  console.log(
    JSON.stringify({
      articles: evaluation.articles,
      threads: evaluation.threads,
      bcubedP: round(scores.bcubedP),
      bcubedR: round(scores.bcubedR),
      bcubedF1: round(scores.bcubedF1),
      pairwiseF1: round(scores.pairwiseF1),
      nmi: round(scores.nmi),
      articlesPerSec: Math.round(evaluation.articlesPerSec),
      ...warm,
      largestThreadArticles: evaluation.largestThread.articles,
      largestThreadSpanHours: evaluation.largestThread.spanHours,
      ...extra,
    }),
  );
  return 0;
}

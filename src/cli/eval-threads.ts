import { normaliseDomain, type StreamRecord } from '../core/articles/stream-record.js';
import { plural } from '../core/render/format.js';
import { createThreadIndexer, type IndexableArticle } from '../core/threading/indexer.js';
import { scoreClustering, wholeStoryRate, type ClusteringScores } from '../core/threading/scoring.js';
import { readStreamFile } from '../feeds/stream-file.js';
import { createMemoryThreadStore } from '../store/memory-thread-store.js';

const USAGE = 'usage: npm run -s cli -- eval-threads FILE.jsonl [--batch N]';
/** Articles per assign call, like one poll's worth: merges are planned after each batch. */
const DEFAULT_BATCH = 100;

function parseArgs(args: string[]): { file: string; batch: number } | string {
  let file: string | undefined;
  let batch = DEFAULT_BATCH;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--batch') {
      const value = Number(args[++i]);
      if (!Number.isInteger(value) || value < 1 || value > 10_000) return `--batch must be a whole number from 1 to 10000`;
      batch = value;
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (file === undefined) file = arg;
    else return `unexpected argument ${arg}`;
  }
  return file === undefined ? 'missing FILE.jsonl' : { file, batch };
}

function toArticle(record: StreamRecord, id: string): IndexableArticle {
  return {
    id,
    outlet: normaliseDomain(record.source),
    title: record.title,
    summary: record.summary ?? '',
    ...(record.text !== undefined ? { text: record.text } : {}),
    published: Date.parse(record.published),
    // Lean and country do not influence threading; scoring needs none.
    lean: 'unrated',
    country: '',
  };
}

export interface ThreadingEvaluation {
  articles: number;
  threads: number;
  publicThreads: number;
  goldStories: number;
  scores: ClusteringScores;
  wholeStoryRate: number;
  articlesPerSec: number;
}

/**
 * Feeds records (already in publish order) through the production indexer and engine on the
 * in-memory thread store, `batch` articles per call as polls would, and scores the result.
 */
export async function evaluateThreading(records: readonly StreamRecord[], batch = DEFAULT_BATCH): Promise<ThreadingEvaluation> {
  // Repeated ids in a file are distinct records here (each line is scored); production dedupes by id.
  const seen = new Map<string, number>();
  const articles = records.map((record) => {
    const count = seen.get(record.id) ?? 0;
    seen.set(record.id, count + 1);
    return toArticle(record, count === 0 ? record.id : `${record.id}#${count + 1}`);
  });

  const store = createMemoryThreadStore();
  const indexer = createThreadIndexer(store);
  const started = performance.now();
  for (let offset = 0; offset < articles.length; offset += batch) {
    await indexer.assign(articles.slice(offset, offset + batch));
  }
  const seconds = (performance.now() - started) / 1000;

  const threadIds = await store.getArticleThreadIds(articles.map((article) => article.id));
  const predicted = threadIds.map((threadId, index) => threadId ?? `unthreaded:${articles[index]!.id}`);
  const gold = records.map((record, index) => record.story ?? `unlabelled:${articles[index]!.id}`);
  return {
    articles: articles.length,
    threads: new Set(predicted).size,
    publicThreads: (await store.listActiveThreadIds({ publicOnly: true })).length,
    goldStories: new Set(gold).size,
    scores: scoreClustering(predicted, gold),
    wholeStoryRate: wholeStoryRate(predicted, gold),
    articlesPerSec: articles.length / Math.max(seconds, 1e-9),
  };
}

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

  const evaluation = await evaluateThreading(records, parsed.batch);
  const { scores } = evaluation;
  const round = (value: number) => Math.round(value * 10_000) / 10_000;

  console.error(
    `${plural(evaluation.articles, 'article')} → ${plural(evaluation.threads, 'thread')} (${evaluation.publicThreads.toLocaleString('en-US')} public and active); gold stories: ${evaluation.goldStories}; ` +
      `stories wholly in one thread: ${(evaluation.wholeStoryRate * 100).toFixed(1)} %; pairwise P ${round(scores.pairwiseP)} R ${round(scores.pairwiseR)}`,
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
    }),
  );
  return 0;
}

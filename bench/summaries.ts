import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createOutletDirectory } from '../src/config/outlets.js';
import type { Article } from '../src/core/article.js';
import { parseStreamLine, type StreamRecord } from '../src/core/articles/stream-record.js';
import { LEANS, type Lean } from '../src/core/lean.js';
import { EMPTY_FACETS, type ThreadRecord } from '../src/core/thread.js';
import { clearSummaryCaches, createExtractiveSummarizer } from '../src/core/summaries/extractive.js';
import { answerQuestion, buildSentenceIndex } from '../src/core/summaries/retrieval.js';
import { round } from './figures.js';

/**
 * Offline page cost per thread, measured as the summary job pays it: the page (overview, framing,
 * suggested questions with their answers) plus the Q&A index stored next to it. A 500-article
 * thread is built from the 300 BASIL full-text articles plus 200 UCI headlines, so it has both long
 * texts and many headline-only items, with leans from outlets.csv.
 *
 * - cold: every cache emptied first (a worker's first page of a thread it has never seen);
 * - warm: the same thread after five new full-text articles, every article loaded afresh (as the
 *   job reads them from Redis), the 495 it had already summarised still in the analysis cache.
 *
 * The 5,000-article figure (cold) shows the per-side article cap at work.
 */

const dataFile = (name: string) => fileURLToPath(new URL(`../data/streams/${name}`, import.meta.url));

function readRecords(name: string): StreamRecord[] {
  return readFileSync(dataFile(name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      const parsed = parseStreamLine(line);
      return parsed.ok ? [parsed.record] : [];
    });
}

function toArticles(records: StreamRecord[], idSuffix = ''): Article[] {
  const outlets = createOutletDirectory();
  return records.map((record) => {
    const outlet = outlets.lookup(record.source);
    const published = Date.parse(record.published);
    return {
      id: `${record.id}${idSuffix}`,
      sourceId: outlet.domain,
      outlet: outlet.domain,
      outletName: record.publisher ?? outlet.name,
      title: record.title,
      summary: record.summary ?? '',
      ...(record.text !== undefined ? { text: record.text } : {}),
      url: record.url,
      published,
      fetchedAt: published,
      lean: outlet.lean,
      country: outlet.country,
      backlog: false,
    };
  });
}

function threadOf(articles: Article[]): ThreadRecord {
  const leanCounts = Object.fromEntries(LEANS.map((lean) => [lean, 0])) as Record<Lean, number>;
  for (const article of articles) leanCounts[article.lean] += 1;
  return {
    id: 'bench', slug: 'bench', aliases: [], ...EMPTY_FACETS, title: articles[0]?.title ?? '', firstSeen: 0, lastUpdated: 0, articleCount: articles.length,
    outletCount: new Set(articles.map((a) => a.outlet)).size, leanCounts, countryCounts: {}, isPublic: true, status: 'active', version: 1,
  };
}

/**
 * Median and p95 wall time of `work`, and its median CPU time (user + system): on a shared machine
 * the wall time includes waiting for a core, the CPU time does not. `before` runs untimed.
 */
async function timeRuns(runs: number, work: () => Promise<unknown> | unknown, before?: () => Promise<unknown> | unknown): Promise<{ median: number; p95: number; cpu: number }> {
  await before?.();
  await work();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    await before?.();
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuStarted);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  const at = (list: number[], q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))] ?? 0;
  return { median: at(times, 0.5), p95: at(times, 0.95), cpu: at(cpuTimes, 0.5) };
}

export async function run(): Promise<Record<string, number | string>> {
  const basil = toArticles(readRecords('basil-triplets.jsonl'));
  const uci = toArticles(readRecords('uci-news-2014-03.jsonl'));
  const thread500 = [...basil, ...uci.slice(0, 500 - basil.length)];
  const thread5000 = Array.from({ length: 10 }, (_, copy) => toArticles(readRecords('basil-triplets.jsonl'), `-${copy}`))
    .flat()
    .concat(uci.slice(0, 2_000));

  const summarizer = createExtractiveSummarizer();
  /** What jobs/summarize-thread.ts does per thread: the page, then the index it stores with it. */
  const job = async (articles: Article[]) => {
    await summarizer.summarize({ thread: threadOf(articles), articles });
    return buildSentenceIndex(articles);
  };
  // Articles as the job reads them: new objects each time, so no cache can key on object identity.
  const fresh = (articles: readonly Article[]) => articles.map((article) => ({ ...article }));
  const cold500 = await timeRuns(15, () => job(fresh(thread500)), clearSummaryCaches);
  const newArticles = new Set(basil.filter((_, index) => index % 60 === 0));
  const before = thread500.filter((article) => !newArticles.has(article));
  const warm500 = await timeRuns(15, () => job(fresh(thread500)), async () => {
    clearSummaryCaches();
    await job(fresh(before));
  });
  const cold5000 = await timeRuns(5, () => job(fresh(thread5000)), clearSummaryCaches);
  const index = buildSentenceIndex(thread500);
  const indexing = await timeRuns(30, () => buildSentenceIndex(fresh(thread500)));
  const questions = ['What did Glenn Beck say at CPAC?', 'Why did the Federal Reserve talk about tapering?', 'What is the recipe for banana bread?'];
  // Each reader's question reads the stored index afresh, as the digest store does.
  const answering = await timeRuns(30, () => questions.map((question) => answerQuestion(question, [...index])));

  return {
    articlesInThread: thread500.length,
    coldMsPer500ArticleThread: round(cold500.median),
    coldP95MsPer500ArticleThread: round(cold500.p95),
    coldCpuMsPer500ArticleThread: round(cold500.cpu),
    warmMsPer500ArticleThread: round(warm500.median),
    warmP95MsPer500ArticleThread: round(warm500.p95),
    warmCpuMsPer500ArticleThread: round(warm500.cpu),
    coldMsPer5000ArticleThread: round(cold5000.median),
    warmSentenceIndexMsPer500ArticleThread: round(indexing.median),
    indexedSentencesPer500ArticleThread: index.length,
    qaAnswerMs: round(answering.median / questions.length),
    // Other work on the machine inflates the wall times; the CPU times are the page's own cost.
    loadAverage1m: round(loadavg()[0] ?? 0),
  };
}

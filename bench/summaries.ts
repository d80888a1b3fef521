import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createOutletDirectory } from '../src/config/outlets.js';
import type { Article } from '../src/core/article.js';
import { parseStreamLine, type StreamRecord } from '../src/core/articles/stream-record.js';
import { LEANS, type Lean } from '../src/core/lean.js';
import { EMPTY_FACETS, type ThreadRecord } from '../src/core/thread.js';
import { createExtractiveSummarizer } from '../src/core/summaries/extractive.js';
import { answerQuestion, buildSentenceIndex } from '../src/core/summaries/retrieval.js';
import { round } from './figures.js';

/**
 * Offline summary cost per thread. A 500-article thread is built from the 300 BASIL full-text
 * articles plus 200 UCI headlines, so it has both long texts and many headline-only items, with
 * leans from outlets.csv. The 5,000-article figure shows the per-side article cap at work.
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

async function timeRuns(runs: number, work: () => Promise<unknown> | unknown): Promise<{ median: number; p95: number }> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95) };
}


export async function run(): Promise<Record<string, number | string>> {
  const basil = toArticles(readRecords('basil-triplets.jsonl'));
  const uci = toArticles(readRecords('uci-news-2014-03.jsonl'));
  const thread500 = [...basil, ...uci.slice(0, 500 - basil.length)];
  const thread5000 = Array.from({ length: 10 }, (_, copy) => toArticles(readRecords('basil-triplets.jsonl'), `-${copy}`))
    .flat()
    .concat(uci.slice(0, 2_000));

  const summarizer = createExtractiveSummarizer();
  const input500 = { thread: threadOf(thread500), articles: thread500 };
  const input5000 = { thread: threadOf(thread5000), articles: thread5000 };
  const summary500 = await timeRuns(30, () => summarizer.summarize(input500));
  const summary5000 = await timeRuns(10, () => summarizer.summarize(input5000));
  const index = buildSentenceIndex(thread500);
  const indexing = await timeRuns(30, () => buildSentenceIndex(thread500));
  const questions = ['What did Glenn Beck say at CPAC?', 'Why did the Federal Reserve talk about tapering?', 'What is the recipe for banana bread?'];
  const answering = await timeRuns(30, () => questions.map((question) => answerQuestion(question, index)));

  return {
    articlesInThread: thread500.length,
    msPer500ArticleThread: round(summary500.median),
    p95MsPer500ArticleThread: round(summary500.p95),
    msPer5000ArticleThread: round(summary5000.median),
    sentenceIndexMsPer500ArticleThread: round(indexing.median),
    indexedSentencesPer500ArticleThread: index.length,
    qaAnswerMs: round(answering.median / questions.length),
  };
}

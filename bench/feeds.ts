import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ArticleSource } from '../src/core/articles/normalise.js';
import { scoreCorpus } from '../src/feeds/corpus-score.js';
import type { FeedReaders } from '../src/feeds/parse-feed.js';
import { articlesFromBody } from '../src/feeds/read-feed.js';
import { median, percentile, round } from './figures.js';

/**
 * `npm run bench -- feeds`: the feed reader over feedparser's test corpus (test/fixtures/feedparser,
 * see test/unit/feed-corpus.test.ts) and its speed.
 *
 * - Corpus figures for the reader as polling uses it (rss-parser, then the forgiving reader), and for
 *   each reader alone, which is the measure behind keeping both. The reader was tuned on this corpus:
 *   every corpus figure is in-sample.
 * - Speed: bytes → articles (charset, parsing, sanitising, normalising) for the repository's real-world
 *   fixture feeds and for the corpus's largest case (a 157 KB Atom feed), median and p95 of repeated
 *   reads, and the whole corpus read once.
 */

const CORPUS = fileURLToPath(new URL('../test/fixtures/feedparser/', import.meta.url));
const SAMPLES = [
  ['rss 2.0 (BBC)', '../test/fixtures/feeds/bbc-world.rss.xml'],
  ['rss 2.0 (Guardian)', '../test/fixtures/feeds/guardian-world.rss.xml'],
  ['atom (Reuters)', '../test/fixtures/feeds/reuters-world.atom.xml'],
  ['rdf (Slashdot)', '../test/fixtures/feeds/slashdot.rdf'],
  ['atom 157 KB', '../test/fixtures/feedparser/wellformed/sanitize/large_atom_feed_that_needs_css_sanitisation.xml'],
] as const;
const REPEATS = 60;
const SOURCE: ArticleSource = { id: 'bench', domain: 'example.com', name: 'Bench', lean: 'center', country: 'US' };

const percent = (share: number) => `${round(share * 100)} %`;

async function timeRead(body: Buffer): Promise<{ medianMs: number; p95Ms: number; articles: number }> {
  const times: number[] = [];
  let articles = 0;
  for (let index = 0; index < REPEATS; index += 1) {
    const started = performance.now();
    const read = await articlesFromBody(body, undefined, { finalUrl: 'https://example.com/feed', source: SOURCE, fetchedAt: Date.UTC(2030, 0, 1), backlog: false });
    times.push(performance.now() - started);
    articles = read.articles.length;
  }
  return { medianMs: round(median(times)), p95Ms: round(percentile(times, 95)), articles };
}

export async function run(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {};
  const started = performance.now();
  const both = await scoreCorpus(CORPUS);
  const corpusSeconds = (performance.now() - started) / 1000;
  figures['corpus cases'] = both.cases;
  figures['cases with an entry with visible text (feedparser)'] = both.eligible;
  figures['articles found, in-sample'] = `${percent(both.foundShare)} (${both.found}/${both.eligible})`;
  figures['first title agrees, in-sample'] = `${percent(both.titleShare)} (${both.titlesAgree}/${both.titled})`;
  figures['unsafe fields in sanitizer cases, in-sample'] = `${both.unsafeFields} (of ${both.sanitizerCases} cases)`;
  for (const readers of ['rss-parser', 'forgiving'] as FeedReaders[]) {
    const alone = await scoreCorpus(CORPUS, readers);
    figures[`${readers} alone: found / titles agree, in-sample`] = `${percent(alone.foundShare)} (${alone.found}) / ${percent(alone.titleShare)} (${alone.titlesAgree})`;
  }
  figures['whole corpus read once (s)'] = round(corpusSeconds);
  figures['corpus cases per second'] = Math.round(both.cases / corpusSeconds);
  for (const [name, path] of SAMPLES) {
    const body = readFileSync(new URL(path, import.meta.url));
    const timing = await timeRead(body);
    figures[`${name}: ${Math.round(body.length / 1024)} KB, ${timing.articles} articles, median / p95 ms`] = `${timing.medianMs} / ${timing.p95Ms}`;
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    (figures) => {
      for (const [key, value] of Object.entries(figures)) console.log(`${key}: ${value}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

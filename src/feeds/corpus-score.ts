import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { ArticleSource } from '../core/articles/normalise.js';
import { MAX_TITLE_CHARS } from '../core/articles/normalise.js';
import { htmlToText, stripWirePrefix, truncateText } from '../core/articles/text.js';
import type { FeedReaders } from './parse-feed.js';
import { articlesFromBody, type ReadBody } from './read-feed.js';

/**
 * Scores the feed reader against feedparser's test corpus (test/fixtures/feedparser, with
 * feedparser's own reading of every case in reference.jsonl). Used by the corpus test and by
 * `npm run bench -- feeds`.
 *
 * - found: of the cases where feedparser finds ≥ 1 entry with visible text (title or summary non-empty
 *   as text), the share where we store ≥ 1 article.
 * - title agreement: of those whose first feedparser title is non-empty, the share where our first
 *   article's title equals it after the normalisation every title gets (HTML to text, wire labels,
 *   length cap). feedparser's reference run had no charset detector, so for the cases whose own
 *   expectation names an encoding feedparser did not use (`encoding == 'EUC-JP'` read as
 *   windows-1252), its title re-read in the expected encoding also counts as agreeing.
 * - unsafe fields: in the sanitizer cases, fields (feed title, article titles, summaries and URLs)
 *   that still carry script or event-handler markup.
 */

export interface ReferenceCase {
  case: string;
  headers: Record<string, string>;
  expect: string;
  encoding: string;
  entries: number;
  title: string;
  summary: string;
}

export interface CaseOutcome {
  case: string;
  read?: ReadBody;
  error?: string;
}

export interface CorpusScore {
  cases: number;
  eligible: number;
  found: number;
  foundShare: number;
  titled: number;
  titlesAgree: number;
  titleShare: number;
  sanitizerCases: number;
  unsafeFields: number;
  missed: string[];
  disagreed: { case: string; ours: string; reference: string }[];
  unsafe: { case: string; field: string }[];
}

const SOURCE: ArticleSource = { id: 'corpus', domain: 'example.com', name: 'Corpus', lean: 'center', country: 'US' };
// A fixed fetch time after every date in the corpus, so no item is dated in the future.
const FETCHED_AT = Date.UTC(2030, 0, 1);

export const UNSAFE_MARKUP = /<\s*\/?\s*script\b|\son[a-z]+\s*=|javascript\s*:/i;

export async function loadReference(corpusDir: string): Promise<ReferenceCase[]> {
  const text = await readFile(join(corpusDir, 'reference.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ReferenceCase);
}

function contentTypeOf(headers: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === 'content-type') return value;
  return undefined;
}

export async function readCase(corpusDir: string, reference: ReferenceCase, readers: FeedReaders = 'both'): Promise<CaseOutcome> {
  const body = await readFile(join(corpusDir, reference.case));
  try {
    const read = await articlesFromBody(body, contentTypeOf(reference.headers), {
      finalUrl: `http://example.com/${reference.case}`,
      source: SOURCE,
      fetchedAt: FETCHED_AT,
      backlog: false,
      readers,
    });
    return { case: reference.case, read };
  } catch (error) {
    return { case: reference.case, error: error instanceof Error ? error.message : String(error) };
  }
}

function comparable(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** feedparser's title (HTML) as we would store it. */
function normalisedTitle(title: string): string {
  return comparable(truncateText(stripWirePrefix(htmlToText(title)), MAX_TITLE_CHARS));
}

const WINDOWS_SUPERSET: Record<string, string> = { 'iso-8859-1': 'windows-1252', 'iso-8859-2': 'windows-1250' };

function referenceTitles(reference: ReferenceCase): string[] {
  const titles = [normalisedTitle(reference.title)];
  const expected = /encoding == '([^']+)'/i.exec(reference.expect)?.[1];
  if (expected && expected.toLowerCase() !== reference.encoding.toLowerCase() && iconv.encodingExists(expected)) {
    // Python decodes ISO-8859-x labels with the matching Windows code page's extra characters.
    const used = [reference.encoding, WINDOWS_SUPERSET[reference.encoding.toLowerCase()]].filter((name): name is string => name !== undefined && iconv.encodingExists(name));
    for (const encoding of used) titles.push(normalisedTitle(iconv.decode(iconv.encode(reference.title, encoding), expected)));
  }
  return titles;
}

export function hasVisibleText(reference: ReferenceCase): boolean {
  return reference.entries >= 1 && (htmlToText(reference.title) !== '' || htmlToText(reference.summary) !== '');
}

function unsafeFields(outcome: CaseOutcome): string[] {
  const read = outcome.read;
  if (!read) return [];
  const fields: [string, string][] = [['feed title', read.title]];
  read.articles.forEach((article, index) => {
    fields.push([`article ${index} title`, article.title], [`article ${index} summary`, article.summary], [`article ${index} url`, article.url]);
  });
  return fields.filter(([, value]) => UNSAFE_MARKUP.test(value)).map(([field]) => field);
}

export async function scoreCorpus(corpusDir: string, readers: FeedReaders = 'both'): Promise<CorpusScore & { outcomes: CaseOutcome[] }> {
  const references = await loadReference(corpusDir);
  const outcomes: CaseOutcome[] = [];
  for (const reference of references) outcomes.push(await readCase(corpusDir, reference, readers));
  let eligible = 0;
  let found = 0;
  let titled = 0;
  let titlesAgree = 0;
  let sanitizerCases = 0;
  const missed: string[] = [];
  const disagreed: CorpusScore['disagreed'] = [];
  const unsafe: CorpusScore['unsafe'] = [];
  references.forEach((reference, index) => {
    const outcome = outcomes[index] ?? { case: reference.case };
    if (reference.case.startsWith('wellformed/sanitize/')) {
      sanitizerCases += 1;
      for (const field of unsafeFields(outcome)) unsafe.push({ case: reference.case, field });
    }
    if (!hasVisibleText(reference)) return;
    eligible += 1;
    const first = outcome.read?.articles[0];
    if (first) found += 1;
    else missed.push(`${reference.case}${outcome.error ? ` (${outcome.error})` : ''}`);
    const wanted = referenceTitles(reference);
    if (wanted[0] === '') return;
    titled += 1;
    const ours = first ? comparable(first.title) : '';
    if (wanted.includes(ours)) titlesAgree += 1;
    else disagreed.push({ case: reference.case, ours, reference: wanted.join(' | ') });
  });
  return {
    cases: references.length,
    eligible,
    found,
    foundShare: eligible === 0 ? 0 : found / eligible,
    titled,
    titlesAgree,
    titleShare: titled === 0 ? 0 : titlesAgree / titled,
    sanitizerCases,
    unsafeFields: unsafe.length,
    missed,
    disagreed,
    unsafe,
    outcomes,
  };
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createOutletDirectory } from '../config/outlets.js';
import type { Article } from '../core/article.js';
import { articleFromStreamRecord } from '../core/articles/normalise.js';
import { parseStreamLine, type StreamRecord } from '../core/articles/stream-record.js';
import {
  buildStoryPages,
  clutterLeaks,
  framingPrecision,
  pageLines,
  qaAccuracy,
  questionSupply,
  type QaCheck,
} from '../core/summaries/evaluate-pages.js';
import { readStreamFile } from '../feeds/stream-file.js';

const USAGE = 'usage: npm run -s cli -- eval-pages FILE.jsonl [--qa CHECKS.jsonl] [--clutter DIR] [--show STORY] [--misses] [--questions]';

interface Args {
  file: string;
  qa?: string;
  clutter?: string;
  show?: string;
  misses: boolean;
  /** Print every page's suggested questions (for reading them, as a reader would). */
  questions: boolean;
}

function parseArgs(args: string[]): Args | string {
  const result: Partial<Args> & { misses: boolean; questions: boolean } = { misses: false, questions: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--qa' || arg === '--clutter' || arg === '--show') {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      result[arg.slice(2) as 'qa' | 'clutter' | 'show'] = value;
    } else if (arg === '--misses') result.misses = true;
    else if (arg === '--questions') result.questions = true;
    else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else if (result.file === undefined) result.file = arg;
    else return `unexpected argument ${arg}`;
  }
  return result.file === undefined ? 'missing FILE.jsonl' : (result as Args);
}

const checkSchema = z.object({ story: z.string().min(1), question: z.string().min(1), type: z.string().min(1), answer: z.string().min(1) });

function readChecks(path: string): QaCheck[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = checkSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${index + 1}: not a check (story, question, type, answer)`);
      return parsed.data;
    });
}

/** Scraped-page fixtures: JSON-lines articles, each listing the clutter lines its text contains. */
function readClutterFixtures(dir: string): { name: string; articles: Article[]; clutter: string[] }[] {
  const outlets = createOutletDirectory();
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => {
      const lines = readFileSync(join(dir, name), 'utf8').split('\n').filter((line) => line.trim() !== '');
      const clutter: string[] = [];
      const articles = lines.flatMap((line) => {
        const raw = JSON.parse(line) as { clutter?: unknown };
        if (Array.isArray(raw.clutter)) clutter.push(...raw.clutter.filter((item): item is string => typeof item === 'string'));
        const parsed = parseStreamLine(line);
        return parsed.ok ? [articleFromStreamRecord(parsed.record, outlets.lookup(parsed.record.source))] : [];
      });
      return { name, articles, clutter };
    });
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

/**
 * Measures the offline thread page on a gold-labelled stream: one page per gold story, built by the
 * production code (cleaning, overview, framing, suggested questions, Q&A) with no Redis.
 */
export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`${args}\n${USAGE}`);
    return 2;
  }
  let records: StreamRecord[];
  try {
    records = (await readStreamFile(args.file)).records;
  } catch (error) {
    console.error(`cannot read ${args.file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const outlets = createOutletDirectory();
  const storyById = new Map<string, string>();
  const articles = records.map((record) => {
    const article = articleFromStreamRecord(record, outlets.lookup(record.source));
    storyById.set(article.id, record.story ?? article.id);
    return article;
  });
  const pages = buildStoryPages(articles, (article) => storyById.get(article.id) ?? article.id);

  if (args.show !== undefined) {
    const page = pages.find((candidate) => candidate.story === args.show);
    if (page === undefined) {
      console.error(`no story ${args.show} in ${args.file}`);
      return 1;
    }
    console.log(JSON.stringify(page.page, null, 2));
    return 0;
  }

  if (args.questions) {
    for (const { story, page } of pages) {
      console.log(`${story}`);
      for (const item of page.qa) console.log(`  ${item.question}  →  ${item.highlight ?? item.answer.slice(0, 80)}`);
    }
    return 0;
  }

  const result: Record<string, unknown> = { file: args.file, stories: pages.length };
  const supply = questionSupply(pages);
  result.questionSupply = { storiesWith5: supply.supplied, rate: round(supply.rate), meanQuestions: round(supply.meanQuestions) };
  console.error(`question supply: ${supply.supplied}/${supply.stories} stories (${percent(supply.rate)}) show ≥ 5 suggested questions answered from their articles; mean ${supply.meanQuestions.toFixed(1)}`);
  const framing = framingPrecision(pages);
  result.framing = { terms: framing.terms, confirmed: framing.confirmed, rate: round(framing.rate), sidesFramed: framing.sidesFramed };
  console.error(`framing: ${framing.confirmed}/${framing.terms} distinctive terms (${percent(framing.rate)}) occur more in their side's text than in every other side's`);

  if (args.qa !== undefined) {
    const accuracy = qaAccuracy(pages, readChecks(args.qa));
    result.qa = { questions: accuracy.questions, hits: accuracy.hits, rate: round(accuracy.rate) };
    console.error(`question answering: ${accuracy.hits}/${accuracy.questions} (${percent(accuracy.rate)}) answered with a sentence containing the right span`);
    if (args.misses) for (const miss of accuracy.misses) console.error(`  miss: ${miss.question} — expected "${miss.expected}" — ${miss.got}`);
  }
  if (args.clutter !== undefined) {
    let leaks = 0;
    let known = 0;
    let repeated = 0;
    for (const fixture of readClutterFixtures(args.clutter)) {
      const page = buildStoryPages(fixture.articles, () => fixture.name)[0];
      if (page === undefined) continue;
      known += fixture.clutter.length;
      const leaked = clutterLeaks(page.page, fixture.clutter);
      leaks += leaked.length;
      const lines = pageLines(page.page);
      repeated += lines.length - new Set(lines).size;
      for (const line of leaked) console.error(`  clutter leaked (${fixture.name}): ${line}`);
    }
    result.clutter = { knownLines: known, leaked: leaks, repeatedLines: repeated };
    console.error(`clutter: ${leaks} of ${known} known clutter lines reach the output; ${repeated} output lines repeated`);
  }
  console.log(JSON.stringify(result));
  return 0;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

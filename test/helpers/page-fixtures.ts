import { readFileSync } from 'node:fs';
import { createOutletDirectory } from '../../src/config/outlets.js';
import type { Article } from '../../src/core/article.js';
import { articleFromStreamRecord } from '../../src/core/articles/normalise.js';
import { parseStreamLine } from '../../src/core/articles/stream-record.js';

/** Articles of a JSON-lines stream file in the repo (path relative to the repo root), as ingest would store them. */
export function articlesOf(path: string, keep: (record: { title: string; story?: string | undefined }) => boolean = () => true): Article[] {
  const outlets = createOutletDirectory();
  return readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      const parsed = parseStreamLine(line);
      if (!parsed.ok || !keep(parsed.record)) return [];
      return [articleFromStreamRecord(parsed.record, outlets.lookup(parsed.record.source))];
    });
}

/** Every text an article offers (headline, summary, body), to check that answers were printed by it. */
export function printedText(articles: readonly Article[]): string {
  return articles.map((article) => `${article.title}\n${article.summary}\n${article.text ?? ''}`).join('\n');
}

import { normaliseDomain, type StreamRecord } from '../../src/core/articles/stream-record.js';
import { byStreamOrder, type IndexableArticle } from '../../src/core/threading/indexer.js';
import { readStreamFile } from '../../src/feeds/stream-file.js';

/** The shipped UCI stream's first `count` articles as threading input, in stream order. */
export async function uciArticles(count: number): Promise<IndexableArticle[]> {
  const { records } = await readStreamFile('data/streams/uci-news-2014-03.jsonl');
  return records.map(toIndexable).sort(byStreamOrder).slice(0, count);
}

export function toIndexable(record: StreamRecord): IndexableArticle {
  return { id: record.id, outlet: normaliseDomain(record.source), title: record.title, summary: record.summary ?? '', published: Date.parse(record.published), lean: 'unrated', country: '' };
}

import type { ArticleFacts } from '../../src/core/threading/store-writes.js';
import { EMPTY_FACETS } from '../../src/core/thread.js';
import type { ThreadStore } from '../../src/core/threading/thread-store.js';

export interface SeedThread {
  id: string;
  title: string;
  slugBase: string;
  articles: ArticleFacts[];
}

/**
 * Writes threads through the real thread store's write path, as the threading engine would, so
 * ranking tests read exactly what production reads. Writes are pipelined: each applied write bumps
 * the store's sequence by one, and one connection keeps them in order.
 */
export async function seedThreads(store: ThreadStore, threads: readonly SeedThread[]): Promise<void> {
  let seq = await store.getSeq();
  const writes = threads
    .flatMap((thread) => thread.articles.map((article) => ({ thread, article })))
    .sort((a, b) => a.article.published - b.article.published);
  for (let start = 0; start < writes.length; start += 2_000) {
    const results = await Promise.all(
      writes.slice(start, start + 2_000).map(({ thread, article }) =>
        store.applyAssignment({ article, threadId: thread.id, facets: { ...EMPTY_FACETS, title: thread.title }, slugBase: thread.slugBase, expectedSeq: seq++, logEntry: '{}' }),
      ),
    );
    const rejected = results.find((result) => result.status !== 'applied');
    if (rejected) throw new Error(`seeding a thread failed: ${JSON.stringify(rejected)}`);
  }
}

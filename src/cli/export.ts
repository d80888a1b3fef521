import type { ThreadRecord } from '../core/thread.js';
import type { ThreadStore } from '../core/threading/thread-store.js';
import { boot } from '../runtime/boot.js';
import { createApp } from '../runtime/compose.js';

const USAGE = 'usage: export threads   (one JSON line per thread: slug, topic, aliases, article ids, first and last seen, public/archived)';
/** Every article of a thread (the store keeps them all while the thread lives). */
const ALL_ARTICLES = 1_000_000;

/**
 * `export threads`: every live and archived thread, one JSON line each, in a stable order (first
 * seen, then id) with article ids in publish order, so two runs over the same stream can be
 * compared with `diff`. Merged threads are left out: their articles and slugs are in the survivor.
 */
export async function main(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0] !== 'threads') {
    console.error(USAGE);
    return 2;
  }
  const booted = await boot(process.env, { logLevel: process.env['LOG_LEVEL'] ?? 'warn' });
  if (!booted.ok) return booted.exitCode;
  const { config, logger, redis } = booted;
  const app = await createApp({ config, logger, redisTarget: redis.target, roles: new Set() });
  try {
    for (const line of await exportThreads(app.stores.threads)) process.stdout.write(`${line}\n`);
    return 0;
  } finally {
    await app.stop();
    await redis.stop();
  }
}

/** What `export threads` reads: live and archived threads with their article ids. */
export type ExportSource = Pick<ThreadStore, 'listActiveThreadIds' | 'listArchivedThreadIds' | 'getThreads' | 'getArticleIds'>;

/** The lines of `export threads` (JSON, without newlines), in its stable order. */
export async function exportThreads(threads: ExportSource): Promise<string[]> {
  const ids = [...new Set([...(await threads.listActiveThreadIds()), ...(await threads.listArchivedThreadIds())])];
  const records = (await threads.getThreads(ids)).filter((record): record is ThreadRecord => record !== null && record.status !== 'merged');
  records.sort((a, b) => a.firstSeen - b.firstSeen || (a.id < b.id ? -1 : 1));
  const lines: string[] = [];
  for (const thread of records) {
    const articleIds = await threads.getArticleIds(thread.id, { limit: ALL_ARTICLES, order: 'oldest' });
    lines.push(
      JSON.stringify({
        id: thread.id,
        slug: thread.slug,
        topic: thread.topic,
        title: thread.title,
        aliases: thread.aliases,
        articleIds,
        firstSeen: new Date(thread.firstSeen).toISOString(),
        lastSeen: new Date(thread.lastUpdated).toISOString(),
        public: thread.isPublic,
        archived: thread.status === 'archived',
      }),
    );
  }
  return lines;
}

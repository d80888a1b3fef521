import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-client.js';
import { LEANS, type Lean } from '../core/lean.js';
import { EMPTY_FACETS, type CatalogEntry, type HourlyCounts, type ThreadFacets, type ThreadRecord } from '../core/thread.js';
import type { HeldArticle } from '../core/threading/reorder.js';
import type { ArticleIdsOptions, SlugResolution, ThreadStore } from '../core/threading/thread-store.js';
import { searchCatalog, suggestSlugs } from '../core/threading/slug-match.js';
import {
  PUBLIC_MIN_ARTICLES,
  PUBLIC_MIN_OUTLETS,
  normaliseSlugInput,
  type AssignmentWrite,
  type IndexSnapshot,
  type LogEntry,
  type MergeWrite,
  type MoveWrite,
  type WriteChain,
  type WriteResult,
} from '../core/threading/store-writes.js';
import { DAY_MS, hourStart } from '../core/time.js';
import type { Keys } from './keys.js';
import { ADVANCE_WATERMARK, APPLY_ASSIGNMENT, APPLY_MERGE, APPLY_MOVE, ARCHIVE_THREADS, SAVE_SNAPSHOT } from './thread-store-lua.js';

/** Titles in the autocomplete catalogue are at most this stale; a keystroke must not cost a Redis scan. */
const CATALOG_MAX_AGE_MS = 2_000;
/** Merge chains are short (a thread is merged once); the bound only guards against a corrupt cycle. */
const MAX_MERGE_HOPS = 16;

/** Facets as written by the engine; threads written before facets existed read as empty ones. */
function parseFacets(json: string | undefined, title: string): ThreadFacets {
  const facets = json ? (JSON.parse(json) as Partial<ThreadFacets>) : {};
  return { ...EMPTY_FACETS, ...facets, title };
}

export function parseThreadHash(hash: Record<string, string>, countries: Record<string, string>): ThreadRecord | null {
  if (!hash['id']) return null;
  const leanCounts = Object.fromEntries(LEANS.map((lean) => [lean, Number(hash[`lean:${lean}`] ?? 0)])) as Record<Lean, number>;
  const record: ThreadRecord = {
    id: hash['id'],
    slug: hash['slug'] ? hash['slug'] : null,
    aliases: JSON.parse(hash['aliases'] ?? '[]') as string[],
    ...parseFacets(hash['facets'], hash['title'] ?? ''),
    firstSeen: Number(hash['firstSeen']),
    lastUpdated: Number(hash['lastUpdated']),
    articleCount: Number(hash['articleCount'] ?? 0),
    outletCount: Number(hash['outletCount'] ?? 0),
    leanCounts,
    countryCounts: Object.fromEntries(Object.entries(countries).map(([country, count]) => [country, Number(count)])),
    isPublic: hash['isPublic'] === '1',
    status: (hash['status'] ?? 'active') as ThreadRecord['status'],
    version: Number(hash['version'] ?? 0),
  };
  if (hash['mergedInto']) record.mergedInto = hash['mergedInto'];
  return record;
}

export interface ThreadStoreOptions {
  /**
   * Days an article's `article:{id}:thread` entry lives: the article store's retention
   * (ARTICLE_RETENTION_DAYS), past which the article itself is gone. Unset: no expiry.
   */
  articleRetentionDays?: number;
}

export function articleRetentionMs(options: ThreadStoreOptions): number {
  return options.articleRetentionDays === undefined ? 0 : Math.max(1, Math.round(options.articleRetentionDays * DAY_MS));
}

/** Redis-backed thread state: the only writer is the threading engine, every other role reads. */
export function createRedisThreadStore(redis: RedisClient, keys: Keys, options: ThreadStoreOptions = {}): ThreadStore {
  const retentionMs = articleRetentionMs(options);
  const state = {
    seq: keys.threadingState('seq'),
    log: keys.threadingState('log'),
    publicThreads: keys.threadingState('public'),
    catalog: keys.threadingState('catalog'),
    archivedCatalog: keys.threadingState('catalog:archived'),
    catalogVersion: keys.threadingState('catalog-version'),
    snapshot: keys.threadingState('snapshot'),
    held: keys.threadingState('held'),
    watermark: keys.threadingState('watermark'),
    lastWriter: keys.threadingState('last-writer'),
  };
  /** Every write script also maintains the change log, the thread indexes and the slug catalog, in this order. */
  const sharedWriteKeys = [
    state.seq,
    state.log,
    keys.activeThreads(),
    state.publicThreads,
    keys.archivedThreads(),
    keys.slugIndex(),
    state.catalog,
    state.catalogVersion,
    state.archivedCatalog,
  ];
  const slugKeyPrefix = keys.slug('');
  const [articleThreadPrefix = '', articleThreadSuffix = ''] = keys.articleThread('\u0000').split('\u0000');

  const scriptShas = new Map<string, string>();
  async function runScript(script: string, keyNames: string[], args: (string | number)[]): Promise<unknown> {
    let sha = scriptShas.get(script);
    if (!sha) {
      sha = createHash('sha1').update(script).digest('hex');
      scriptShas.set(script, sha);
    }
    try {
      return await redis.evalsha(sha, keyNames.length, ...keyNames, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
      return redis.eval(script, keyNames.length, ...keyNames, ...args);
    }
  }

  /** The last two ARGV of every write script (see thread-store-lua.ts). */
  function chainArgs(chain: WriteChain | undefined): string[] {
    return [chain?.token ?? '', chain?.follows ? '1' : '0'];
  }

  function parseWriteResult(reply: unknown): WriteResult {
    const [status, a = '', b = '', c = '', d = ''] = reply as string[];
    if (status === 'duplicate') return { status, threadId: a };
    if (status === 'stale') return { status, seq: Number(a) };
    return { status: 'applied', seq: Number(a), version: Number(b), slug: c === '' ? null : c, becamePublic: d === '1' };
  }

  function parseCatalog(raw: Record<string, string>, status: CatalogEntry['status']): CatalogEntry[] {
    return Object.entries(raw).map(([threadId, value]) => {
      const { slug, aliases, lastUpdated, facets } = JSON.parse(value) as { slug: string; aliases: string[]; lastUpdated: number; facets: ThreadFacets };
      return { ...EMPTY_FACETS, ...facets, threadId, slug, aliases, status, lastUpdated };
    });
  }

  async function readCatalog(): Promise<CatalogEntry[]> {
    const [live, archived] = await Promise.all([redis.hgetall(state.catalog), redis.hgetall(state.archivedCatalog)]);
    // Most recently updated first (ties: the memory store's order), so equally good matches favour live stories.
    return [...parseCatalog(live, 'active'), ...parseCatalog(archived, 'archived')].sort((a, b) => b.lastUpdated - a.lastUpdated || (a.threadId < b.threadId ? 1 : -1));
  }

  /**
   * The autocomplete catalogue and the slug list, cached per process. `catalog-version` changes
   * whenever a thread enters or leaves the catalogue or a slug is issued, and is checked on every
   * call (one GET), so new threads are findable at once; facet changes are picked up within
   * CATALOG_MAX_AGE_MS.
   */
  let catalogCache: { version: string; loadedAt: number; entries: CatalogEntry[]; slugs: string[] } | null = null;
  async function catalog(): Promise<{ entries: CatalogEntry[]; slugs: string[] }> {
    const version = (await redis.get(state.catalogVersion)) ?? '0';
    const now = Date.now();
    if (catalogCache && catalogCache.version === version && now - catalogCache.loadedAt < CATALOG_MAX_AGE_MS) return catalogCache;
    const [entries, slugs] = await Promise.all([readCatalog(), redis.zrange(keys.slugIndex(), '0', '-1')]);
    catalogCache = { version, loadedAt: now, entries, slugs };
    return catalogCache;
  }

  async function followMerges(threadId: string): Promise<string> {
    let current = threadId;
    for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
      const mergedInto = await redis.hget(keys.thread(current), 'mergedInto');
      if (!mergedInto) return current;
      current = mergedInto;
    }
    return current;
  }

  async function getThreads(ids: readonly string[]): Promise<(ThreadRecord | null)[]> {
    if (ids.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetall(keys.thread(id)).hgetall(keys.threadCountries(id));
    const replies = (await pipeline.exec()) ?? [];
    return ids.map((_, index) => {
      const [hashError, hash] = replies[index * 2] ?? [];
      const [countriesError, countries] = replies[index * 2 + 1] ?? [];
      if (hashError) throw hashError;
      if (countriesError) throw countriesError;
      return parseThreadHash((hash ?? {}) as Record<string, string>, (countries ?? {}) as Record<string, string>);
    });
  }

  return {
    async getThread(id: string): Promise<ThreadRecord | null> {
      const [record] = await getThreads([id]);
      return record ?? null;
    },

    getThreads,

    async resolveSlug(text: string): Promise<SlugResolution> {
      const normalised = normaliseSlugInput(text);
      if (normalised !== '') {
        const threadId = await redis.get(keys.slug(normalised));
        if (threadId) return { threadId: await followMerges(threadId) };
      }
      return { threadId: null, suggestions: suggestSlugs(normalised, (await catalog()).slugs) };
    },

    async listActiveThreadIds(options: { publicOnly?: boolean } = {}): Promise<string[]> {
      return redis.zrevrange(options.publicOnly ? state.publicThreads : keys.activeThreads(), 0, -1);
    },

    async listArchivedThreadIds(): Promise<string[]> {
      return redis.zrevrange(keys.archivedThreads(), 0, -1);
    },

    async getHourlyCounts(id: string): Promise<HourlyCounts> {
      const raw = await redis.hgetall(keys.threadHours(id));
      const counts: HourlyCounts = new Map();
      for (const hour of Object.keys(raw).map(Number).sort((a, b) => a - b)) counts.set(hour, Number(raw[String(hour)]));
      return counts;
    },

    async getArticleIds(id: string, options: ArticleIdsOptions): Promise<string[]> {
      if (options.limit <= 0) return [];
      // Strays are few (weak joiners): reading that many more ids and dropping them is one round trip.
      const strays = options.coreOnly ? new Set(await redis.zrange(keys.threadStrays(id), '0', '-1')) : new Set<string>();
      const stop = options.limit + strays.size - 1;
      const ids = options.order === 'newest' ? await redis.zrevrange(keys.threadArticles(id), 0, stop) : await redis.zrange(keys.threadArticles(id), '0', String(stop));
      return ids.filter((articleId) => !strays.has(articleId)).slice(0, options.limit);
    },

    async getStrayIds(id: string): Promise<string[]> {
      return redis.zrange(keys.threadStrays(id), '0', '-1');
    },

    async searchThreads(query: string, limit: number): Promise<CatalogEntry[]> {
      return searchCatalog(
        query,
        (await catalog()).entries.filter((entry) => entry.status === 'active'),
        limit,
      );
    },

    async catalogVersion(): Promise<string> {
      return (await redis.get(state.catalogVersion)) ?? '0';
    },

    listCatalog: readCatalog,

    async getArticleThreadIds(articleIds: readonly string[]): Promise<(string | null)[]> {
      if (articleIds.length === 0) return [];
      return redis.mget(...articleIds.map((id) => keys.articleThread(id)));
    },

    // ---- writes: the threading engine's side ----

    async getSeq(): Promise<number> {
      return Number((await redis.get(state.seq)) ?? 0);
    },

    async applyAssignment(write: AssignmentWrite): Promise<WriteResult> {
      const { article, threadId } = write;
      const reply = await runScript(
        APPLY_ASSIGNMENT,
        [
          keys.articleThread(article.id),
          keys.thread(threadId),
          keys.threadArticles(threadId),
          keys.threadOutlets(threadId),
          keys.threadCountries(threadId),
          keys.threadHours(threadId),
          ...sharedWriteKeys,
          keys.threadStrays(threadId),
          state.lastWriter,
        ],
        [
          article.id,
          threadId,
          article.published,
          article.outlet,
          article.lean,
          article.country,
          hourStart(article.published),
          write.facets ? JSON.stringify(write.facets) : '',
          write.slugBase,
          write.expectedSeq,
          write.logEntry,
          slugKeyPrefix,
          PUBLIC_MIN_ARTICLES,
          PUBLIC_MIN_OUTLETS,
          retentionMs,
          write.stray ? '1' : '0',
          ...chainArgs(write.chain),
        ],
      );
      return parseWriteResult(reply);
    },

    async applyMerge(write: MergeWrite): Promise<WriteResult> {
      const { from, into } = write;
      const reply = await runScript(
        APPLY_MERGE,
        [
          keys.thread(from),
          keys.threadArticles(from),
          keys.threadOutlets(from),
          keys.threadCountries(from),
          keys.threadHours(from),
          keys.thread(into),
          keys.threadArticles(into),
          keys.threadOutlets(into),
          keys.threadCountries(into),
          keys.threadHours(into),
          ...sharedWriteKeys,
          keys.threadStrays(from),
          keys.threadStrays(into),
          state.lastWriter,
        ],
        [
          from,
          into,
          JSON.stringify(write.facets),
          write.slugBase,
          write.expectedSeq,
          write.logEntry,
          slugKeyPrefix,
          articleThreadPrefix,
          articleThreadSuffix,
          PUBLIC_MIN_ARTICLES,
          PUBLIC_MIN_OUTLETS,
          ...chainArgs(write.chain),
        ],
      );
      return parseWriteResult(reply);
    },

    async applyMove(write: MoveWrite): Promise<WriteResult> {
      const { article, from, into } = write;
      const reply = await runScript(
        APPLY_MOVE,
        [
          keys.articleThread(article.id),
          keys.thread(from),
          keys.threadArticles(from),
          keys.threadOutlets(from),
          keys.threadCountries(from),
          keys.threadHours(from),
          keys.threadStrays(from),
          keys.thread(into),
          keys.threadArticles(into),
          keys.threadOutlets(into),
          keys.threadCountries(into),
          keys.threadHours(into),
          ...sharedWriteKeys,
          state.lastWriter,
        ],
        [
          article.id,
          from,
          into,
          article.published,
          article.outlet,
          article.lean,
          article.country,
          hourStart(article.published),
          JSON.stringify(write.fromFacets),
          JSON.stringify(write.intoFacets),
          write.slugBase,
          write.expectedSeq,
          write.logEntry,
          slugKeyPrefix,
          PUBLIC_MIN_ARTICLES,
          PUBLIC_MIN_OUTLETS,
          ...chainArgs(write.chain),
        ],
      );
      return parseWriteResult(reply);
    },

    /** Idempotent: threads already archived or merged are left as they are. Returns how many changed. */
    async archiveThreads(ids: readonly string[]): Promise<number> {
      if (ids.length === 0) return 0;
      const reply = await runScript(
        ARCHIVE_THREADS,
        [keys.activeThreads(), state.publicThreads, keys.archivedThreads(), state.catalog, state.catalogVersion, state.archivedCatalog, ...ids.map((id) => keys.thread(id))],
        [...ids],
      );
      return Number(reply);
    },

    /** Log entries after `afterSeq`, oldest first. */
    async readLog(afterSeq: number, limit: number): Promise<LogEntry[]> {
      const entries = await redis.xrange(state.log, `${afterSeq + 1}-0`, '+', 'COUNT', limit);
      return entries.map(([id, fields]) => ({ seq: Number(id.split('-')[0]), entry: fields[1] ?? '' }));
    },

    /** The oldest sequence number still in the log (0 when the log is empty). */
    async firstLogSeq(): Promise<number> {
      const [first] = await redis.xrange(state.log, '-', '+', 'COUNT', 1);
      return first ? Number(first[0].split('-')[0]) : 0;
    },

    // ---- the reorder window (src/core/threading/reorder.ts) ----

    async holdArticles(articles: readonly HeldArticle[]): Promise<void> {
      if (articles.length === 0) return;
      await redis.zadd(state.held, ...articles.flatMap((article) => [article.published, article.id]));
    },

    async heldArticles(): Promise<HeldArticle[]> {
      const flat = await redis.zrange(state.held, '0', '-1', 'WITHSCORES');
      const held: HeldArticle[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) held.push({ id: flat[i]!, published: Number(flat[i + 1]) });
      return held;
    },

    async releaseArticles(ids: readonly string[]): Promise<void> {
      if (ids.length > 0) await redis.zrem(state.held, ...ids);
    },

    async getWatermark(): Promise<number | null> {
      const value = await redis.get(state.watermark);
      return value === null ? null : Number(value);
    },

    async advanceWatermark(at: number): Promise<void> {
      await runScript(ADVANCE_WATERMARK, [state.watermark], [at]);
    },

    async loadSnapshot(): Promise<IndexSnapshot | null> {
      const [seq, data] = await redis.hmget(state.snapshot, 'seq', 'data');
      return typeof seq === 'string' && typeof data === 'string' ? { seq: Number(seq), data } : null;
    },

    /** Keeps only the newest snapshot and trims the log entries it covers. */
    async saveSnapshot(snapshot: IndexSnapshot): Promise<boolean> {
      return Number(await runScript(SAVE_SNAPSHOT, [state.snapshot, state.log], [snapshot.seq, snapshot.data])) === 1;
    },
  };
}

import { LEANS, type Lean } from '../core/lean.js';
import { EMPTY_FACETS, type CatalogEntry, type HourlyCounts, type ThreadFacets, type ThreadRecord } from '../core/thread.js';
import { searchCatalog, suggestSlugs } from '../core/threading/slug-match.js';
import type { HeldArticle } from '../core/threading/reorder.js';
import type { ArticleIdsOptions, SlugResolution, ThreadStore } from '../core/threading/thread-store.js';
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
import { hourStart } from '../core/time.js';
import { articleRetentionMs, type ThreadStoreOptions } from './redis-thread-store.js';

interface MemoryThread {
  record: ThreadRecord;
  /** article id → published */
  articles: Map<string, number>;
  outlets: Map<string, number>;
  hours: Map<number, number>;
  /** Strays: article id → published. */
  strays: Map<string, number>;
}

function increment<K>(map: Map<K, number>, key: K, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}

/** Redis sorted-set order: by score, ties by member. */
function sortedIds(entries: Map<string, number>): string[] {
  return [...entries].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([articleId]) => articleId);
}

/**
 * The Redis thread store's twin in process memory, with the same semantics (it passes the same
 * contract tests). `eval-threads` and the benches use it to run the production engine without
 * touching any Redis data.
 */
export function createMemoryThreadStore(options: ThreadStoreOptions = {}): ThreadStore {
  const threads = new Map<string, MemoryThread>();
  const retentionMs = articleRetentionMs(options);
  /** article id → thread id, expiring like the Redis key (wall clock, from the first write). */
  const articleThreadEntries = new Map<string, { threadId: string; expiresAt: number }>();
  const articleThread = {
    get(articleId: string): string | undefined {
      const entry = articleThreadEntries.get(articleId);
      if (!entry) return undefined;
      if (entry.expiresAt <= Date.now()) {
        articleThreadEntries.delete(articleId);
        return undefined;
      }
      return entry.threadId;
    },
    set(articleId: string, threadId: string): void {
      articleThreadEntries.set(articleId, { threadId, expiresAt: retentionMs > 0 ? Date.now() + retentionMs : Infinity });
    },
    /** Re-points a live entry, keeping its expiry (Redis: SET XX KEEPTTL). */
    move(articleId: string, threadId: string): void {
      const entry = articleThreadEntries.get(articleId);
      if (entry && this.get(articleId) !== undefined) entry.threadId = threadId;
    },
  };
  const slugs = new Map<string, string>();
  /** Public slugs and aliases, for suggestions. */
  const slugIndex = new Set<string>();
  const archived = new Set<string>();
  let seq = 0;
  /** Chain token of the last applied write (WriteChain in store-writes.ts). */
  let lastWriter = '';
  let catalogVersion = 0;
  let log: LogEntry[] = [];
  let snapshot: IndexSnapshot | null = null;
  const held = new Map<string, number>();
  let watermark: number | null = null;

  const copyFacets = (facets: ThreadFacets): ThreadFacets => ({ ...facets, names: [...facets.names], keyTerms: [...facets.keyTerms] });
  const copy = (record: ThreadRecord): ThreadRecord => ({
    ...record,
    aliases: [...record.aliases],
    names: [...record.names],
    keyTerms: [...record.keyTerms],
    leanCounts: { ...record.leanCounts },
    countryCounts: { ...record.countryCounts },
  });

  function allocateSlug(base: string, threadId: string): string {
    const stem = base === '' ? 'story' : base;
    let candidate = stem;
    for (let n = 2; slugs.has(candidate); n++) candidate = `${stem}-${n}`;
    slugs.set(candidate, threadId);
    return candidate;
  }

  function becomePublicIfReady(thread: MemoryThread, slugBase: string): boolean {
    const { record } = thread;
    if (record.isPublic || record.articleCount < PUBLIC_MIN_ARTICLES || record.outletCount < PUBLIC_MIN_OUTLETS) return false;
    record.slug = allocateSlug(slugBase, record.id);
    slugIndex.add(record.slug);
    record.isPublic = true;
    return true;
  }

  /** A write that follows in its batch, after a write of someone else's was applied. */
  function chainBroken(chain: WriteChain | undefined): boolean {
    return chain?.follows === true && lastWriter !== chain.token;
  }

  function appendLog(entry: string, chain: WriteChain | undefined): number {
    lastWriter = chain?.token ?? '';
    seq += 1;
    log.push({ seq, entry });
    return seq;
  }

  const byLastUpdated = (filter: (record: ThreadRecord) => boolean) =>
    [...threads.values()]
      .map((t) => t.record)
      .filter(filter)
      .sort((a, b) => b.lastUpdated - a.lastUpdated || (a.id < b.id ? 1 : -1))
      .map((r) => r.id);

  /** Public threads, live then archived: what the Redis store's two catalogue hashes hold. */
  function catalog(): CatalogEntry[] {
    return byLastUpdated((r) => r.status !== 'merged' && r.isPublic).map((id) => {
      const record = threads.get(id)!.record;
      const { title, representativeArticleId, topic, names, keyTerms, slug, aliases, status, lastUpdated } = record;
      return { threadId: id, slug: slug ?? '', aliases: [...aliases], status: status === 'archived' ? 'archived' : 'active', lastUpdated, title, representativeArticleId, topic, names: [...names], keyTerms: [...keyTerms] };
    });
  }

  return {
    async getThread(id: string) {
      const thread = threads.get(id);
      return thread ? copy(thread.record) : null;
    },

    async getThreads(ids: readonly string[]) {
      return ids.map((id) => {
        const thread = threads.get(id);
        return thread ? copy(thread.record) : null;
      });
    },

    async resolveSlug(text: string): Promise<SlugResolution> {
      const normalised = normaliseSlugInput(text);
      let threadId = slugs.get(normalised);
      if (threadId !== undefined) {
        for (let mergedInto = threads.get(threadId)?.record.mergedInto; mergedInto; mergedInto = threads.get(mergedInto)?.record.mergedInto) threadId = mergedInto;
        return { threadId };
      }
      return { threadId: null, suggestions: suggestSlugs(normalised, slugIndex) };
    },

    async listActiveThreadIds(options: { publicOnly?: boolean } = {}) {
      return byLastUpdated((r) => r.status === 'active' && (!options.publicOnly || r.isPublic));
    },

    async listArchivedThreadIds() {
      return byLastUpdated((r) => archived.has(r.id));
    },

    async getHourlyCounts(id: string): Promise<HourlyCounts> {
      const hours = threads.get(id)?.hours ?? new Map<number, number>();
      return new Map([...hours].sort((a, b) => a[0] - b[0]));
    },

    async getArticleIds(id: string, options: ArticleIdsOptions) {
      const thread = threads.get(id);
      if (!thread || options.limit <= 0) return [];
      let sorted = sortedIds(thread.articles);
      if (options.coreOnly) sorted = sorted.filter((articleId) => !thread.strays.has(articleId));
      if (options.order === 'newest') sorted.reverse();
      return sorted.slice(0, options.limit);
    },

    async getStrayIds(id: string) {
      const thread = threads.get(id);
      return thread ? sortedIds(thread.strays) : [];
    },

    async searchThreads(query: string, limit: number) {
      return searchCatalog(
        query,
        catalog().filter((entry) => entry.status === 'active'),
        limit,
      );
    },

    async catalogVersion() {
      return String(catalogVersion);
    },

    async listCatalog() {
      return catalog();
    },

    async getArticleThreadIds(articleIds: readonly string[]) {
      return articleIds.map((id) => articleThread.get(id) ?? null);
    },

    async getSeq() {
      return seq;
    },

    async applyAssignment(write: AssignmentWrite): Promise<WriteResult> {
      const { article, threadId } = write;
      const existing = articleThread.get(article.id);
      if (existing !== undefined) return { status: 'duplicate', threadId: existing };
      if (write.expectedSeq !== seq || chainBroken(write.chain)) return { status: 'stale', seq };
      let thread = threads.get(threadId);
      // A merged thread lives on in its survivor; an index that still targets it is out of date.
      if (thread?.record.status === 'merged') return { status: 'stale', seq };
      if (!thread) {
        thread = {
          record: {
            id: threadId,
            slug: null,
            aliases: [],
            ...EMPTY_FACETS,
            firstSeen: article.published,
            lastUpdated: article.published,
            articleCount: 0,
            outletCount: 0,
            leanCounts: Object.fromEntries(LEANS.map((lean) => [lean, 0])) as Record<Lean, number>,
            countryCounts: {},
            isPublic: false,
            status: 'active',
            version: 0,
          },
          articles: new Map(),
          outlets: new Map(),
          hours: new Map(),
          strays: new Map(),
        };
        threads.set(threadId, thread);
      }
      const { record } = thread;
      articleThread.set(article.id, threadId);
      thread.articles.set(article.id, article.published);
      if (write.stray) thread.strays.set(article.id, article.published);
      thread.outlets.set(article.outlet, (thread.outlets.get(article.outlet) ?? 0) + 1);
      const hour = hourStart(article.published);
      thread.hours.set(hour, (thread.hours.get(hour) ?? 0) + 1);
      record.countryCounts[article.country] = (record.countryCounts[article.country] ?? 0) + 1;
      record.leanCounts[article.lean] += 1;
      record.articleCount += 1;
      record.outletCount = thread.outlets.size;
      record.firstSeen = Math.min(record.firstSeen, article.published);
      record.lastUpdated = Math.max(record.lastUpdated, article.published);
      if (write.facets) Object.assign(record, copyFacets(write.facets));
      if (record.status === 'archived') catalogVersion += 1;
      record.status = 'active';
      archived.delete(threadId);
      const becamePublic = becomePublicIfReady(thread, write.slugBase);
      if (becamePublic) catalogVersion += 1;
      record.version += 1;
      return { status: 'applied', seq: appendLog(write.logEntry, write.chain), version: record.version, slug: record.slug, becamePublic };
    },

    async applyMerge(write: MergeWrite): Promise<WriteResult> {
      if (write.expectedSeq !== seq || chainBroken(write.chain)) return { status: 'stale', seq };
      const from = threads.get(write.from);
      const into = threads.get(write.into);
      if (!from || !into) throw new Error(`merge of unknown thread ${write.from} into ${write.into}`);
      for (const [articleId, published] of from.articles) {
        const current = into.articles.get(articleId);
        into.articles.set(articleId, current === undefined ? published : Math.min(current, published));
        articleThread.move(articleId, into.record.id);
      }
      for (const [articleId, published] of from.strays) into.strays.set(articleId, Math.min(into.strays.get(articleId) ?? published, published));
      for (const [outlet, count] of from.outlets) into.outlets.set(outlet, (into.outlets.get(outlet) ?? 0) + count);
      for (const [hour, count] of from.hours) into.hours.set(hour, (into.hours.get(hour) ?? 0) + count);
      const target = into.record;
      const source = from.record;
      for (const [country, count] of Object.entries(source.countryCounts)) target.countryCounts[country] = (target.countryCounts[country] ?? 0) + count;
      for (const lean of LEANS) target.leanCounts[lean] += source.leanCounts[lean];
      target.articleCount += source.articleCount;
      target.outletCount = into.outlets.size;
      target.firstSeen = Math.min(target.firstSeen, source.firstSeen);
      target.lastUpdated = Math.max(target.lastUpdated, source.lastUpdated);
      Object.assign(target, copyFacets(write.facets));

      const inherited = [...(source.slug ? [source.slug] : []), ...source.aliases];
      let becamePublic = false;
      if (target.slug === null && inherited.length > 0) {
        target.slug = inherited.shift()!;
        target.isPublic = true;
        becamePublic = true;
      }
      for (const alias of inherited) {
        target.aliases.push(alias);
        slugs.set(alias, target.id);
      }
      if (target.slug !== null) slugs.set(target.slug, target.id);
      if (becomePublicIfReady(into, write.slugBase)) becamePublic = true;
      target.status = 'active';
      archived.delete(target.id);
      target.version += 1;

      catalogVersion += 1;
      source.status = 'merged';
      source.mergedInto = target.id;
      source.version += 1;
      archived.delete(source.id);
      from.articles = new Map();
      from.outlets = new Map();
      from.hours = new Map();
      from.strays = new Map();
      source.countryCounts = {};
      return { status: 'applied', seq: appendLog(write.logEntry, write.chain), version: target.version, slug: target.slug, becamePublic };
    },

    async applyMove(write: MoveWrite): Promise<WriteResult> {
      if (write.expectedSeq !== seq || chainBroken(write.chain)) return { status: 'stale', seq };
      const { article } = write;
      const from = threads.get(write.from);
      const into = threads.get(write.into);
      if (!from?.articles.has(article.id)) throw new Error(`move of article ${article.id} that is not in thread ${write.from}`);
      if (!into || into.record.status !== 'active' || from.record.status === 'merged') return { status: 'stale', seq };
      const hour = hourStart(article.published);

      from.articles.delete(article.id);
      from.strays.delete(article.id);
      increment(from.outlets, article.outlet, -1);
      increment(from.hours, hour, -1);
      const source = from.record;
      source.countryCounts[article.country] = (source.countryCounts[article.country] ?? 0) - 1;
      if (source.countryCounts[article.country]! <= 0) delete source.countryCounts[article.country];
      source.leanCounts[article.lean] -= 1;
      source.articleCount -= 1;
      source.outletCount = from.outlets.size;
      const remaining = [...from.articles.values()];
      if (remaining.length > 0) {
        source.firstSeen = Math.min(...remaining);
        source.lastUpdated = Math.max(...remaining);
      }
      Object.assign(source, copyFacets(write.fromFacets));
      source.version += 1;

      articleThread.move(article.id, into.record.id);
      into.articles.set(article.id, article.published);
      increment(into.outlets, article.outlet, 1);
      increment(into.hours, hour, 1);
      const target = into.record;
      target.countryCounts[article.country] = (target.countryCounts[article.country] ?? 0) + 1;
      target.leanCounts[article.lean] += 1;
      target.articleCount += 1;
      target.outletCount = into.outlets.size;
      target.firstSeen = Math.min(target.firstSeen, article.published);
      target.lastUpdated = Math.max(target.lastUpdated, article.published);
      Object.assign(target, copyFacets(write.intoFacets));
      const becamePublic = becomePublicIfReady(into, write.slugBase);
      if (becamePublic) catalogVersion += 1;
      target.version += 1;
      return { status: 'applied', seq: appendLog(write.logEntry, write.chain), version: target.version, slug: target.slug, becamePublic };
    },

    async archiveThreads(ids: readonly string[]) {
      let changed = 0;
      for (const id of ids) {
        const record = threads.get(id)?.record;
        if (record?.status !== 'active') continue;
        record.status = 'archived';
        record.version += 1;
        archived.add(id);
        changed += 1;
      }
      if (changed > 0) catalogVersion += 1;
      return changed;
    },

    async readLog(afterSeq: number, limit: number) {
      return log.filter((entry) => entry.seq > afterSeq).slice(0, limit);
    },

    async firstLogSeq() {
      return log[0]?.seq ?? 0;
    },

    async holdArticles(articles: readonly HeldArticle[]) {
      for (const article of articles) held.set(article.id, article.published);
    },

    async heldArticles() {
      return sortedIds(held).map((id) => ({ id, published: held.get(id)! }));
    },

    async releaseArticles(ids: readonly string[]) {
      for (const id of ids) held.delete(id);
    },

    async getWatermark() {
      return watermark;
    },

    async advanceWatermark(at: number) {
      if (watermark === null || at > watermark) watermark = at;
    },

    async loadSnapshot() {
      return snapshot;
    },

    async saveSnapshot(next: IndexSnapshot) {
      if (snapshot && next.seq <= snapshot.seq) return false;
      snapshot = next;
      log = log.filter((entry) => entry.seq > next.seq);
      return true;
    },
  };
}

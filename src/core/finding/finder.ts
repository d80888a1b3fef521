import type { CatalogEntry } from '../thread.js';
import { createCatalogIndex, NEAR_TIE, type CatalogIndex, type IndexedThread, type SearchHit } from './catalog-index.js';
import { analyseQuery, type QueryProblem } from './query.js';

/**
 * The one thread resolver behind `/thread`, `/subscribe`, Discord autocomplete, Telegram inline
 * mode and console completion. It answers from a per-process index of the catalogue
 * (catalog-index.ts), never from a Redis scan per keystroke:
 *
 * - every call reads the catalogue version and the ranking time (two small reads); when the
 *   catalogue version changed (a thread became public, was archived or merged) the index is
 *   brought up to date before answering, incrementally (only changed entries are re-indexed);
 * - facets change without a version bump (titles, names, key terms), so the whole catalogue is
 *   re-read at most every REFRESH_MS in the background while answers keep coming from the index.
 */

/** Where the catalogue comes from (the thread store). */
export interface CatalogSource {
  listCatalog(): Promise<CatalogEntry[]>;
  catalogVersion(): Promise<string>;
}

/** Where ranks come from (the ranking store). */
export interface RankSource {
  getCurrentRanks(): Promise<Map<string, number>>;
  getRankingInfo(): Promise<{ at: number; count: number } | null>;
}

export interface FinderOptions {
  /** Facets (titles, names) are picked up within this long. */
  refreshMs?: number;
  now?: () => number;
}

const REFRESH_MS = 15_000;
/** How many other threads "Also: …" offers. */
export const ALSO_LIMIT = 3;
/** "Did you mean" looks among this many top-ranked live threads. */
const SUGGESTION_POOL = 50;

export type FindOutcome =
  | { kind: 'found'; thread: IndexedThread; exact: boolean; also: IndexedThread[] }
  | { kind: 'none'; suggestions: IndexedThread[] }
  | { kind: 'invalid'; problem: QueryProblem };

export interface ThreadFinder {
  /** The best thread for free text, with near-equal alternatives; or the closest live threads. */
  find(text: string): Promise<FindOutcome>;
  /** Threads for what has been typed so far (the last word may be partial), best first. */
  complete(text: string, limit: number): Promise<IndexedThread[]>;
  /** A thread of the catalogue by id (fresh as of the last refresh). */
  get(threadId: string): Promise<IndexedThread | undefined>;
  /** The index, up to date (benches and tests). */
  current(): Promise<CatalogIndex>;
}

export function createThreadFinder(sources: { catalog: CatalogSource; ranks: RankSource }, options: FinderOptions = {}): ThreadFinder {
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? REFRESH_MS;
  const index = createCatalogIndex();
  let loadedVersion: string | null = null;
  let loadedAt = -Infinity;
  /** When the ranks in the index were computed (undefined: never read). */
  let rankedAt: number | null | undefined;
  let loading: Promise<void> | null = null;

  async function load(version: string): Promise<void> {
    const entries = await sources.catalog.listCatalog();
    index.update(entries);
    loadedVersion = version;
    loadedAt = now();
  }

  /** One load at a time; callers arriving meanwhile share it. */
  function reload(version: string): Promise<void> {
    loading ??= load(version).finally(() => {
      loading = null;
    });
    return loading;
  }

  async function current(): Promise<CatalogIndex> {
    const [version, info] = await Promise.all([sources.catalog.catalogVersion(), sources.ranks.getRankingInfo()]);
    const rankingAt = info?.at ?? null;
    const rankReload = rankingAt !== rankedAt ? sources.ranks.getCurrentRanks() : null;
    if (version !== loadedVersion) await reload(version);
    else if (now() - loadedAt >= refreshMs && !loading) void reload(version).catch(() => undefined);
    if (rankReload) {
      index.setRanks(await rankReload);
      rankedAt = rankingAt;
    }
    return index;
  }

  return {
    current,

    async get(threadId) {
      return (await current()).get(threadId);
    },

    async find(text) {
      const query = analyseQuery(text);
      if (query.problem) return { kind: 'invalid', problem: query.problem };
      const catalog = await current();
      const exact = catalog.exact(query.slug);
      if (exact) return { kind: 'found', thread: exact, exact: true, also: [] };
      const hits = catalog.search(query.terms, { limit: ALSO_LIMIT + 1 + 8 });
      const [best, ...rest] = hits;
      if (!best) return { kind: 'none', suggestions: catalog.closest(text, ALSO_LIMIT, SUGGESTION_POOL) };
      return { kind: 'found', thread: best, exact: best.exact, also: best.exact ? [] : aboutAsGood(best, rest) };
    },

    async complete(text, limit) {
      const catalog = await current();
      const query = analyseQuery(text);
      if (query.terms.length === 0) return catalog.top(limit);
      const exact = catalog.exact(query.slug);
      const hits = catalog.search(query.terms, { limit: limit + 1, typing: true });
      const ordered = exact ? [exact, ...hits.filter((hit) => hit.entry.threadId !== exact.entry.threadId)] : hits;
      return ordered.slice(0, limit);
    },
  };
}

/** Other threads the words match about as well as the best one (its near-tied run): the reader may have meant them as much. */
function aboutAsGood(best: SearchHit, rest: readonly SearchHit[]): SearchHit[] {
  const top = Math.max(best.score, ...rest.map((hit) => hit.score));
  return rest.filter((hit) => hit.score >= top - NEAR_TIE).slice(0, ALSO_LIMIT);
}

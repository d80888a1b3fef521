import type { Article } from '../src/core/article.js';
import type { QaAnswer, ThreadDigest } from '../src/core/digest.js';
import type { ReplayHistory } from '../src/core/source.js';
import type { RankPoint, ThreadStats } from '../src/core/stats.js';
import type { Destination, Platform, SubscribeRequest, Subscription } from '../src/core/subscription.js';
import type { CatalogEntry, ThreadRecord } from '../src/core/thread.js';

/**
 * The small read/write ports the commands use. The Redis stores satisfy them structurally; tests
 * pass plain in-memory objects. Each command declares the subset it needs.
 */

export type SlugResolution = { threadId: string } | { threadId: null; suggestions: string[] };

export interface ThreadReader {
  /** Slug, alias or free text → thread id, or the closest public slugs when nothing matches. */
  resolveSlug(text: string): Promise<SlugResolution>;
  getThread(id: string): Promise<ThreadRecord | null>;
  /** `coreOnly`: leave out strays (articles that joined the thread weakly). */
  getArticleIds(id: string, options: { limit: number; order: 'newest' | 'oldest'; coreOnly?: boolean }): Promise<string[]>;
  /** Every public thread, live and archived, with what a reader might type to find it (the finder's index). */
  listCatalog(): Promise<CatalogEntry[]>;
  /** Changes whenever a thread enters or leaves the catalogue or a slug is issued. */
  catalogVersion(): Promise<string>;
}

export interface ArticleReader {
  /** Same order as `ids`; null where an article is gone. */
  getArticles(ids: readonly string[]): Promise<(Article | null)[]>;
}

export interface RankingReader {
  getStats(threadId: string): Promise<ThreadStats | null>;
  getTop(n: number, offset?: number): Promise<ThreadStats[]>;
  /** Newest last. */
  getRankHistory(threadId: string, limit: number): Promise<RankPoint[]>;
  /** When the current ranking was computed and how many threads it holds; null before the first run. */
  getRankingInfo(): Promise<{ at: number; count: number } | null>;
  /** Thread id → rank in the current ranking. */
  getCurrentRanks(): Promise<Map<string, number>>;
}

/** What a chat can do with its own subscriptions. */
export interface ChatSubscriptions {
  subscribe(request: SubscribeRequest): Promise<{ subscription: Subscription; created: boolean }>;
  /** Returns how many subscriptions were removed (0 when there was none). */
  unsubscribe(destination: Destination, target: string | 'all'): Promise<number>;
  listForChat(platform: Platform, chatId: string): Promise<Subscription[]>;
}

/** What `/sources` shows per configured source. */
export interface SourceHealth {
  id: string;
  name: string;
  lastSuccessAt?: number | null;
  lastError?: string | null;
  consecutiveFailures?: number;
  articlesSeen?: number;
  disabled?: boolean;
  /** Why the source is no longer polled (too many failures, gone for good). */
  disabledReason?: string | null;
}

export interface SourceHealthReader {
  listHealth(): Promise<SourceHealth[]>;
  /** What finished replays on this prefix polled (their feeds' health records are gone); null when none ran. */
  getReplayHistory(): Promise<ReplayHistory | null>;
}

export interface DigestReader {
  /** The digest of the thread's latest summarised version; null until the first summary job ran. */
  get(threadId: string): Promise<ThreadDigest | null>;
  /** Offline Q&A: best-matching sentences from the thread's articles. */
  answer(threadId: string, question: string): Promise<QaAnswer>;
}

export interface CommandDeps {
  threads: ThreadReader;
  articles: ArticleReader;
  ranking: RankingReader;
  subscriptions: ChatSubscriptions;
  sources: SourceHealthReader;
  digests: DigestReader;
}

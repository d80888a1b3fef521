import { ALERT_TOP_INTERVAL_DEFAULT_MINUTES } from '../../src/config/config.js';
import type { CommandDeps, SourceHealth } from '../../commands/deps.js';
import type { Invocation } from '../../commands/command.js';
import type { Article } from '../../src/core/article.js';
import type { QaAnswer, ThreadDigest } from '../../src/core/digest.js';
import type { Lean } from '../../src/core/lean.js';
import type { ReplayHistory } from '../../src/core/source.js';
import type { RankPoint, ThreadStats } from '../../src/core/stats.js';
import { subscriptionId, type Destination, type SubscribeRequest, type Subscription } from '../../src/core/subscription.js';
import { createThreadFinder, type ThreadFinder } from '../../src/core/finding/finder.js';
import { EMPTY_FACETS, type CatalogEntry, type ThreadRecord } from '../../src/core/thread.js';
import { HOUR_MS } from '../../src/core/time.js';

/** Plain in-memory implementations of the command ports, for testing command logic without Redis. */

export const T0 = Date.UTC(2014, 2, 10, 12);

export function makeArticle(id: string, overrides: Partial<Article> = {}): Article {
  return {
    id,
    sourceId: overrides.outlet ?? 'example.com',
    outlet: 'example.com',
    outletName: 'Example News',
    title: `Headline ${id}`,
    summary: '',
    url: `https://example.com/${id}`,
    published: T0,
    fetchedAt: T0,
    lean: 'center',
    country: 'US',
    backlog: false,
    ...overrides,
  };
}

export function leanCounts(counts: Partial<Record<Lean, number>>): Record<Lean, number> {
  return { left: 0, 'lean-left': 0, center: 0, 'lean-right': 0, right: 0, unrated: 0, ...counts };
}

export function makeThread(id: string, slug: string, articles: readonly Article[], overrides: Partial<ThreadRecord> = {}): ThreadRecord {
  const counts = leanCounts({});
  const countries: Record<string, number> = {};
  for (const article of articles) {
    counts[article.lean] += 1;
    countries[article.country] = (countries[article.country] ?? 0) + 1;
  }
  return {
    id,
    slug,
    aliases: [],
    ...EMPTY_FACETS,
    title: `Thread ${slug}`,
    firstSeen: Math.min(...articles.map((a) => a.published)),
    lastUpdated: Math.max(...articles.map((a) => a.published)),
    articleCount: articles.length,
    outletCount: new Set(articles.map((a) => a.outlet)).size,
    leanCounts: counts,
    countryCounts: countries,
    isPublic: true,
    status: 'active',
    version: 1,
    ...overrides,
  };
}

export function makeStats(thread: ThreadRecord, overrides: Partial<ThreadStats> = {}): ThreadStats {
  return {
    threadId: thread.id,
    slug: thread.slug ?? '',
    title: thread.title,
    rank: 11,
    rankChange: 1,
    virality: 5.4,
    ageDays: 50,
    articleCount: 451,
    outletCount: 38,
    leaning: { left: 17.9, center: 53.6, right: 28.5, counts: { left: 70, center: 210, right: 111 }, ratedCount: 391, unratedCount: 60 },
    regions: {
      us: 45.7,
      nonUs: 54.3,
      unknownCount: 11,
      top: [
        { country: 'US', count: 201, percent: 45.7 },
        { country: 'GB', count: 90, percent: 20.5 },
      ],
    },
    blindspot: null,
    firstSeen: thread.firstSeen,
    lastUpdated: thread.lastUpdated,
    computedAt: thread.lastUpdated + HOUR_MS,
    ...overrides,
  };
}

export interface FakeWorld {
  threads: Map<string, ThreadRecord>;
  articles: Map<string, Article>;
  /** Thread id → article ids, oldest first. */
  threadArticles: Map<string, string[]>;
  stats: Map<string, ThreadStats>;
  history: Map<string, RankPoint[]>;
  digests: Map<string, ThreadDigest>;
  answers: Map<string, QaAnswer>;
  subscriptions: Map<string, Subscription>;
  sources: SourceHealth[];
  replays: ReplayHistory | null;
  rankingInfo: { at: number; count: number } | null;
}

export function emptyWorld(): FakeWorld {
  return {
    threads: new Map(),
    articles: new Map(),
    threadArticles: new Map(),
    stats: new Map(),
    history: new Map(),
    digests: new Map(),
    answers: new Map(),
    subscriptions: new Map(),
    sources: [],
    replays: null,
    rankingInfo: null,
  };
}

export function addThread(world: FakeWorld, thread: ThreadRecord, articles: readonly Article[], stats?: ThreadStats): void {
  world.threads.set(thread.id, thread);
  for (const article of articles) world.articles.set(article.id, article);
  world.threadArticles.set(
    thread.id,
    [...articles].sort((a, b) => a.published - b.published).map((a) => a.id),
  );
  if (stats) world.stats.set(thread.id, stats);
}

function sameDestination(subscription: Subscription, destination: Destination): boolean {
  return (
    subscription.platform === destination.platform &&
    subscription.chatId === destination.chatId &&
    (subscription.topicId ?? '') === (destination.topicId ?? '')
  );
}

/** Public threads as the thread store's catalogue lists them, most recently updated first. */
function catalogOf(world: FakeWorld): CatalogEntry[] {
  return [...world.threads.values()]
    .filter((t) => t.isPublic && t.slug && t.status !== 'merged')
    .sort((a, b) => b.lastUpdated - a.lastUpdated)
    .map((t) => ({
      threadId: t.id,
      slug: t.slug as string,
      aliases: [...t.aliases],
      status: t.status === 'archived' ? ('archived' as const) : ('active' as const),
      lastUpdated: t.lastUpdated,
      title: t.title,
      representativeArticleId: t.representativeArticleId,
      topic: t.topic,
      names: [...t.names],
      keyTerms: [...t.keyTerms],
    }));
}

/** The command ports over a fake world, plus the finder the runner would build over them. */
export function fakeDeps(world: FakeWorld): CommandDeps & { finder: ThreadFinder; alertTopIntervalMinutes: number } {
  const deps = fakePorts(world);
  return { ...deps, finder: createThreadFinder({ catalog: deps.threads, ranks: deps.ranking }), alertTopIntervalMinutes: ALERT_TOP_INTERVAL_DEFAULT_MINUTES };
}

function fakePorts(world: FakeWorld): CommandDeps {
  const bySlug = () => new Map([...world.threads.values()].filter((t) => t.slug).map((t) => [t.slug as string, t]));
  return {
    threads: {
      async resolveSlug(text) {
        const wanted = text.trim().toLowerCase();
        const thread = bySlug().get(wanted) ?? [...world.threads.values()].find((t) => t.aliases.includes(wanted));
        if (thread) return { threadId: thread.id };
        const suggestions = [...bySlug().keys()].filter((slug) => slug.slice(0, 4) === wanted.slice(0, 4));
        return { threadId: null, suggestions };
      },
      async getThread(id) {
        return world.threads.get(id) ?? null;
      },
      async getArticleIds(id, { limit, order }) {
        const ids = world.threadArticles.get(id) ?? [];
        return (order === 'newest' ? [...ids].reverse() : ids).slice(0, limit);
      },
      async listCatalog() {
        return catalogOf(world);
      },
      async catalogVersion() {
        return catalogOf(world)
          .map((entry) => `${entry.threadId}:${entry.slug}:${entry.aliases.join(',')}:${entry.status}`)
          .join('|');
      },
    },
    articles: {
      async getArticles(ids) {
        return ids.map((id) => world.articles.get(id) ?? null);
      },
    },
    ranking: {
      async getStats(threadId) {
        return world.stats.get(threadId) ?? null;
      },
      async getTop(n, offset = 0) {
        return [...world.stats.values()]
          .filter((s) => s.rank !== null)
          .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
          .slice(offset, offset + n);
      },
      async getRankHistory(threadId, limit) {
        return (world.history.get(threadId) ?? []).slice(-limit);
      },
      async getRankingInfo() {
        return world.rankingInfo;
      },
      async getCurrentRanks() {
        return new Map([...world.stats.values()].filter((s) => s.rank !== null).map((s) => [s.threadId, s.rank as number]));
      },
    },
    subscriptions: {
      async subscribe(request: SubscribeRequest) {
        const id = subscriptionId(request.destination, request.target);
        const existing = world.subscriptions.get(id);
        if (existing) return { subscription: existing, created: false };
        const subscription: Subscription = {
          ...request.destination,
          id,
          target: request.target,
          slug: request.slug,
          createdAt: request.at,
          ...(request.createdBy ? { createdBy: request.createdBy } : {}),
        };
        world.subscriptions.set(id, subscription);
        return { subscription, created: true };
      },
      async unsubscribe(destination, target) {
        let removed = 0;
        for (const [id, subscription] of world.subscriptions) {
          if (sameDestination(subscription, destination) && (target === 'all' || subscription.target === target)) {
            world.subscriptions.delete(id);
            removed += 1;
          }
        }
        return removed;
      },
      async listForChat(platform, chatId) {
        return [...world.subscriptions.values()].filter((s) => s.platform === platform && s.chatId === chatId);
      },
    },
    sources: {
      async listHealth() {
        return world.sources;
      },
      async getReplayHistory() {
        return world.replays;
      },
    },
    digests: {
      async get(threadId) {
        return world.digests.get(threadId) ?? null;
      },
      async answer(threadId, question) {
        return world.answers.get(`${threadId}|${question}`) ?? { question, type: 'any', status: 'none', sentences: [] };
      },
    },
  };
}

export function invocation(overrides: Partial<Invocation> = {}): Invocation {
  return {
    platform: 'console',
    chatId: 'chat-1',
    userId: 'user-1',
    isGroup: false,
    canManageSubscriptions: true,
    now: T0 + 100 * HOUR_MS,
    ...overrides,
  };
}

/**
 * A thread in the shape of the reference page: "Trump Putin Call", rank 11, left/center/right coverage
 * from distinct outlets, newest article last.
 */
export function referenceWorld(): { world: FakeWorld; thread: ThreadRecord; articles: Article[] } {
  const world = emptyWorld();
  const outlets: [string, string, Lean, string][] = [
    ['nytimes.com', 'The New York Times', 'lean-left', 'US'],
    ['huffpost.com', 'HuffPost', 'left', 'US'],
    ['reuters.com', 'Reuters', 'center', 'GB'],
    ['apnews.com', 'Associated Press', 'center', 'US'],
    ['foxnews.com', 'Fox News', 'right', 'US'],
    ['dailymail.co.uk', 'Daily Mail', 'lean-right', 'GB'],
    ['example.org', 'Unrated Daily', 'unrated', ''],
  ];
  const articles = outlets.map(([outlet, outletName, lean, country], index) =>
    makeArticle(`a${index + 1}`, {
      outlet,
      outletName,
      lean,
      country,
      title: `${outletName} reports on the Trump Putin call`,
      url: `https://${outlet}/story-${index + 1}`,
      published: T0 + index * HOUR_MS,
    }),
  );
  const representative = articles[2]!;
  const thread = makeThread('t-trump-putin', 'trump-putin', articles, {
    topic: 'Trump Putin Call',
    title: representative.title,
    representativeArticleId: representative.id,
    names: ['Trump', 'Putin'],
    keyTerms: ['call', 'Ukraine'],
  });
  addThread(world, thread, articles, makeStats(thread));
  world.history.set(thread.id, [
    { at: T0, rank: 14, virality: 4.1 },
    { at: T0 + HOUR_MS, rank: 12, virality: 4.9 },
    { at: T0 + 2 * HOUR_MS, rank: 11, virality: 5.4 },
  ]);
  world.rankingInfo = { at: T0 + 7 * HOUR_MS, count: 1 };
  return { world, thread, articles };
}

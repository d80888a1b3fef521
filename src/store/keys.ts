/**
 * Every Redis key threadwatch writes, in one place, under one prefix (REDIS_PREFIX, `tw` by
 * default). Anything about one thread is findable from its id. Tests use a random prefix each.
 *
 * Redis Cluster runs a script, a MULTI or a multi-key command only when all its keys hash to one
 * slot, and a key's slot is decided by the text inside its first `{…}` (its hash tag) when it has
 * one. So each data set whose keys are written together carries one tag, and lives on one node:
 *
 * | tag                | data set                                                    | written together by |
 * | ------------------ | ----------------------------------------------------------- | ------------------- |
 * | `{q:<queue>}`      | one BullMQ queue (jobs, schedulers, events, limiter)        | BullMQ's scripts |
 * | `{ingest}`         | sources' health, dedupe fingerprints, stored articles, pending hand-offs | the store-articles script; source MULTIs |
 * | `{threads}`        | threads, their article lists and counts, slugs, article → thread, the threading log | the thread-store scripts (slug and article → thread keys are built inside them from prefixes, so they must carry this tag too) |
 * | `{rank}`           | the ranking, its stats and staging, rank history, dropped stats, alert memory, committed deliveries | the ranking commit script |
 * | `{subs}`           | subscriptions and their chat/target indexes                 | the subscribe/remove scripts |
 * | `{telegram}`       | Telegram send windows and pauses                            | the rate-limit reserve script |
 *
 * Different tags hash to different slots, so the data sets spread over the masters (which tag
 * lands where depends on the cluster's slot map; test/unit/redis-key-slots.test.ts checks the
 * spread for an evenly split three-master cluster). Keys only ever read or written alone carry no
 * tag and spread by their full name: summaries, alert-sent markers, forum posts, the LLM budget
 * and the Discord request windows. A standalone server or a Sentinel master ignores tags, so one
 * layout serves all three Redis modes.
 */
export function createKeys(prefix: string) {
  const p = `${prefix}:`;
  const ingest = `${p}{ingest}:`;
  const threads = `${p}{threads}:`;
  const rank = `${p}{rank}:`;
  const subs = `${p}{subs}:`;
  return {
    prefix,
    /** BullMQ's prefix for one queue: `${prefix}:{q:<queue>}:<queue>:…`, so each queue is one slot and queues spread over nodes. */
    queuePrefix: (queue: string) => `${p}{q:${queue}}`,

    article: (id: string) => `${ingest}article:${id}`,
    /** Dedupe fingerprints (canonical URL / title fingerprint) → article id. */
    seen: (fingerprint: string) => `${ingest}seen:${fingerprint}`,
    source: (sourceId: string) => `${ingest}src:${sourceId}`,
    sourceIds: () => `${ingest}srcs`,
    /** What replays on this prefix polled (their feeds are forgotten when a replay ends; the counts stay). */
    replays: () => `${ingest}replays`,
    /** Ids a poll stored but has not yet handed to threading (survives a failed hand-off). */
    sourcePendingHandOff: (sourceId: string) => `${ingest}src:${sourceId}:pending`,

    thread: (id: string) => `${threads}thread:${id}`,
    threadArticles: (id: string) => `${threads}thread:${id}:articles`,
    threadHours: (id: string) => `${threads}thread:${id}:hours`,
    threadOutlets: (id: string) => `${threads}thread:${id}:outlets`,
    threadCountries: (id: string) => `${threads}thread:${id}:countries`,
    /** Articles that joined the thread weakly (strays), by publish time. */
    threadStrays: (id: string) => `${threads}thread:${id}:strays`,
    articleThread: (articleId: string) => `${threads}article:${articleId}:thread`,
    slug: (slug: string) => `${threads}slug:${slug}`,
    /** All public slugs and aliases (sorted set, score 0) for fuzzy lookup and autocomplete. */
    slugIndex: () => `${threads}slugs`,
    /** Active threads by last update (stream time). */
    activeThreads: () => `${threads}threads:active`,
    archivedThreads: () => `${threads}threads:archived`,
    threadingState: (name: string) => `${threads}threading:${name}`,

    ranking: () => `${rank}rank`,
    rankingMeta: () => `${rank}rank:meta`,
    rankingPrevious: () => `${rank}rank:prev`,
    rankHistory: (threadId: string) => `${rank}thread:${threadId}:rank-history`,
    /** Thread id → ThreadStats JSON for every thread in the current ranking. */
    rankingStats: () => `${rank}rank:stats`,
    /** Last ThreadStats (JSON, rank null) of a thread that dropped out of the ranking. */
    threadStats: (threadId: string) => `${rank}thread:${threadId}:stats`,
    /** Ranking and stats built by one run attempt before they are swapped in (readers never see half a ranking). */
    rankingStaging: (attemptId: string) => `${rank}rank:staging:${attemptId}`,
    rankingStatsStaging: (attemptId: string) => `${rank}rank:staging:${attemptId}:stats`,
    /** Deliveries decided by the latest committed run, re-enqueued verbatim if that run is retried. */
    rankingDeliveries: () => `${rank}rank:deliveries`,
    /** Per subscription: thread id → what the subscriber was last told (hysteresis state). Written by the ranking commit. */
    alertState: (subscriptionId: string) => `${rank}alert:state:${subscriptionId}`,

    summary: (threadId: string) => `${p}thread:${threadId}:summary`,

    subscription: (id: string) => `${subs}sub:${id}`,
    /** Subscriptions of one chat/channel (destination key → set of subscription ids). */
    chatSubscriptions: (platform: string, chatId: string) => `${subs}subs:chat:${platform}:${chatId}`,
    /** Subscriptions per target (thread id or `top:N`). */
    targetSubscriptions: (target: string) => `${subs}subs:target:${target}`,
    allTopSubscriptionTargets: () => `${subs}subs:top-targets`,

    alertSent: (alertId: string) => `${p}alert:sent:${alertId}`,
    forumPost: (subscriptionId: string, threadId: string) => `${p}forum-post:${subscriptionId}:${threadId}`,
    /** A counter or window used alone (the Discord request budget). */
    rateLimit: (name: string) => `${p}ratelimit:${name}`,
    /** Telegram's windows are reserved together (overall, per chat, per group) by one script. */
    telegramRateLimit: (name: string) => `${p}{telegram}:ratelimit:${name}`,
    llmBudget: (hour: number) => `${p}llm:budget:${hour}`,
  } as const;
}

export type Keys = ReturnType<typeof createKeys>;

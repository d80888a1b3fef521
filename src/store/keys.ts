/**
 * Every Redis key threadwatch writes, in one place, under one prefix (REDIS_PREFIX, `tw` by
 * default). Anything about one thread is findable from its id. Tests use a random prefix each.
 */
export function createKeys(prefix: string) {
  const p = `${prefix}:`;
  return {
    prefix,
    /** BullMQ's own prefix: queues live at `${prefix}:q:{queue}:…`. */
    queuePrefix: `${prefix}:q`,

    article: (id: string) => `${p}article:${id}`,
    /** Dedupe fingerprints (canonical URL / title fingerprint) → article id. */
    seen: (fingerprint: string) => `${p}seen:${fingerprint}`,
    source: (sourceId: string) => `${p}src:${sourceId}`,
    sourceIds: () => `${p}srcs`,
    /** Ids a poll stored but has not yet handed to threading (survives a failed hand-off). */
    sourcePendingHandOff: (sourceId: string) => `${p}src:${sourceId}:pending`,

    thread: (id: string) => `${p}thread:${id}`,
    threadArticles: (id: string) => `${p}thread:${id}:articles`,
    threadHours: (id: string) => `${p}thread:${id}:hours`,
    threadOutlets: (id: string) => `${p}thread:${id}:outlets`,
    threadCountries: (id: string) => `${p}thread:${id}:countries`,
    /** Articles that joined the thread weakly (strays), by publish time. */
    threadStrays: (id: string) => `${p}thread:${id}:strays`,
    articleThread: (articleId: string) => `${p}article:${articleId}:thread`,
    slug: (slug: string) => `${p}slug:${slug}`,
    /** All public slugs and aliases (sorted set, score 0) for fuzzy lookup and autocomplete. */
    slugIndex: () => `${p}slugs`,
    /** Active threads by last update (stream time). */
    activeThreads: () => `${p}threads:active`,
    archivedThreads: () => `${p}threads:archived`,
    threadingState: (name: string) => `${p}threading:${name}`,

    ranking: () => `${p}rank`,
    rankingMeta: () => `${p}rank:meta`,
    rankingPrevious: () => `${p}rank:prev`,
    rankHistory: (threadId: string) => `${p}thread:${threadId}:rank-history`,
    /** Thread id → ThreadStats JSON for every thread in the current ranking. */
    rankingStats: () => `${p}rank:stats`,
    /** Last ThreadStats (JSON, rank null) of a thread that dropped out of the ranking. */
    threadStats: (threadId: string) => `${p}thread:${threadId}:stats`,
    /** Ranking and stats built by one run attempt before they are swapped in (readers never see half a ranking). */
    rankingStaging: (attemptId: string) => `${p}rank:staging:${attemptId}`,
    rankingStatsStaging: (attemptId: string) => `${p}rank:staging:${attemptId}:stats`,
    /** Deliveries decided by the latest committed run, re-enqueued verbatim if that run is retried. */
    rankingDeliveries: () => `${p}rank:deliveries`,

    summary: (threadId: string) => `${p}thread:${threadId}:summary`,

    subscription: (id: string) => `${p}sub:${id}`,
    /** Subscriptions of one chat/channel (destination key → set of subscription ids). */
    chatSubscriptions: (platform: string, chatId: string) => `${p}subs:chat:${platform}:${chatId}`,
    /** Subscriptions per target (thread id or `top:N`). */
    targetSubscriptions: (target: string) => `${p}subs:target:${target}`,
    allTopSubscriptionTargets: () => `${p}subs:top-targets`,
    alertSent: (alertId: string) => `${p}alert:sent:${alertId}`,
    alertLast: (subscriptionId: string, threadId: string) => `${p}alert:last:${subscriptionId}:${threadId}`,
    /** Per subscription: thread id → what the subscriber was last told (hysteresis state). */
    alertState: (subscriptionId: string) => `${p}alert:state:${subscriptionId}`,
    forumPost: (subscriptionId: string, threadId: string) => `${p}forum-post:${subscriptionId}:${threadId}`,
    rateLimit: (name: string) => `${p}ratelimit:${name}`,
    llmBudget: (hour: number) => `${p}llm:budget:${hour}`,
  } as const;
}

export type Keys = ReturnType<typeof createKeys>;

import { z } from 'zod';

/**
 * Queue names and one zod schema per payload. Producers parse before adding and processors parse
 * before working, so a malformed job fails loudly and permanently instead of half-running.
 */

export const QUEUES = {
  pollSource: 'poll-source',
  threadArticle: 'thread-article',
  summarizeThread: 'summarize-thread',
  rankThreads: 'rank-threads',
  deliverDiscord: 'deliver-discord',
  deliverTelegram: 'deliver-telegram',
  deliverConsole: 'deliver-console',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const pollSourcePayload = z.object({
  sourceId: z.string().min(1),
});
export type PollSourcePayload = z.output<typeof pollSourcePayload>;

/** One job per poll (or ingest batch), carrying the ids of the articles that poll stored. */
export const threadArticlePayload = z
  .object({
    articleIds: z.array(z.string().min(1)).max(10_000),
    /** Thread everything the reorder window still holds (the end of an ingest or a replay). */
    flush: z.boolean().optional(),
  })
  .refine((payload) => payload.articleIds.length > 0 || payload.flush === true, { message: 'must list at least one article id (or flush)', path: ['articleIds'] });
export type ThreadArticlePayload = z.output<typeof threadArticlePayload>;

export const summarizeThreadPayload = z.object({
  threadId: z.string().min(1),
});
export type SummarizeThreadPayload = z.output<typeof summarizeThreadPayload>;

export const rankThreadsPayload = z.object({
  /** Ranking time, epoch ms. Omitted = now; ingest/replay pass stream time. */
  at: z.number().int().positive().optional(),
});
export type RankThreadsPayload = z.output<typeof rankThreadsPayload>;

export const alertSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['climbed', 'fell', 'entered-top', 'left-top', 'became-first']),
  threadId: z.string().min(1),
  slug: z.string().min(1),
  title: z.string(),
  rank: z.number().int().nonnegative(),
  previousRank: z.number().int().positive().nullable(),
  topN: z.number().int().positive().optional(),
  virality: z.number(),
  articleCount: z.number().int().nonnegative(),
  at: z.number().int(),
  url: z.string().optional(),
});

const digestThreadSchema = z.object({
  threadId: z.string().min(1),
  slug: z.string().min(1),
  title: z.string(),
  rank: z.number().int().positive().nullable(),
});

export const digestSchema = z.object({
  id: z.string().min(1),
  kind: z.literal('digest'),
  period: z.enum(['update', 'daily']),
  topN: z.number().int().positive(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  entries: z.array(digestThreadSchema.extend({ bestRank: z.number().int().positive(), enteredAt: z.number().int() })),
  left: z.array(digestThreadSchema),
  leader: digestThreadSchema.nullable(),
  at: z.number().int(),
});

/**
 * One job per (subscription, alert or top-N message); the job id is the alert's (or message's) id,
 * so re-enqueueing is a no-op.
 */
export const deliverAlertPayload = z.object({
  subscriptionId: z.string().min(1),
  alert: z.discriminatedUnion('kind', [alertSchema, digestSchema]),
});
export type DeliverAlertPayload = z.output<typeof deliverAlertPayload>;

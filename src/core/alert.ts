/** Why a rank-change alert fired. */
export type AlertKind = 'climbed' | 'fell' | 'entered-top' | 'left-top' | 'became-first';

/** One rank-change alert for one subscription, as the deliver-alert job carries it. */
export interface Alert {
  /** Idempotency key: ranking run + subscription + thread + kind, so a retried ranking sends nothing twice. */
  id: string;
  kind: AlertKind;
  threadId: string;
  slug: string;
  title: string;
  rank: number;
  /** null when the thread was not ranked before. */
  previousRank: number | null;
  /** For top:N subscriptions. */
  topN?: number;
  virality: number;
  articleCount: number;
  /** Ranking time (stream time), epoch ms. */
  at: number;
  /** Newest article's URL, for the alert's link. */
  url?: string;
}

/** A thread named in a top-N message. */
export interface DigestThread {
  threadId: string;
  slug: string;
  title: string;
  /** Rank at the time of the message; null = no longer ranked. */
  rank: number | null;
}

/** A thread that entered the top N in the period a top-N message covers. */
export interface DigestEntry extends DigestThread {
  /** Best rank it reached in the period. */
  bestRank: number;
  /** When it (first, in the period) entered the top N, ranking time. */
  enteredAt: number;
}

/**
 * One message about the top N, listing what changed since the previous one:
 * - `update`: a `top:N` subscription's message, at most one per ALERT_TOP_INTERVAL_MINUTES: what
 *   entered the top N, what left it, and a new #1;
 * - `daily`: a `top:N digest` subscription's one message a day: what entered the top N on `day`.
 */
export interface DigestAlert {
  /** `update-<run>-<subscription hash>` or `digest-<day>-<subscription hash>`: a retried run sends nothing twice. */
  id: string;
  kind: 'digest';
  period: 'update' | 'daily';
  topN: number;
  /** The UTC day digested, `YYYY-MM-DD` (stream time); daily digests only. */
  day?: string;
  /** In the order they entered. Empty in a daily digest: nothing new entered that day. */
  entries: DigestEntry[];
  /** Threads told to be in the top N that have left it since (updates only). */
  left: DigestThread[];
  /** A new #1 that has held it for two rankings or leads clearly (updates only). */
  leader: DigestThread | null;
  /** Ranking time of the run that sent it. */
  at: number;
}

/** Everything the delivery queues carry: a rank-change alert or a top-N message. */
export type Notice = Alert | DigestAlert;

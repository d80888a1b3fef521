/** Why an alert fired. */
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

/**
 * The reorder window: the same articles must get the same threads whatever route brought them —
 * `ingest` (a file in publish order), the replay demo (per-outlet feeds polled in steps) or live
 * polling (outlets polled minutes apart). Online threading depends on order, so articles are not
 * threaded on arrival but held until the stream's watermark — the latest publish time seen, minus
 * the window — has passed them, and then threaded in stream order (publish time, then id). An
 * article arriving when the watermark is already past it (a feed polled very late) is threaded on
 * arrival. Publish times are clamped to fetch time when articles are stored, so a misdated future
 * article cannot push the watermark ahead of the real stream.
 *
 * The held articles and the watermark live in the thread store (`ThreadingBacklog`), so a crash
 * loses nothing: the next job threads what the last one held. At the end of an ingest or a replay a
 * flush threads everything still held.
 */

/**
 * Publish time as threading compares it: whole seconds, the precision feeds give (RFC 822 and
 * RFC 3339 dates as feeds write them), so an article read from a file with milliseconds and the same
 * article read from its feed are threaded at the same time, in the same order.
 */
export function streamTime(published: number): number {
  return Math.floor(published / 1000) * 1000;
}

/**
 * Stream order: publish time in whole seconds (`streamTime`), then id, so equal times never depend
 * on arrival or on how precise a route's timestamps are. Articles are threaded in this order, and
 * stored in it (the article store keeps the first of two copies of one story).
 */
export function byStreamOrder(a: { published: number; id: string }, b: { published: number; id: string }): number {
  return streamTime(a.published) - streamTime(b.published) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface HeldArticle {
  id: string;
  published: number;
}

export interface ThreadingBacklog {
  /** Holds articles until the watermark passes them (idempotent). */
  holdArticles(articles: readonly HeldArticle[]): Promise<void>;
  /** Everything held, oldest first. */
  heldArticles(): Promise<HeldArticle[]>;
  releaseArticles(ids: readonly string[]): Promise<void>;
  /** The stream's watermark (epoch ms), null before the first article. */
  getWatermark(): Promise<number | null>;
  /** Moves the watermark forward (never back). */
  advanceWatermark(at: number): Promise<void>;
}

/**
 * Which articles the watermark has passed. `window` is in stream time; `flush` releases all.
 * Returns the new watermark (never behind `previous`).
 */
export function releasable<T extends HeldArticle>(articles: readonly T[], previous: number | null, windowMs: number, flush: boolean): { ready: T[]; waiting: T[]; watermark: number | null } {
  let latest = -Infinity;
  for (const article of articles) if (streamTime(article.published) > latest) latest = streamTime(article.published);
  const candidate = Number.isFinite(latest) ? latest - windowMs : null;
  const watermark = previous === null ? candidate : candidate === null ? previous : Math.max(previous, candidate);
  if (flush || windowMs <= 0) return { ready: [...articles], waiting: [], watermark };
  const ready: T[] = [];
  const waiting: T[] = [];
  for (const article of articles) (watermark !== null && streamTime(article.published) <= watermark ? ready : waiting).push(article);
  return { ready, waiting, watermark };
}

import type { Lean } from './lean.js';

/**
 * One stored news article, normalised. Everything downstream (threading, stats, summaries) reads
 * only this shape, whatever feed format or replay file it came from.
 */
export interface Article {
  /** Stable id derived from the canonical URL (or the GUID when there is no link). */
  id: string;
  /** Configured source id; for articles ingested from a file, the outlet domain. */
  sourceId: string;
  /** Registrable outlet domain, e.g. `nytimes.com` (no `www.`). */
  outlet: string;
  /** Human outlet name, e.g. "The New York Times"; falls back to the domain. */
  outletName: string;
  title: string;
  /** Plain text, HTML stripped, entities decoded; may be empty. */
  summary: string;
  /** Full plain text when the stream provides it (replay files, BASIL); omitted for feeds. */
  text?: string;
  /** Canonical URL (tracking parameters removed). */
  url: string;
  /** Epoch milliseconds; clamped to fetch time when missing or in the future. */
  published: number;
  /** Epoch milliseconds when we first stored it. */
  fetchedAt: number;
  lean: Lean;
  /** ISO 3166-1 alpha-2, upper case (e.g. `US`, `GB`); empty when unknown. */
  country: string;
  /** True for items stored on the first poll of a new source: counted, never alerted on. */
  backlog: boolean;
}

import { createHash } from 'node:crypto';
import { urlIdentity } from './canonical-url.js';

function shortHash(input: string): string {
  return createHash('sha1').update(input).digest('base64url').slice(0, 16);
}

/**
 * Lower-case, accent-free, punctuation-free words: what stays the same when an editor swaps quotes,
 * dashes or capitalisation in a headline.
 */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Headline fingerprint scoped to one outlet; null for titles too short to identify an article on
 * their own ("Live", "Briefing") so they never collapse distinct items.
 */
export function titleFingerprint(outlet: string, title: string): string | null {
  const normalised = normaliseTitle(title);
  if (normalised.split(' ').length < 4) return null;
  return `title:${outlet}:${shortHash(normalised)}`;
}

export function urlFingerprint(canonical: string): string {
  return `url:${shortHash(urlIdentity(canonical))}`;
}

/**
 * Stable article id: the same canonical URL always gives the same id, on every machine — also for
 * the http/https and `www.` variants of it.
 */
export function articleIdFromUrl(canonical: string): string {
  return shortHash(`url:${urlIdentity(canonical)}`);
}

/** For items without a usable link; scoped by source because GUIDs are only unique per feed. */
export function articleIdFromGuid(sourceId: string, guid: string): string {
  return shortHash(`guid:${sourceId}:${guid.trim()}`);
}

/** Last resort for items with neither link nor GUID. */
export function articleIdFromTitle(sourceId: string, title: string): string {
  return shortHash(`title:${sourceId}:${normaliseTitle(title)}`);
}

/**
 * Feeds hand out the same article under many URLs: with campaign parameters, with a fragment,
 * with `www.` or without. Dedupe and ids must see one URL per article.
 */

// Exact names of parameters that only say how the reader arrived, never which page they got.
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  'igshid', 'igsh', 'mc_cid', 'mc_eid', 'mkt_tok', '_hsenc', '_hsmi', '_ga', '_gl', 'hsctatracking',
  'ocid', 'ncid', 'cmpid', 'cmp', 'cid', 'icid', 'ito', 'itm_source', 'itm_medium', 'itm_campaign', 'itm_content',
  's_cid', 'smid', 'smtyp', 'sr_share', 'ref', 'ref_src', 'ref_url', 'referrer', 'src', 'source', 'rss', 'track',
  'feedtype', 'feedname', 'xtor', 'wt.mc_id', 'wt_mc', 'ns_mchannel', 'ns_source', 'ns_campaign', 'ns_linkname',
  'ns_fee', 'spm', 'share', 'dicbo', 'soc_src', 'soc_trk', 'at_medium', 'at_campaign', 'at_ptr_name', 'guccounter',
  'guce_referrer', 'guce_referrer_sig', 'mbid', 'cmpgn', 'taid', 'utm',
]);
const TRACKING_PREFIXES = ['utm_', 'at_custom', 'pk_', 'mtm_', 'hmb_', 'vero_', 'oly_', 'rb_clickid'];

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * The article's URL without tracking parameters, fragment, default port or trailing `?`; remaining
 * parameters sorted so their order cannot make two URLs differ. Relative links resolve against
 * `base` (the feed URL). Returns null for anything that is not an http(s) URL.
 */
export function canonicalUrl(raw: string, base?: string): string | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = base ? new URL(trimmed, base) : new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  url.hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  const kept = [...url.searchParams.entries()].filter(([name]) => !isTrackingParam(name));
  kept.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  url.search = '';
  for (const [name, value] of kept) url.searchParams.append(name, value);
  return url.toString();
}

/**
 * The key two URLs of the same article share even when one is http and the other https, one has
 * `www.` or a trailing slash: used for the dedupe fingerprint, never shown.
 */
export function urlIdentity(canonical: string): string {
  const url = new URL(canonical);
  const host = url.hostname.replace(/^www\d*\./, '');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : '';
  return `${host}${path}${url.search}`;
}

/** Registrable-ish host of a URL without `www.`, or '' when it cannot be parsed. */
export function hostOf(raw: string): string {
  try {
    return new URL(raw).hostname.toLowerCase().replace(/\.$/, '').replace(/^www\d*\./, '');
  } catch {
    return '';
  }
}

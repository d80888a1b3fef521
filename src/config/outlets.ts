import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { OutletInfo } from '../core/articles/normalise.js';
import { normaliseDomain } from '../core/articles/stream-record.js';
import { cleanOutletName } from '../core/articles/text.js';
import { LEANS, type Lean } from '../core/lean.js';

/**
 * Lean and country per outlet domain, from Media Bias/Fact Check ratings (via mbfcext and idiap
 * News-Media-Reliability), shipped as data/outlets/outlets.csv. Rates articles from outlets that are
 * not configured sources (replay, eval, ingest).
 */

export const DEFAULT_OUTLETS_CSV = fileURLToPath(new URL('../../data/outlets/outlets.csv', import.meta.url));
// Read directly rather than through sources.ts, which itself rates sources with this directory.
const DEFAULT_SOURCES_JSON = fileURLToPath(new URL('./default-sources.json', import.meta.url));

// The CSV names countries in lower case, with a few typos and "a/b" pairs (the first one wins).
const COUNTRY_CODES: Record<string, string> = {
  usa: 'US', 'united states': 'US', 'united states of america': 'US', us: 'US', canada: 'CA', 'united kingdom': 'GB', uk: 'GB',
  england: 'GB', scotland: 'GB', wales: 'GB', australia: 'AU', india: 'IN', germany: 'DE', france: 'FR', russia: 'RU',
  israel: 'IL', netherlands: 'NL', 'south africa': 'ZA', china: 'CN', japan: 'JP', italy: 'IT', ireland: 'IE', sweden: 'SE',
  ukraine: 'UA', turkey: 'TR', switzerland: 'CH', philippines: 'PH', belgium: 'BE', beligium: 'BE',
  'united arab emirates': 'AE', spain: 'ES', 'south korea': 'KR', malaysia: 'MY', indonesia: 'ID', egypt: 'EG',
  taiwan: 'TW', 'saudi arabia': 'SA', pakistan: 'PK', 'hong kong': 'HK', greece: 'GR', finland: 'FI', cyprus: 'CY',
  argentina: 'AR', singapore: 'SG', romania: 'RO', iran: 'IR', austria: 'AT', thailand: 'TH', slovenia: 'SI',
  poland: 'PL', norway: 'NO', 'north korea': 'KP', nigeria: 'NG', 'new zealand': 'NZ', mexico: 'MX', lebanon: 'LB',
  kenya: 'KE', jordan: 'JO', iraq: 'IQ', iceland: 'IS', ecuador: 'EC', denmark: 'DK', 'czech republic': 'CZ',
  czechia: 'CZ', bangladesh: 'BD', zimbabwe: 'ZW', uruguay: 'UY', tunisia: 'TN', syria: 'SY', 'sri lanka': 'LK',
  serbia: 'RS', qatar: 'QA', 'puerto rico': 'PR', portugal: 'PT', macedonia: 'MK', 'north macedonia': 'MK',
  lithuania: 'LT', latvia: 'LV', hungary: 'HU', guam: 'GU', estonia: 'EE', cuba: 'CU', croatia: 'HR',
  'costa rica': 'CR', colombia: 'CO', columbia: 'CO', cameroon: 'CM', cambodia: 'KH', bulgaria: 'BG', belarus: 'BY',
  armenia: 'AM', andorra: 'AD', brazil: 'BR', chile: 'CL', peru: 'PE', venezuela: 'VE', vietnam: 'VN', ghana: 'GH',
  ethiopia: 'ET', nepal: 'NP', 'new caledonia': 'NC', malta: 'MT', luxembourg: 'LU', slovakia: 'SK', georgia: 'GE',
  kazakhstan: 'KZ', morocco: 'MA', algeria: 'DZ', palestine: 'PS', kuwait: 'KW', bahrain: 'BH', oman: 'OM',
};

/** Lower-case country name (as in outlets.csv) → ISO 3166-1 alpha-2 upper case; unknown → ''. */
export function countryCode(name: string): string {
  const cleaned = name.trim().toLowerCase();
  if (cleaned === '') return '';
  if (/^[a-z]{2}$/.test(cleaned) && !(cleaned in COUNTRY_CODES)) return cleaned.toUpperCase();
  const first = cleaned.split('/')[0]?.trim() ?? '';
  return COUNTRY_CODES[cleaned] ?? COUNTRY_CODES[first] ?? '';
}

export interface OutletRecord extends OutletInfo {
  /** The directory entry that matched (may be a parent of the domain asked for). */
  domain: string;
}

export interface OutletDirectory {
  /** Always answers: an unknown domain gets its own name, lean `unrated` and country ''. */
  lookup(domain: string): OutletRecord;
  /** Like lookup, but undefined when neither the domain nor a parent is listed. */
  find(domain: string): OutletRecord | undefined;
  readonly size: number;
}

const isLean = (value: string): value is Lean => (LEANS as readonly string[]).includes(value);

export function parseOutletsCsv(csvText: string): Map<string, OutletRecord> {
  const rows = parse(csvText, { columns: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as Record<string, string | undefined>[];
  const outlets = new Map<string, OutletRecord>();
  for (const row of rows) {
    const domain = normaliseDomain(row['domain'] ?? '');
    const lean = (row['lean'] ?? '').toLowerCase();
    if (domain === '' || !domain.includes('.') || outlets.has(domain)) continue;
    outlets.set(domain, {
      domain,
      name: cleanOutletName(row['name']),
      lean: isLean(lean) ? lean : 'unrated',
      country: countryCode(row['country'] ?? ''),
    });
  }
  return outlets;
}

export function createOutletDirectory(outlets: Map<string, OutletRecord> = loadDefaultOutlets()): OutletDirectory {
  const find = (domain: string): OutletRecord | undefined => {
    let candidate = normaliseDomain(domain);
    // `in.reuters.com` → `reuters.com`; stop before bare TLDs like `co.uk`/`com`.
    while (candidate.includes('.')) {
      const hit = outlets.get(candidate);
      if (hit) return { ...hit, name: hit.name || hit.domain };
      candidate = candidate.slice(candidate.indexOf('.') + 1);
    }
    return undefined;
  };
  return {
    find,
    lookup(domain) {
      const normalised = normaliseDomain(domain);
      return find(normalised) ?? { domain: normalised, name: normalised, lean: 'unrated', country: '' };
    },
    get size() {
      return outlets.size;
    },
  };
}

/** `Fox News – World` → `Fox News`: a source's name is its outlet's name plus the section it polls. */
export function outletNameOfSource(sourceName: string): string {
  return sourceName.split(/\s+[–—]\s+/)[0]?.trim() ?? '';
}

/**
 * Outlets the CSV lists without a name (foxnews.com, …) take the name of the shipped source for that
 * domain, so readers see "Fox News" rather than a bare domain. Names the CSV has are kept.
 */
export function nameOutletsFromSources(outlets: Map<string, OutletRecord>, sources: readonly { name: string; url: string; domain?: string | undefined }[]): void {
  for (const source of sources) {
    const domain = normaliseDomain(source.domain ?? new URL(source.url).hostname);
    const outlet = outlets.get(domain);
    const name = outletNameOfSource(source.name);
    if (outlet && outlet.name === '' && name !== '') outlet.name = name;
  }
}

let defaultOutlets: Map<string, OutletRecord> | undefined;

/** Parsed once per process: the CSV is 7,000 rows and every lookup needs it. */
export function loadDefaultOutlets(): Map<string, OutletRecord> {
  if (defaultOutlets) return defaultOutlets;
  const outlets = parseOutletsCsv(readFileSync(DEFAULT_OUTLETS_CSV, 'utf8'));
  const shipped = JSON.parse(readFileSync(DEFAULT_SOURCES_JSON, 'utf8')) as { sources: { name: string; url: string; domain?: string }[] };
  nameOutletsFromSources(outlets, shipped.sources);
  defaultOutlets = outlets;
  return outlets;
}

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { normaliseDomain } from '../core/articles/stream-record.js';
import { LEANS, type Lean } from '../core/lean.js';
import { createOutletDirectory, type OutletDirectory } from './outlets.js';

/**
 * The sources file: which feeds to poll, with each outlet's lean and country. JSON or YAML, either a
 * bare list or `{ sources: [...] }`. `domain`, `lean` and `country` may be left out: they then come
 * from the feed URL and the outlet directory (Media Bias/Fact Check ratings).
 */

export const DEFAULT_SOURCES_FILE = fileURLToPath(new URL('./default-sources.json', import.meta.url));

const feedUrl = z.string({ message: 'is required' }).trim().refine((value) => {
  try {
    const url = new URL(value);
    const httpScheme = url.protocol === 'http:' || url.protocol === 'https:';
    return httpScheme && (url.hostname.includes('.') || url.hostname === 'localhost');
  } catch {
    return false;
  }
}, 'must be an http(s) feed URL');

const sourceSchema = z.object({
  id: z.string({ message: 'is required' }).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and "-" only (max 64)'),
  name: z.string({ message: 'is required' }).trim().min(1, 'must not be empty'),
  url: feedUrl,
  domain: z.string().trim().transform(normaliseDomain).refine((d) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d), 'must be a domain like bbc.co.uk').optional(),
  lean: z.enum(LEANS, { message: `must be one of ${LEANS.join(', ')}` }).optional(),
  country: z.string().trim().regex(/^([A-Za-z]{2})?$/, 'must be an ISO 3166-1 alpha-2 code like US or GB (or empty)').transform((c) => c.toUpperCase()).optional(),
  pollMinutes: z.number({ message: 'must be a number of minutes' }).min(1, 'must be at least 1').max(24 * 60, 'must be at most 1440').optional(),
}, { message: 'must be an object with id, name and url' }).strict();

const sourcesFileSchema = z
  .preprocess((value) => (Array.isArray(value) ? { sources: value } : value), z.object({ sources: z.array(sourceSchema, { message: 'must be a list of sources' }).min(1, 'lists no sources') }, { message: 'must be a list of sources or { sources: [...] }' }))
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.sources.forEach((source, index) => {
      const first = seen.get(source.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['sources', index, 'id'], message: `duplicate id "${source.id}" (also sources.${first})` });
      else seen.set(source.id, index);
    });
  });

/** A configured source with every field resolved. */
export interface Source {
  id: string;
  name: string;
  url: string;
  domain: string;
  lean: Lean;
  country: string;
  /** Poll interval override; the global POLL_INTERVAL_MINUTES applies when absent. */
  pollMinutes?: number;
}

export class SourcesFileError extends Error {
  override readonly name = 'SourcesFileError';
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

export function parseSources(text: string, format: 'json' | 'yaml', outlets: OutletDirectory = createOutletDirectory()): Source[] {
  let raw: unknown;
  try {
    raw = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new SourcesFileError([`(root): not valid ${format.toUpperCase()}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`]);
  }
  const parsed = sourcesFileSchema.safeParse(raw);
  if (!parsed.success) throw new SourcesFileError(parsed.error.issues.map((issue) => `${issuePath(issue.path)}: ${issue.message}`));
  return parsed.data.sources.map((entry) => {
    const domain = entry.domain ?? normaliseDomain(new URL(entry.url).hostname);
    const outlet = outlets.lookup(domain);
    const source: Source = {
      id: entry.id,
      name: entry.name,
      url: entry.url,
      domain,
      lean: entry.lean ?? outlet.lean,
      country: entry.country ?? outlet.country,
    };
    if (entry.pollMinutes !== undefined) source.pollMinutes = entry.pollMinutes;
    return source;
  });
}

/** Reads a sources file (format from the extension; YAML unless it ends in .json). No path = built-in list. */
export async function loadSources(path: string = DEFAULT_SOURCES_FILE, outlets?: OutletDirectory): Promise<Source[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SourcesFileError([`(file): cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  return parseSources(text, extname(path).toLowerCase() === '.json' ? 'json' : 'yaml', outlets);
}

export interface SourceCounts {
  total: number;
  byLean: Record<Lean, number>;
  /** Country code → count, '' for unknown; sorted by count, descending. */
  byCountry: [string, number][];
  outsideUs: number;
}

export function countSources(sources: Source[]): SourceCounts {
  const byLean = Object.fromEntries(LEANS.map((lean) => [lean, 0])) as Record<Lean, number>;
  const countries = new Map<string, number>();
  for (const source of sources) {
    byLean[source.lean] += 1;
    countries.set(source.country, (countries.get(source.country) ?? 0) + 1);
  }
  const byCountry = [...countries.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { total: sources.length, byLean, byCountry, outsideUs: sources.filter((s) => s.country !== 'US' && s.country !== '').length };
}

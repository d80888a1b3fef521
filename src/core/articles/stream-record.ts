import { z } from 'zod';
import { issueLines } from '../zod-issues.js';

/**
 * One line of a JSON-lines article stream — the format of `eval-threads`, `ingest` and `replay`
 * (and of the shipped UCI and BASIL copies). `story` is a gold label used only for scoring.
 */
export const streamRecordSchema = z.object({
  id: z.coerce.string().min(1),
  title: z.string(),
  summary: z.string().optional(),
  text: z.string().optional(),
  /** The scraped page itself, when a scraper kept it; its article text is extracted when `text` is absent. */
  html: z.string().optional(),
  url: z.string().min(1),
  source: z.string().min(1, 'source domain is required'),
  publisher: z.string().optional(),
  published: z.string().refine((value) => Number.isFinite(Date.parse(value)), 'must be an ISO date'),
  story: z.coerce.string().optional(),
});

export type StreamRecord = z.output<typeof streamRecordSchema>;

export type ParsedLine = { ok: true; record: StreamRecord } | { ok: false; error: string };

export function parseStreamLine(line: string): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
  const parsed = streamRecordSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: issueLines(parsed.error, '(line)').join('; ') };
  return { ok: true, record: parsed.data };
}

/** `www.` and a trailing dot say nothing about the outlet; dropping them makes lookups match. */
export function normaliseDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '').replace(/^www\d*\./, '');
}

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseStreamLine, type StreamRecord } from '../core/articles/stream-record.js';

export interface StreamFileResult {
  records: StreamRecord[];
  /** Lines that could not be used, with 1-based line numbers, so the caller can report them. */
  rejected: { line: number; error: string }[];
}

/** Reads a JSON-lines article stream and returns its records sorted by publish time (stable). */
export async function readStreamFile(path: string): Promise<StreamFileResult> {
  const records: StreamRecord[] = [];
  const rejected: StreamFileResult['rejected'] = [];
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const parsed = parseStreamLine(line);
    if (parsed.ok) records.push(parsed.record);
    else rejected.push({ line: lineNumber, error: parsed.error });
  }
  const order = records.map((record, index) => ({ record, index, at: Date.parse(record.published) }));
  order.sort((a, b) => a.at - b.at || a.index - b.index);
  return { records: order.map((o) => o.record), rejected };
}

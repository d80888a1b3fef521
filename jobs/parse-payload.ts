import { UnrecoverableError } from 'bullmq';
import type { z } from 'zod';
import { issueLines } from '../src/core/zod-issues.js';

/**
 * Every processor parses its job's data with the queue's schema first. A payload that does not fit
 * will not fit on any retry either, so it fails permanently, naming each bad field. `queue` is the
 * queue's name, or its family for the three deliver queues that share one payload.
 */
export function parseJobPayload<Schema extends z.ZodType>(schema: Schema, data: unknown, queue: string): z.output<Schema> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${queue} payload: ${issueLines(parsed.error).join('; ')}`);
  return parsed.data;
}

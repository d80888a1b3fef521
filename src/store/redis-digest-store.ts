import type { RedisClient } from './redis-client.js';
import { z } from 'zod';
import type { QaAnswer, ThreadDigest } from '../core/digest.js';
import { LEAN_BUCKETS } from '../core/lean.js';
import type { DigestStore } from '../core/summaries/digest-store.js';
import { answerQuestion, type IndexedSentence } from '../core/summaries/retrieval.js';
import type { SummaryBasis } from '../core/summaries/materiality.js';
import type { Keys } from './keys.js';

/**
 * One hash per thread (`thread:{id}:summary`): the digest, the sentence index offline Q&A searches,
 * and the thread state the digest was computed from (to decide whether a later change is material).
 * Written in one script so a reader never sees a digest next to another version's index, and an
 * older version never overwrites a newer one when two workers race.
 */

const citedText = z.object({ text: z.string(), sources: z.array(z.string()) });
const perspective = citedText.extend({ framing: z.string().optional(), terms: z.array(z.string()).optional() });
const digestSchema = z.object({
  threadId: z.string(),
  version: z.number(),
  generatedAt: z.number(),
  generator: z.enum(['extractive', 'llm']),
  summary: citedText,
  perspectives: z.object({ left: perspective.nullable(), center: perspective.nullable(), right: perspective.nullable() }),
  qa: z.array(z.object({ question: z.string(), answer: z.string(), sources: z.array(z.string()), highlight: z.string().optional() })),
});
const indexSchema = z.array(z.object({ text: z.string(), sources: z.array(z.string()), published: z.number(), headline: z.boolean().optional(), previous: z.number().int().nonnegative().optional() }));
const basisSchema = z.object({ version: z.number(), title: z.string(), articleCount: z.number(), buckets: z.array(z.enum(LEAN_BUCKETS)) });

const PUT_IF_NOT_OLDER = `
local stored = redis.call('HGET', KEYS[1], 'version')
if stored and tonumber(stored) > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'digest', ARGV[2], 'index', ARGV[3])
if ARGV[4] == '' then redis.call('HDEL', KEYS[1], 'basis') else redis.call('HSET', KEYS[1], 'basis', ARGV[4]) end
return 1
`;

export function createRedisDigestStore(redis: RedisClient, keys: Keys): DigestStore {
  async function readField<T>(threadId: string, field: string, schema: z.ZodType<T>): Promise<T | null> {
    const raw = await redis.hget(keys.summary(threadId), field);
    if (raw === null) return null;
    // A value that no longer parses (written by an older release) is treated as absent: the next
    // summarize job rewrites it.
    try {
      const parsed = schema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  return {
    get(threadId: string): Promise<ThreadDigest | null> {
      return readField(threadId, 'digest', digestSchema);
    },

    getBasis(threadId: string): Promise<SummaryBasis | null> {
      return readField(threadId, 'basis', basisSchema);
    },

    async put(digest: ThreadDigest, sentences: readonly IndexedSentence[], basis?: SummaryBasis): Promise<boolean> {
      const written = await redis.eval(
        PUT_IF_NOT_OLDER,
        1,
        keys.summary(digest.threadId),
        String(digest.version),
        JSON.stringify(digest),
        JSON.stringify(sentences),
        basis === undefined ? '' : JSON.stringify(basis),
      );
      return written === 1;
    },

    async answer(threadId: string, question: string): Promise<QaAnswer> {
      const index = await readField(threadId, 'index', indexSchema);
      return answerQuestion(question, index ?? []);
    },
  };
}

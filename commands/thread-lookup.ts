import { UserError } from '../src/core/errors.js';
import { joinAlternatives } from '../src/core/render/format.js';
import type { ThreadRecord } from '../src/core/thread.js';
import type { ThreadReader } from './deps.js';

/** Merges can chain (a into b, b into c); a short bound keeps a corrupt cycle from looping. */
const MAX_MERGE_HOPS = 5;

export function unknownThreadError(text: string, suggestions: readonly string[]): UserError {
  const hint = suggestions.length > 0 ? `Did you mean ${joinAlternatives(suggestions.slice(0, 3))}?` : 'See `/top` for the threads followed now.';
  return new UserError(`No thread \`${text}\`.`, [hint]);
}

/** A public thread by slug, alias or title words; merged threads lead to the thread they joined. */
export async function findPublicThread(threads: ThreadReader, text: string): Promise<ThreadRecord & { slug: string }> {
  const resolution = await threads.resolveSlug(text);
  if (resolution.threadId === null) throw unknownThreadError(text, resolution.suggestions);
  let thread = await threads.getThread(resolution.threadId);
  for (let hop = 0; thread?.status === 'merged' && thread.mergedInto && hop < MAX_MERGE_HOPS; hop += 1) {
    thread = await threads.getThread(thread.mergedInto);
  }
  if (!thread || thread.slug === null || !thread.isPublic || thread.status === 'merged') throw unknownThreadError(text, []);
  return { ...thread, slug: thread.slug };
}

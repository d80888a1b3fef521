import { UserError } from '../src/core/errors.js';
import type { Action } from '../src/core/reply.js';
import { joinAlternatives } from '../src/core/render/format.js';
import type { ThreadRecord } from '../src/core/thread.js';
import type { ThreadReader } from './deps.js';

/** Merges can chain (a into b, b into c); a short bound keeps a corrupt cycle from looping. */
const MAX_MERGE_HOPS = 5;

const SUGGESTIONS_SHOWN = 3;

export function unknownThreadError(text: string, suggestions: readonly string[]): UserError {
  const shown = suggestions.slice(0, SUGGESTIONS_SHOWN);
  if (shown.length === 0) {
    return new UserError(`No thread \`${text}\`.`, ['See `/top` for the threads followed now.'], [{ label: 'Top threads', command: 'top' }]);
  }
  const actions: Action[] = shown
    .map((slug) => ({ label: slug, command: `thread ${slug}` }))
    // Telegram callback_data and Discord custom_id cap at 64 bytes.
    .filter((action) => Buffer.byteLength(action.command) <= 64);
  return new UserError(`No thread \`${text}\`.`, [`Did you mean ${joinAlternatives(shown)}?`], actions);
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

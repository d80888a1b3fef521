import { UserError } from '../src/core/errors.js';
import type { IndexedThread } from '../src/core/finding/catalog-index.js';
import type { ThreadFinder } from '../src/core/finding/finder.js';
import { analyseQuery, displayText, type QueryProblem } from '../src/core/finding/query.js';
import type { Action } from '../src/core/reply.js';
import type { ThreadRecord } from '../src/core/thread.js';
import type { ThreadReader } from './deps.js';

/** Merges can chain (a into b, b into c); a short bound keeps a corrupt cycle from looping. */
const MAX_MERGE_HOPS = 5;

const SUGGESTIONS_SHOWN = 3;
/** Telegram callback_data and Discord custom_id cap at 64 bytes. */
const BUTTON_PAYLOAD_MAX = 64;

export interface LookupDeps {
  threads: ThreadReader;
  finder: ThreadFinder;
}

export type PublicThread = ThreadRecord & { slug: string };

export interface ThreadLookup {
  thread: PublicThread;
  /** Threads that matched about as well (free text only), best first. */
  also: IndexedThread[];
  /** The slug or alias typed, when it was an alias of a merged thread. */
  viaAlias?: string;
}

/** "Topic (`slug`)", joined as "a, b or c". */
export function nameThreads(threads: readonly { slug: string; topic?: string }[]): string {
  const named = threads.map((thread) => (thread.topic ? `${thread.topic} (\`${thread.slug}\`)` : `\`${thread.slug}\``));
  return named.length <= 1 ? named.join('') : `${named.slice(0, -1).join(', ')} or ${named.at(-1)}`;
}

/** A button that re-runs `command <slug>` (dropped when the payload would not fit a platform's limit). */
export function slugActions(threads: readonly { slug: string; topic?: string }[], command: (slug: string) => string, label: (thread: { slug: string; topic?: string }) => string): Action[] {
  return threads
    .map((thread) => ({ label: label(thread), command: command(thread.slug) }))
    .filter((action) => Buffer.byteLength(action.command) <= BUTTON_PAYLOAD_MAX);
}

export function unknownThreadError(text: string, suggestions: readonly { slug: string; topic?: string }[], command = (slug: string) => `thread ${slug}`): UserError {
  const shown = suggestions.slice(0, SUGGESTIONS_SHOWN);
  const typed = displayText(text);
  if (shown.length === 0) {
    return new UserError(`No thread matches \`${typed}\`.`, ['See `/top` for the threads followed now.'], [{ label: 'Top threads', command: 'top' }]);
  }
  return new UserError(`No thread matches \`${typed}\`.`, [`Did you mean ${nameThreads(shown)}?`], slugActions(shown, command, (thread) => thread.topic || thread.slug));
}

const EXAMPLE = 'e.g. `/thread trump putin` or `/thread flappy-bird stats`';

/** What is wrong with the text, said so a person can fix it. */
export function queryProblemError(problem: QueryProblem, text: string): UserError {
  const typed = displayText(text, 40);
  const top: Action[] = [{ label: 'Top threads', command: 'top' }];
  switch (problem) {
    case 'empty':
      return new UserError('Which thread? Type a few words of the story.', [EXAMPLE], top);
    case 'too-long':
      return new UserError('That is too long for a thread name (100 characters at most).', [`Type two or three words of the story, ${EXAMPLE}.`], top);
    case 'no-words':
      return new UserError(`\`${typed}\` has no letters or digits to look for.`, [`Type a few words of the story, ${EXAMPLE}.`], top);
    case 'too-short':
      return new UserError(`\`${typed}\` is too short to look for.`, [`Type at least two letters of a name in the story, ${EXAMPLE}.`], top);
    case 'only-stopwords':
      return new UserError(`\`${typed}\` is too common a word to find one story.`, [`Add a name or another word of the story, ${EXAMPLE}.`], top);
  }
}

async function publicRecord(threads: ThreadReader, threadId: string): Promise<PublicThread | null> {
  let thread = await threads.getThread(threadId);
  for (let hop = 0; thread?.status === 'merged' && thread.mergedInto && hop < MAX_MERGE_HOPS; hop += 1) {
    thread = await threads.getThread(thread.mergedInto);
  }
  if (!thread || thread.slug === null || !thread.isPublic || thread.status === 'merged') return null;
  return { ...thread, slug: thread.slug };
}

/**
 * A public thread from whatever the person typed: a slug or alias, the topic's words in any form,
 * names from the headlines, typos (the finder). A slug issued since the index was read is still
 * found through the store. Merged threads lead to the thread they joined.
 */
export async function lookUpThread(deps: LookupDeps, text: string): Promise<ThreadLookup> {
  const outcome = await deps.finder.find(text);
  if (outcome.kind === 'invalid') throw queryProblemError(outcome.problem, text);
  if (outcome.kind === 'found') {
    const thread = await publicRecord(deps.threads, outcome.thread.entry.threadId);
    if (thread) {
      const slug = analyseQuery(text).slug;
      const viaAlias = outcome.exact && slug !== thread.slug ? slug : undefined;
      return { thread, also: outcome.also.filter((other) => other.entry.threadId !== thread.id), ...(viaAlias ? { viaAlias } : {}) };
    }
  }
  const resolution = await deps.threads.resolveSlug(analyseQuery(text).slug);
  if (resolution.threadId !== null) {
    const thread = await publicRecord(deps.threads, resolution.threadId);
    if (thread) return { thread, also: [] };
  }
  const suggestions = outcome.kind === 'none' ? outcome.suggestions.map((candidate) => ({ slug: candidate.entry.slug, topic: candidate.entry.topic })) : [];
  throw unknownThreadError(text, suggestions);
}

/** For commands that act on one thread (subscribe): free text must point at one thread clearly. */
export async function findPublicThread(deps: LookupDeps, text: string, command: (slug: string) => string): Promise<PublicThread> {
  const lookup = await lookUpThread(deps, text);
  if (lookup.also.length === 0) return lookup.thread;
  const choices = [{ slug: lookup.thread.slug, topic: lookup.thread.topic || lookup.thread.title }, ...lookup.also.map((other) => ({ slug: other.entry.slug, topic: other.entry.topic }))];
  throw new UserError(`\`${displayText(text)}\` matches more than one thread.`, [`Which one: ${nameThreads(choices)}?`], slugActions(choices, command, (choice) => choice.topic || choice.slug));
}

import { truncate } from './render/format.js';

/**
 * The first-run state in one line: the news feeds have been tried and not one has answered (no
 * network, a proxy, a bad sources file). The console banner and `/top` say the same thing, with the
 * failing count and what to do next, instead of an empty list that explains nothing.
 */

/** The part of a source's health record this needs (the store's records and the command port both fit). */
export interface FeedHealthLike {
  lastSuccessAt?: number | null;
  lastError?: string | null;
  consecutiveFailures?: number;
  disabled?: boolean;
  disabledReason?: string | null;
}

const ERROR_CHARS = 80;

/** The demo's threads live on their own prefix (DEMO_REDIS_PREFIX); `--demo` opens them. */
export const DEMO_CONSOLE = 'npm run -s cli -- console --demo';
export const DEMO_HINT = `try the demo: \`npm run demo\`, then \`${DEMO_CONSOLE}\``;

function hasFailed(source: FeedHealthLike): boolean {
  return (source.consecutiveFailures ?? 0) > 0 || source.disabled === true || Boolean(source.disabledReason);
}

/** The error most failing sources share ("host not found (ENOTFOUND)" when there is no network). */
function commonError(failing: readonly FeedHealthLike[]): { text: string; shared: number } | undefined {
  const counts = new Map<string, number>();
  for (const source of failing) {
    const error = source.lastError ?? source.disabledReason;
    if (error) counts.set(error, (counts.get(error) ?? 0) + 1);
  }
  let best: { text: string; shared: number } | undefined;
  for (const [text, shared] of counts) if (!best || shared > best.shared) best = { text, shared };
  return best;
}

/**
 * Null once any feed has ever been fetched successfully on this prefix, or while none has been tried.
 * `configured`: how many sources this install polls (health records exist only for sources tried so
 * far), so the line can say how many are still waiting for their first poll. `nextStep` replaces
 * the suggestion to run the demo (the console, once the demo has run, points at its threads instead).
 */
export function noFeedAnsweredLine(health: readonly FeedHealthLike[], options: { configured?: number; nextStep?: string } = {}): string | null {
  if (health.some((source) => source.lastSuccessAt)) return null;
  const failing = health.filter(hasFailed);
  if (failing.length === 0) return null;
  const total = Math.max(options.configured ?? health.length, health.length);
  const untried = total - failing.length;
  const count = untried === 0 ? (total === 1 ? 'the only source failing' : `all ${total} failing`) : `${failing.length} of ${total} failing, ${untried} not answered yet`;
  const error = commonError(failing);
  const why = !error ? '' : error.shared === failing.length ? `: ${truncate(error.text, ERROR_CHARS)}` : `, most often: ${truncate(error.text, ERROR_CHARS)}`;
  return `No news feed has answered yet: ${count}${why}. Check this machine's network connection, or ${options.nextStep ?? DEMO_HINT}.`;
}

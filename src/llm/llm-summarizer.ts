import { z } from 'zod';
import { issueLines } from '../core/zod-issues.js';
import type { Article } from '../core/article.js';
import type { CitedText, ThreadDigest } from '../core/digest.js';
import { leanBucket, type LeanBucket } from '../core/lean.js';
import type { ThreadRecord } from '../core/thread.js';
import type { SummarizeInput } from '../core/summaries/extractive.js';
import { boundArticles } from '../core/summaries/sentence-pool.js';
import type { Logger } from '../logger.js';
import { LlmError, type ChatClient, type ChatMessage, type LlmFailureKind } from './chat-client.js';

/**
 * Summaries, perspectives and suggested Q&A written by an LLM from the thread's articles. The model
 * sees each article's outlet and lean and must cite outlets by those names; whatever it returns is
 * checked (shape, citations, sides) and any failure yields the extractive digest instead — a
 * thread page never goes without a summary because a model was slow, rate-limited or creative.
 */

export type FallbackReason = LlmFailureKind | 'invalid-output' | 'unexpected';

export interface LlmSummarizerOptions {
  client: Pick<ChatClient, 'complete'>;
  fallback: { summarize(input: SummarizeInput): Promise<ThreadDigest> };
  logger: Logger;
  /** Upper bound on the characters of article text sent per call (LLM_MAX_INPUT_CHARS). */
  maxInputChars: number;
  /** Articles per side of the spectrum sent to the model. */
  maxArticlesPerBucket?: number;
  /** Called once per fallback, with why; the runtime counts these in its metrics. */
  onFallback?: (reason: FallbackReason) => void;
  now?: () => number;
}

const cited = z.object({ text: z.string().trim().min(1), sources: z.array(z.string()) });
const outputSchema = z.object({
  summary: cited,
  perspectives: z.object({ left: cited.nullable(), center: cited.nullable(), right: cited.nullable() }),
  qa: z.array(z.object({ question: z.string().trim().min(1), answer: z.string().trim().min(1), sources: z.array(z.string()) })),
});
type LlmOutput = z.output<typeof outputSchema>;

const MIN_QA = 5;
const MAX_QA = 10;
const SIDE_LABEL: Record<LeanBucket | 'unrated', string> = { left: 'left-leaning', center: 'center', right: 'right-leaning', unrated: 'unrated' };

const SYSTEM_PROMPT = [
  'You summarise news coverage for a neutral news bot. Use ONLY facts stated in the articles given; never add outside knowledge.',
  'Each article is labelled with its outlet name and that outlet\'s political lean (left-leaning, center, right-leaning, unrated).',
  'Reply with ONE JSON object and nothing else, of exactly this shape:',
  '{"summary":{"text":"3-4 sentences on what happened","sources":["Outlet"]},',
  ' "perspectives":{"left":{"text":"2-3 sentences on what left-leaning outlets report and emphasise","sources":["Outlet"]},"center":{...},"right":{...}},',
  ' "qa":[{"question":"a question a reader would ask","answer":"1-2 sentences","sources":["Outlet"]}]}',
  'Rules: "sources" lists outlet names exactly as given. A perspective uses only articles from outlets of that lean and is null when no such article is given.',
  `Give ${MIN_QA} to ${MAX_QA} Q&A pairs, each answered only from the articles. Write plain text, no markdown.`,
].join('\n');

export function createLlmSummarizer(options: LlmSummarizerOptions) {
  const now = options.now ?? Date.now;
  const maxPerBucket = options.maxArticlesPerBucket ?? 15;

  async function fallBack(input: SummarizeInput, reason: FallbackReason, detail: string): Promise<ThreadDigest> {
    options.logger.warn({ threadId: input.thread.id, reason, detail }, 'LLM summary failed; using the extractive summary');
    options.onFallback?.(reason);
    return options.fallback.summarize(input);
  }

  return {
    generator: 'llm' as const,
    async summarize(input: SummarizeInput): Promise<ThreadDigest> {
      const articles = boundArticles(input.articles, maxPerBucket);
      const messages = buildMessages(input.thread, articles, options.maxInputChars);
      let content: string;
      try {
        content = await options.client.complete(messages);
      } catch (error) {
        // Whatever went wrong (even a bug in the client), the thread still gets its summary.
        if (error instanceof LlmError) return fallBack(input, error.kind, error.message);
        return fallBack(input, 'unexpected', error instanceof Error ? error.message : String(error));
      }
      const checked = checkOutput(content, articles);
      if (typeof checked === 'string') return fallBack(input, 'invalid-output', checked);
      return {
        threadId: input.thread.id,
        version: input.thread.version,
        generatedAt: now(),
        generator: 'llm',
        summary: checked.summary,
        perspectives: checked.perspectives,
        qa: checked.qa,
      };
    },
  };
}

/** The prompt: the thread's headline, then each article (oldest first) with outlet, lean and an excerpt. */
export function buildMessages(thread: ThreadRecord, articles: readonly Article[], maxInputChars: number): ChatMessage[] {
  const header = `Story: ${thread.title}\nArticles (oldest first):\n`;
  const footerReserve = 200;
  const ordered = [...articles].sort((a, b) => a.published - b.published);
  // Equal shares of the budget per article, so a long first article cannot starve the rest.
  const perArticle = Math.max(200, Math.floor((maxInputChars - header.length - footerReserve) / Math.max(1, ordered.length)));
  let body = '';
  for (const [index, article] of ordered.entries()) {
    const label = `[${index + 1}] ${article.outletName} (${SIDE_LABEL[leanBucket(article.lean)]}), ${new Date(article.published).toISOString().slice(0, 10)}: `;
    const content = [article.title, article.summary, article.text ?? ''].filter((part) => part.trim() !== '').join('\n');
    const entry = `${label}${content.slice(0, Math.max(0, perArticle - label.length))}\n\n`;
    if (header.length + body.length + entry.length + footerReserve > maxInputChars) break;
    body += entry;
  }
  // Said outright, because small local models otherwise invent a view for the silent side.
  const silent = (['left', 'center', 'right'] as const).filter((side) => !ordered.some((article) => leanBucket(article.lean) === side));
  const footer = silent.length === 0 ? '' : `No ${silent.map((side) => SIDE_LABEL[side]).join(' or ')} outlet covered this story: set ${silent.map((side) => `perspectives.${side}`).join(', ')} to null.`;
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: header + body + footer },
  ];
}

/** Parses and checks the model's reply; a string is the reason it was rejected. */
function checkOutput(content: string, articles: readonly Article[]): Pick<ThreadDigest, 'summary' | 'perspectives' | 'qa'> | string {
  let json: unknown;
  try {
    // Some local models wrap the object in a Markdown code fence even in JSON mode.
    json = JSON.parse(content.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, ''));
  } catch {
    return 'reply is not a JSON object';
  }
  const parsed = outputSchema.safeParse(json);
  if (!parsed.success) return `reply does not match the schema: ${issueLines(parsed.error).slice(0, 3).join('; ')}`;
  const output: LlmOutput = parsed.data;

  const outletsBySide = new Map<LeanBucket | 'unrated' | 'all', Map<string, string>>();
  const register = (side: LeanBucket | 'unrated' | 'all', name: string) => {
    const names = outletsBySide.get(side) ?? new Map<string, string>();
    names.set(name.toLowerCase(), name);
    outletsBySide.set(side, names);
  };
  for (const article of articles) {
    register(leanBucket(article.lean), article.outletName);
    register('all', article.outletName);
  }
  // Citations are kept only when they name an outlet of the right side that is in the prompt.
  const cite = (sources: string[], side: LeanBucket | 'all') => {
    const known = outletsBySide.get(side);
    return [...new Set(sources.flatMap((source) => known?.get(source.trim().toLowerCase()) ?? []))];
  };

  const summarySources = cite(output.summary.sources, 'all');
  if (summarySources.length === 0) return 'summary cites no outlet from the articles';
  const perspectives = {} as ThreadDigest['perspectives'];
  for (const side of ['left', 'center', 'right'] as const) {
    const covered = outletsBySide.has(side);
    const text = output.perspectives[side];
    if (!covered) {
      // The model cannot describe a side the prompt had no article from: that is the blindspot.
      perspectives[side] = null;
      continue;
    }
    if (text === null) return `perspective "${side}" is missing although ${side} outlets covered the story`;
    const sources = cite(text.sources, side);
    if (sources.length === 0) return `perspective "${side}" cites no ${side} outlet`;
    perspectives[side] = { text: text.text, sources } satisfies CitedText;
  }
  const qa = output.qa
    .map((pair) => ({ question: pair.question, answer: pair.answer, sources: cite(pair.sources, 'all') }))
    .filter((pair) => pair.sources.length > 0)
    .slice(0, MAX_QA);
  if (qa.length < MIN_QA) return `only ${qa.length} Q&A pairs cite an outlet (need ${MIN_QA})`;
  return { summary: { text: output.summary.text, sources: summarySources }, perspectives, qa };
}

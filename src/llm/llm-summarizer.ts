import { z } from 'zod';
import { issueLines } from '../core/zod-issues.js';
import type { Article } from '../core/article.js';
import type { Perspective, SuggestedQuestion, ThreadDigest } from '../core/digest.js';
import { leanBucket, type LeanBucket } from '../core/lean.js';
import type { ThreadRecord } from '../core/thread.js';
import { extractivePage, type SummarizeInput } from '../core/summaries/extractive.js';
import { boundArticles } from '../core/summaries/sentence-pool.js';
import { cleanedArticle } from '../core/summaries/article-analysis.js';
import { contentTerms } from '../core/text/tokenise.js';
import type { Logger } from '../logger.js';
import { LlmError, type ChatClient, type ChatMessage, type LlmFailureKind } from './chat-client.js';

/**
 * The full reference page written by an LLM from the thread's articles: overview, one framing
 * sentence per side, ten questions with answers. The model sees each article numbered, with its
 * outlet and lean, and must tie every claim to article numbers. Whatever it returns is checked
 * (shape, article numbers, sides, and every claim against the articles it cites: its names and
 * numbers must be printed there, and most of its words); unsupported claims and empty answers are
 * dropped, and if too little survives — or the call fails, is rate-limited or over budget — the
 * offline page is stored instead. A thread page never goes without its page because a model was
 * slow or creative.
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

const claim = z.object({ text: z.string(), articles: z.array(z.coerce.number().int()).default([]) });
const outputSchema = z.object({
  overview: z.array(claim).min(1),
  framing: z.object({ left: claim.nullable().default(null), center: claim.nullable().default(null), right: claim.nullable().default(null) }),
  qa: z.array(z.object({ question: z.string(), answer: z.string(), articles: z.array(z.coerce.number().int()).default([]) })),
});
type LlmOutput = z.output<typeof outputSchema>;

export const LLM_QA_COUNT = 10;
/** Fewer checked Q&A pairs than this and the page is not worth labelling as the model's. */
const MIN_QA = 5;
/** Share of a claim's content words that the articles it cites must contain. */
export const MIN_SUPPORTED_TERMS = 0.6;
const SIDE_LABEL: Record<LeanBucket | 'unrated', string> = { left: 'left-leaning', center: 'center', right: 'right-leaning', unrated: 'unrated' };

const SYSTEM_PROMPT = [
  'You write the page of a neutral news bot about one story. Use ONLY facts stated in the numbered articles given; never add outside knowledge.',
  "Each article is labelled [n] with its outlet name and that outlet's political lean (left-leaning, center, right-leaning, unrated).",
  'Reply with ONE JSON object and nothing else, of exactly this shape:',
  '{"overview":[{"text":"one sentence","articles":[1,2]}],',
  ' "framing":{"left":{"text":"one sentence on how left-leaning outlets frame the story","articles":[2]},"center":{...},"right":{...}},',
  ' "qa":[{"question":"a question a reader would ask","answer":"one or two sentences","articles":[3]}]}',
  'Rules: "overview" is 3 to 5 sentences covering the main facts without repeating itself. Every sentence and answer lists the numbers of the articles that state it.',
  'A framing sentence describes only articles of that lean (what they stress, their tone, whom they quote) and is null when no such article is given.',
  `Give exactly ${LLM_QA_COUNT} questions (who, what, when, where, how much, why), each answered only from the articles. Write plain text, no markdown.`,
].join('\n');

export function createLlmSummarizer(options: LlmSummarizerOptions) {
  const now = options.now ?? Date.now;
  const maxPerBucket = options.maxArticlesPerBucket ?? 15;

  async function fallBack(input: SummarizeInput, reason: FallbackReason, detail: string): Promise<ThreadDigest> {
    options.logger.warn({ threadId: input.thread.id, reason, detail }, 'LLM page failed; using the offline page');
    options.onFallback?.(reason);
    return options.fallback.summarize(input);
  }

  return {
    generator: 'llm' as const,
    async summarize(input: SummarizeInput): Promise<ThreadDigest> {
      const articles = [...boundArticles(input.articles, maxPerBucket)].sort((a, b) => a.published - b.published);
      const messages = buildMessages(input.thread, articles, options.maxInputChars);
      let content: string;
      try {
        content = await options.client.complete(messages);
      } catch (error) {
        // Whatever went wrong (even a bug in the client), the thread still gets its page.
        if (error instanceof LlmError) return fallBack(input, error.kind, error.message);
        return fallBack(input, 'unexpected', error instanceof Error ? error.message : String(error));
      }
      const checked = checkOutput(content, articles);
      if (typeof checked === 'string') return fallBack(input, 'invalid-output', checked);
      if (checked.dropped > 0) options.logger.info({ threadId: input.thread.id, dropped: checked.dropped }, 'LLM claims not supported by their articles were dropped');
      // The framing sentences are the model's; the sentences supporting them are the side's own, as offline.
      const offline = extractivePage(input.articles);
      const perspectives = {} as ThreadDigest['perspectives'];
      for (const side of ['left', 'center', 'right'] as const) {
        const framing = checked.framing[side];
        const own = offline.perspectives[side];
        perspectives[side] = framing === null ? own : ({ framing: framing.text, text: own?.text ?? '', sources: [...new Set([...framing.sources, ...(own?.sources ?? [])])] } satisfies Perspective);
      }
      return { threadId: input.thread.id, version: input.thread.version, generatedAt: now(), generator: 'llm', summary: checked.summary, perspectives, qa: checked.qa };
    },
  };
}

/** The prompt: the thread's headline, then each article (oldest first) numbered, with outlet, lean, date and clean text. */
export function buildMessages(thread: ThreadRecord, articles: readonly Article[], maxInputChars: number): ChatMessage[] {
  const header = `Story: ${thread.title}\nArticles (oldest first):\n`;
  const footerReserve = 200;
  // Equal shares of the budget per article, so a long first article cannot starve the rest.
  const perArticle = Math.max(200, Math.floor((maxInputChars - header.length - footerReserve) / Math.max(1, articles.length)));
  let body = '';
  for (const [index, article] of articles.entries()) {
    const label = `[${index + 1}] ${article.outletName} (${SIDE_LABEL[leanBucket(article.lean)]}), ${new Date(article.published).toISOString().slice(0, 10)}: `;
    // The same cleaned text the offline page reads (one cleaning step for every path).
    const clean = cleanedArticle(article);
    const content = [clean.title, clean.summary, clean.body].filter((part) => part.trim() !== '').join('\n');
    const entry = `${label}${content.slice(0, Math.max(0, perArticle - label.length))}\n\n`;
    if (header.length + body.length + entry.length + footerReserve > maxInputChars) break;
    body += entry;
  }
  // Said outright, because small local models otherwise invent a view for the silent side.
  const silent = (['left', 'center', 'right'] as const).filter((side) => !articles.some((article) => leanBucket(article.lean) === side));
  const footer = silent.length === 0 ? '' : `No ${silent.map((side) => SIDE_LABEL[side]).join(' or ')} outlet covered this story: set ${silent.map((side) => `framing.${side}`).join(', ')} to null.`;
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: header + body + footer },
  ];
}

interface CheckedOutput {
  summary: ThreadDigest['summary'];
  framing: Record<LeanBucket, { text: string; sources: string[] } | null>;
  qa: SuggestedQuestion[];
  /** Claims dropped because their articles do not state them. */
  dropped: number;
}

/**
 * Whether the cited articles state a claim: every number and every capitalised name in it is
 * printed in them, and most of its content words are.
 */
export function supportedBy(text: string, cited: readonly Article[]): boolean {
  // Checked against the cleaned text the model was shown: a "Subscribe to our newsletter" line supports nothing.
  const source = cited.map((article) => cleanedSource(article)).join('\n');
  const sourceTerms = new Set(contentTerms(source));
  const terms = [...new Set(contentTerms(text))];
  if (terms.length === 0) return false;
  const present = terms.filter((term) => sourceTerms.has(term)).length;
  if (present / terms.length < MIN_SUPPORTED_TERMS) return false;
  const lowerSource = source.toLowerCase();
  const numbers = text.match(/\d[\d,.]*\d|\d/g) ?? [];
  if (numbers.some((number) => !lowerSource.includes(number.replace(/[.,]$/, '').toLowerCase()))) return false;
  // Names mid-sentence (a capital after a lower-case word) must be the articles' own.
  const names = [...text.matchAll(/(?<=\p{Ll}[\s,]+)\p{Lu}[\p{L}'’-]{2,}/gu)].map((match) => match[0].replace(/['’]s$/, ''));
  return names.every((name) => lowerSource.includes(name.toLowerCase()));
}

/** A reply's claims cite the same few articles again and again: each is cleaned once per article object. */
const cleanedSources = new WeakMap<Article, string>();
function cleanedSource(article: Article): string {
  let source = cleanedSources.get(article);
  if (source === undefined) {
    const clean = cleanedArticle(article);
    source = `${clean.title}\n${clean.summary}\n${clean.body}`;
    cleanedSources.set(article, source);
  }
  return source;
}

/** Parses and checks the model's reply; a string is the reason it was rejected. */
function checkOutput(content: string, articles: readonly Article[]): CheckedOutput | string {
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
  let dropped = 0;

  // A claim keeps the articles it cites that exist (and, for a framing, are of that side); it is
  // kept only when those articles state it.
  const check = (text: string, numbers: readonly number[], side?: LeanBucket) => {
    const trimmed = text.trim();
    const cited = [...new Set(numbers)].flatMap((n) => {
      const article = articles[n - 1];
      return article !== undefined && (side === undefined || leanBucket(article.lean) === side) ? [article] : [];
    });
    if (trimmed === '' || cited.length === 0 || (side === undefined && !supportedBy(trimmed, cited))) {
      dropped += 1;
      return null;
    }
    return { text: trimmed, sources: [...new Set(cited.map((article) => article.outletName))] };
  };

  const overview = output.overview.flatMap((sentence) => check(sentence.text, sentence.articles) ?? []);
  if (overview.length === 0) return 'no overview sentence is supported by the articles it cites';
  const framing = {} as CheckedOutput['framing'];
  for (const side of ['left', 'center', 'right'] as const) {
    const covered = articles.some((article) => leanBucket(article.lean) === side);
    const given = output.framing[side];
    // The model cannot describe a side the prompt had no article from: that is the blindspot.
    // A framing is an interpretation, so it is checked for its side's articles, not word by word.
    framing[side] = !covered || given === null ? null : check(given.text, given.articles, side);
  }
  const seen = new Set<string>();
  const qa: SuggestedQuestion[] = [];
  for (const pair of output.qa) {
    const question = pair.question.trim();
    const answer = check(pair.answer, pair.articles);
    if (question === '' || !question.endsWith('?') || answer === null || seen.has(question.toLowerCase())) continue;
    seen.add(question.toLowerCase());
    qa.push({ question, answer: answer.text, sources: answer.sources });
    if (qa.length >= LLM_QA_COUNT) break;
  }
  if (qa.length < MIN_QA) return `only ${qa.length} Q&A pairs have a supported, non-empty answer (need ${MIN_QA})`;
  return {
    summary: { text: overview.map((sentence) => sentence.text).join(' '), sources: [...new Set(overview.flatMap((sentence) => sentence.sources))] },
    framing,
    qa,
    dropped,
  };
}

import type { Article } from '../article.js';
import type { CitedText, Perspective, ThreadDigest } from '../digest.js';
import { leanBucket, type LeanBucket } from '../lean.js';
import type { ThreadRecord } from '../thread.js';
import { buildSentencePool, DEFAULT_POOL_LIMITS, type Bucket, type PoolLimits, type PooledSentence, type SentencePool } from './sentence-pool.js';
import { sentenceTerms } from '../text/tokenise.js';
import { analyseArticle, clearAnalysisCaches } from './article-analysis.js';
import { frameSides, type SideFraming } from './framing.js';
import { clearQuestionCaches, suggestQuestions } from './questions.js';
import { indexOfPool } from './retrieval.js';
import { centroid, cosine, cosineToDense } from './similarity.js';

/**
 * The offline summarizer: picks real sentences from the thread's articles, never writes any. Each
 * paragraph is chosen by Maximal Marginal Relevance — relevance is closeness to the centre of the
 * sentences being summarised, redundancy is similarity to what is already picked — over a
 * shortlist of the most central candidates, so cost grows with the thread linearly, not squared.
 */

export interface SelectionBudget {
  maxSentences: number;
  maxChars: number;
  /** Multiplies a candidate's relevance (the framing favours sentences with the side's distinctive terms). */
  favour?: (text: string) => number;
}

/** The overview: 3–5 sentences (fewer only when the thread has fewer distinct ones). */
export const SUMMARY_BUDGET: SelectionBudget = { maxSentences: 5, maxChars: 900 };
export const SUMMARY_MIN_SENTENCES = 3;
export const PERSPECTIVE_BUDGET: SelectionBudget = { maxSentences: 3, maxChars: 500 };

/**
 * Weight of relevance against redundancy in MMR, and the cosine above which two sentences say the
 * same thing (syndicated or lightly edited copies). Headlines are short, so the same news in other
 * words shares fewer terms: they need a lower bar and a stronger push towards variety.
 */
const PROSE_TUNING = { lambda: 0.55, nearDuplicate: 0.5 };
const HEADLINE_TUNING = { lambda: 0.45, nearDuplicate: 0.4 };
/** No two sentences of one paragraph are this similar, in either mode. */
export const NEAR_DUPLICATE_SIMILARITY = Math.max(PROSE_TUNING.nearDuplicate, HEADLINE_TUNING.nearDuplicate);
/** Sentences opening like this lean on the one before them and read badly out of context. */
const NEEDS_CONTEXT = /^["'“‘]?(?:he|she|it|they|this|that|these|those|but|and|so|also|however|still|yet)\b/i;
/** Feeds cut long headlines and summaries with an ellipsis; a cut sentence is a last resort. */
const TRUNCATED = /(?:\.\.\.|…)$/;
/** A question ("Will it revive sales?") reports nothing; a summary wants statements. */
const QUESTION = /\?["'”’)\]]*$/;
/** MMR runs over this many of the most relevant candidates only. */
const SHORTLIST_SIZE = 60;

export interface PickedSentence {
  text: string;
  /** Outlets that printed this sentence (or a near-duplicate of it) within the summarised set. */
  sources: string[];
  published: number;
}

export interface ExtractiveParts {
  summary: PickedSentence[];
  perspectives: Record<LeanBucket, PickedSentence[] | null>;
}

export function extractiveParts(
  articles: readonly Article[],
  limits: PoolLimits = DEFAULT_POOL_LIMITS,
  framings: Partial<Record<LeanBucket, SideFraming>> = {},
  pool: SentencePool = buildSentencePool(articles, limits),
): ExtractiveParts {
  const present = new Set<Bucket>(pool.articles.map((article) => leanBucket(article.lean)));
  const perspective = (side: LeanBucket) => {
    if (!present.has(side)) return null;
    const stems = new Set(framings[side]?.stems ?? []);
    // A sentence carrying the side's distinctive terms shows the framing the sentence above names.
    const favour = stems.size === 0 ? undefined : (text: string) => 1 + 0.25 * Math.min(2, new Set(sentenceTerms(text).filter((term) => stems.has(term))).size);
    return selectSentences(pool, (bucket) => bucket === side, { ...PERSPECTIVE_BUDGET, ...(favour !== undefined ? { favour } : {}) });
  };
  return {
    summary: selectSentences(pool, () => true, SUMMARY_BUDGET),
    perspectives: { left: perspective('left'), center: perspective('center'), right: perspective('right') },
  };
}

interface Candidate {
  sentence: PooledSentence;
  /** The wording printed inside the scope (a side quotes its own outlets verbatim). */
  text: string;
  relevance: number;
  sources: string[];
  published: number;
  position: number;
}

/** MMR selection over the sentences printed by outlets whose bucket passes `inScope`. */
export function selectSentences(pool: SentencePool, inScope: (bucket: Bucket) => boolean, budget: SelectionBudget): PickedSentence[] {
  const scoped: Candidate[] = [];
  for (const sentence of pool.sentences) {
    const occurrences = sentence.occurrences.filter((o) => inScope(o.bucket));
    if (occurrences.length === 0) continue;
    scoped.push({
      sentence,
      text: occurrences[0]?.text ?? sentence.text,
      relevance: 0,
      sources: [...new Set(occurrences.map((o) => o.outletName))],
      published: Math.min(...occurrences.map((o) => o.published)),
      position: Math.min(...occurrences.map((o) => o.position)),
    });
  }
  const prose = scoped.filter((c) => c.sentence.isProse);
  // Headline-only threads (most feeds carry no full text) are summarised from their headlines; a
  // headline that asks ("Will Xbox Live recover?") states nothing and is never used.
  const proseOnly = prose.length >= Math.min(budget.maxSentences, SUMMARY_MIN_SENTENCES);
  const candidates = proseOnly ? prose : scoped.filter((c) => c.sentence.termCount > 0 && !QUESTION.test(c.text));
  const tuning = proseOnly ? PROSE_TUNING : HEADLINE_TUNING;
  if (candidates.length === 0) return [];

  // Weighting each sentence by how many outlets printed it makes widely reported facts central.
  const centre = centroid(
    candidates.map((c) => c.sentence.vector),
    pool.dimensions,
    candidates.map((c) => c.sources.length),
  );
  for (const candidate of candidates) {
    const leadBonus = 0.1 / (1 + candidate.position);
    const contextPenalty = NEEDS_CONTEXT.test(candidate.text) ? 0.75 : 1;
    const formPenalty = TRUNCATED.test(candidate.text) ? 0.4 : QUESTION.test(candidate.text) ? 0.6 : 1;
    candidate.relevance = (cosineToDense(candidate.sentence.vector, centre) + leadBonus) * contextPenalty * formPenalty * (budget.favour?.(candidate.text) ?? 1);
  }
  const shortlist = [...candidates]
    .sort((a, b) => b.relevance - a.relevance || a.published - b.published || a.text.localeCompare(b.text))
    .slice(0, SHORTLIST_SIZE);

  const picked: { candidate: Candidate; sources: Set<string> }[] = [];
  const maxSimilarity = new Float64Array(shortlist.length);
  const done = new Uint8Array(shortlist.length);
  let chars = 0;
  while (picked.length < budget.maxSentences) {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < shortlist.length; i += 1) {
      const candidate = shortlist[i];
      if (done[i] === 1 || candidate === undefined) continue;
      const separator = picked.length === 0 ? 0 : 1;
      if (chars + separator + candidate.text.length > budget.maxChars) continue;
      const score = tuning.lambda * candidate.relevance - (1 - tuning.lambda) * (maxSimilarity[i] ?? 0);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    const chosen = shortlist[best];
    if (chosen === undefined) break;
    done[best] = 1;
    const entry = { candidate: chosen, sources: new Set(chosen.sources) };
    picked.push(entry);
    chars += (picked.length === 1 ? 0 : 1) + chosen.text.length;
    for (let i = 0; i < shortlist.length; i += 1) {
      const other = shortlist[i];
      if (done[i] === 1 || other === undefined) continue;
      const similarity = cosine(chosen.sentence.vector, other.sentence.vector);
      if (similarity >= tuning.nearDuplicate) {
        // A near-copy is never picked; its outlets are credited to the sentence it duplicates.
        done[i] = 1;
        for (const source of other.sources) entry.sources.add(source);
      } else if (similarity > (maxSimilarity[i] ?? 0)) maxSimilarity[i] = similarity;
    }
  }
  return picked
    .sort((a, b) => a.candidate.published - b.candidate.published || a.candidate.position - b.candidate.position)
    .map(({ candidate, sources }) => ({ text: candidate.text, sources: [...sources], published: candidate.published }));
}

/** Headlines carry no final period; one is added when they are joined into a paragraph. */
export function joinSentences(sentences: readonly { text: string }[]): string {
  return sentences.map(({ text }) => (/[.!?…]["'”’)\]]*$/.test(text) ? text : `${text}.`)).join(' ');
}

export function toCitedText(sentences: readonly PickedSentence[]): CitedText {
  return { text: joinSentences(sentences), sources: [...new Set(sentences.flatMap((s) => s.sources))] };
}

export interface SummarizeInput {
  thread: ThreadRecord;
  articles: Article[];
}

export function createExtractiveSummarizer(options: { now?: () => number; limits?: PoolLimits } = {}) {
  const now = options.now ?? Date.now;
  return {
    generator: 'extractive' as const,
    async summarize({ thread, articles }: SummarizeInput): Promise<ThreadDigest> {
      const page = extractivePage(articles, options.limits);
      return { threadId: thread.id, version: thread.version, generatedAt: now(), generator: 'extractive', ...page };
    },
  };
}

/**
 * The whole offline page: overview, a framing sentence and supporting sentences per side, and the
 * suggested questions with their answers. Every sentence shown, except the framing sentences (which
 * say how a side's coverage differs and cite that side's outlets), was printed by the outlets cited.
 */
export function extractivePage(articles: readonly Article[], limits: PoolLimits = DEFAULT_POOL_LIMITS): Pick<ThreadDigest, 'summary' | 'perspectives' | 'qa'> {
  // One pool serves the overview, the sides and the questions.
  const pool = buildSentencePool(articles, limits);
  const framings = frameSides(pool.articles, (article) => (pool.analyses.get(article.id) ?? analyseArticle(article, limits)).framing);
  const parts = extractiveParts(articles, limits, framings, pool);
  const side = (bucket: LeanBucket): Perspective | null => {
    const picked = parts.perspectives[bucket];
    if (picked === null || picked.length === 0) return null;
    const framing = framings[bucket];
    const cited = toCitedText(picked);
    return framing === undefined ? cited : { ...cited, framing: framing.sentence, terms: framing.terms };
  };
  return {
    summary: toCitedText(parts.summary),
    perspectives: { left: side('left'), center: side('center'), right: side('right') },
    qa: suggestQuestions(indexOfPool(pool)),
  };
}

/** Empties every cache the offline page keeps (article analyses, sentence terms, spans, stems, verbs). */
export function clearSummaryCaches(): void {
  clearAnalysisCaches();
  clearQuestionCaches();
}

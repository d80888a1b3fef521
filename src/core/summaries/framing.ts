import type { Article } from '../article.js';
import { leanBucket, type LeanBucket } from '../lean.js';
import { analyseArticle, DEFAULT_SENTENCE_LIMITS } from './article-analysis.js';
import { addSurfaces, type ArticleFramingCounts } from './framing-counts.js';

/**
 * How each side of the spectrum frames a story, in one sentence built from what sets its coverage
 * apart from the other sides':
 *
 * - terms: weighted log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi & Quinn
 *   2008, "Fightin' Words", eq. 16–22), the side's word counts against all other sides', the prior
 *   being the whole thread's word distribution. A term is named only when its z-score is clearly
 *   positive and the side printed it more often than any other side did;
 * - tone: mean AFINN-165 valence per word, the side against the rest of the thread;
 * - voices: who the side quotes ("…," said X; X said; according to X);
 * - lead: the headline the side put first (its most widely printed or earliest).
 */

/** Prior strength α0: how many pseudo-counts of the thread's own distribution each side starts with. */
export const PRIOR_STRENGTH = 100;
/** z above which a term is distinctive (one-sided 95 %). */
export const MIN_Z = 1.645;
/** A term named for a side must occur at least this often in it. */
const MIN_SIDE_COUNT = 2;
const TERMS_NAMED = 3;
/** Difference of mean valence per word (AFINN units) that counts as a different tone. */
const TONE_DIFFERENCE = 0.04;

export interface SideFraming {
  side: LeanBucket;
  sentence: string;
  /** Distinctive terms, as printed (most frequent surface form of each stem). */
  terms: string[];
  /** Stems of `terms`, for callers that favour supporting sentences containing them. */
  stems: string[];
  tone: number;
  quoted: string[];
  lead: string | null;
}

interface SideCounts {
  counts: Map<string, number>;
  /** The side's articles' own counts, read again only for the surface forms of the terms named. */
  articles: ArticleFramingCounts[];
  total: number;
  valence: number;
  valenced: number;
  quoted: Map<string, number>;
  leads: { title: string; published: number }[];
  outlets: Set<string>;
}

const SIDE_NAME: Record<LeanBucket, string> = { left: 'Left-leaning', center: 'Center', right: 'Right-leaning' };

function emptyCounts(): SideCounts {
  return { counts: new Map(), articles: [], total: 0, valence: 0, valenced: 0, quoted: new Map(), leads: [], outlets: new Set() };
}

/** Adds one article's counts (worked out once, in its analysis) to its side's. */
function countSide(into: SideCounts, article: Article, counts: ArticleFramingCounts): void {
  into.outlets.add(article.outletName);
  if (article.title.trim() !== '') into.leads.push({ title: article.title.trim(), published: article.published });
  for (const [term, count] of counts.counts) into.counts.set(term, (into.counts.get(term) ?? 0) + count);
  into.articles.push(counts);
  into.total += counts.total;
  into.valence += counts.valence;
  into.valenced += counts.valenced;
  for (const [speaker, count] of counts.quoted) into.quoted.set(speaker, (into.quoted.get(speaker) ?? 0) + count);
}

/** Weighted log-odds z-scores of every term of side `i` against the pooled other sides, with the thread as prior. */
export function logOddsZ(side: ReadonlyMap<string, number>, sideTotal: number, rest: ReadonlyMap<string, number>, restTotal: number): Map<string, number> {
  const all = new Map<string, number>();
  for (const [term, count] of side) all.set(term, count);
  for (const [term, count] of rest) all.set(term, (all.get(term) ?? 0) + count);
  const allTotal = sideTotal + restTotal;
  const z = new Map<string, number>();
  if (allTotal === 0) return z;
  for (const [term, total] of all) {
    const alpha = (PRIOR_STRENGTH * total) / allTotal;
    const yi = side.get(term) ?? 0;
    const yj = rest.get(term) ?? 0;
    const delta = Math.log((yi + alpha) / (sideTotal + PRIOR_STRENGTH - yi - alpha)) - Math.log((yj + alpha) / (restTotal + PRIOR_STRENGTH - yj - alpha));
    const variance = 1 / (yi + alpha) + 1 / (yj + alpha);
    z.set(term, delta / Math.sqrt(variance));
  }
  return z;
}

/** The form of a term the side printed most often ("Putin's" and "putin" are "Putin"). */
function topSurface(side: SideCounts, term: string): string {
  const surfaces = new Map<string, number>();
  for (const counts of side.articles) addSurfaces(surfaces, counts, term);
  const fallback = term;
  return [...surfaces].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? fallback;
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * One framing per side that has coverage; a side without articles gets none (the page says so).
 * `countsOf` gives each article's counts; by default they come from its cached analysis (the
 * sentence pool passes the analyses it has already fetched).
 */
export function frameSides(
  articles: readonly Article[],
  countsOf: (article: Article) => ArticleFramingCounts = (article) => analyseArticle(article, DEFAULT_SENTENCE_LIMITS).framing,
): Partial<Record<LeanBucket, SideFraming>> {
  const sides: Record<LeanBucket, SideCounts> = { left: emptyCounts(), center: emptyCounts(), right: emptyCounts() };
  for (const article of articles) {
    const bucket = leanBucket(article.lean);
    if (bucket !== 'unrated') countSide(sides[bucket], article, countsOf(article));
  }
  const covered = (['left', 'center', 'right'] as const).filter((side) => sides[side].outlets.size > 0);
  const result: Partial<Record<LeanBucket, SideFraming>> = {};
  for (const side of covered) {
    const own = sides[side];
    const others = covered.filter((other) => other !== side).map((other) => sides[other]);
    const rest = new Map<string, number>();
    let restTotal = 0;
    let restValence = 0;
    let restWords = 0;
    for (const other of others) {
      for (const [term, count] of other.counts) rest.set(term, (rest.get(term) ?? 0) + count);
      restTotal += other.total;
      restValence += other.valence;
      restWords += other.total;
    }
    const z = logOddsZ(own.counts, own.total, rest, restTotal);
    const distinctive =
      others.length === 0
        ? []
        : [...z]
            .filter(([term, score]) => {
              const count = own.counts.get(term) ?? 0;
              return score >= MIN_Z && count >= MIN_SIDE_COUNT && others.every((other) => count > (other.counts.get(term) ?? 0));
            })
            .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
            .slice(0, TERMS_NAMED)
            .map(([term]) => term);
    const terms = distinctive.map((term) => topSurface(own, term));
    const tone = own.total === 0 ? 0 : own.valence / own.total;
    const restTone = restWords === 0 ? null : restValence / restWords;
    const quoted = [...own.quoted]
      .filter(([name]) => others.every((other) => (other.quoted.get(name) ?? 0) < (own.quoted.get(name) ?? 0)))
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 2)
      .map(([name]) => name);
    const lead = [...own.leads].sort((a, b) => a.published - b.published)[0]?.title ?? null;
    result[side] = { side, sentence: framingSentence(side, { terms, tone, restTone, quoted, lead, alone: others.length === 0 }), terms, stems: distinctive, tone, quoted, lead };
  }
  return result;
}

function framingSentence(
  side: LeanBucket,
  facts: { terms: string[]; tone: number; restTone: number | null; quoted: string[]; lead: string | null; alone: boolean },
): string {
  const who = `${SIDE_NAME[side]} outlets`;
  const lead = facts.lead === null ? '' : `“${facts.lead.replace(/[.]+$/, '')}”`;
  if (facts.alone) {
    const parts = [lead === '' ? '' : `lead with ${lead}`, facts.quoted.length > 0 ? `quote ${listWords(facts.quoted)}` : ''].filter(Boolean);
    return `Only ${who.toLowerCase()} have covered this story, so there is no other side to compare with${parts.length > 0 ? `; they ${listWords(parts)}` : ''}.`;
  }
  const clauses: string[] = [];
  if (facts.terms.length > 0) clauses.push(`put more weight on ${listWords(facts.terms.map((term) => `“${term}”`))} than the other sides`);
  else clauses.push('use much the same words as the other sides');
  if (facts.restTone !== null) {
    const difference = facts.tone - facts.restTone;
    clauses.push(difference <= -TONE_DIFFERENCE ? 'write in a more negative tone' : difference >= TONE_DIFFERENCE ? 'write in a more positive tone' : 'write in a similar tone');
  }
  if (facts.quoted.length > 0) clauses.push(`quote ${listWords(facts.quoted)}`);
  if (lead !== '') clauses.push(`lead with ${lead}`);
  return `${who} ${listWords(clauses)}.`;
}

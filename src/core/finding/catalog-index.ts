import { editDistance, trigramSimilarity } from '../threading/slug-match.js';
import { stem } from '../text/stem.js';
import type { CatalogEntry } from '../thread.js';
import { foldedWords, isStopword } from './query.js';

/**
 * The in-memory search index over the thread catalogue (every public thread, live and archived).
 * One per process; the finder keeps it current. Each thread is a bag of words from the fields a
 * reader might remember, each word weighted by its field:
 *
 * | field | weight | why |
 * | --- | --- | --- |
 * | slug, topic title | 1.0 | what the thread is called |
 * | aliases (slugs of merged threads) | 0.9 | what it used to be called |
 * | names in the headlines | 0.85 | who and where |
 * | key terms | 0.7 | what it is about |
 * | representative headline | 0.6 | one outlet's wording |
 *
 * A query word matches an indexed word exactly (quality 1), by stem ("recalls" → "recall", 0.92),
 * as a prefix (what autocomplete has typed so far, 0.55–0.95 by how much of the word is typed) or
 * within a typo budget (one edit for 4–7 letters, two from 8, transpositions count once: 0.8 / 0.65).
 * A thread's score is the IDF-weighted mean over the query words of the best quality × field weight,
 * so a rare word ("titanfall") decides more than a common one ("xbox"); an exact slug or alias
 * match outranks everything else.
 */

const FIELD_WEIGHTS = { slug: 1, topic: 1, alias: 0.9, names: 0.85, keyTerms: 0.7, title: 0.6 } as const;
const QUALITY = { exact: 1, stem: 0.92, typo1: 0.8, typo2: 0.65, prefixBase: 0.55, prefixSpan: 0.4 } as const;
/** Typo budget: one edit from this many letters, two from TYPO2_MIN_LENGTH. */
const TYPO1_MIN_LENGTH = 4;
const TYPO2_MIN_LENGTH = 8;
/** Prefixes shorter than this match only while typing (autocomplete). */
const PREFIX_MIN_LENGTH = 3;
/** Indexed words a prefix may expand to: enough for any real prefix, bounded for one letter. */
const MAX_PREFIX_EXPANSIONS = 200;
/** Matches scoring below this share of a perfect match are noise (one common word of several). */
export const MIN_MATCH_SCORE = 0.34;

export interface IndexedThread {
  entry: CatalogEntry;
  rank: number | null;
}

export interface SearchHit extends IndexedThread {
  /** 0..1 for word matches; EXACT_SCORE for the slug or an alias typed in full. */
  score: number;
  /** Slug or alias typed in full. */
  exact: boolean;
}

export const EXACT_SCORE = 2;

interface Doc {
  entry: CatalogEntry;
  fingerprint: string;
  words: Map<string, number>;
  slugKeys: string[];
}

function fingerprintOf(entry: CatalogEntry): string {
  return JSON.stringify([entry.slug, entry.aliases, entry.topic, entry.names, entry.keyTerms, entry.title, entry.status, entry.lastUpdated, entry.representativeArticleId]);
}

/** Words of a field; hyphenated and dotted names are also indexed joined ("t-mobile" → "tmobile"). */
function fieldWords(text: string): string[] {
  const words = foldedWords(text).filter((word) => !isStopword(word));
  const joined: string[] = [];
  for (const piece of text.split(/\s+/)) {
    const parts = foldedWords(piece);
    if (parts.length > 1) joined.push(parts.join(''));
  }
  return [...words, ...joined];
}

function wordsOf(entry: CatalogEntry): Map<string, number> {
  const words = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const word of fieldWords(text)) if ((words.get(word) ?? 0) < weight) words.set(word, weight);
  };
  add(entry.slug.replace(/-/g, ' '), FIELD_WEIGHTS.slug);
  add(entry.topic, FIELD_WEIGHTS.topic);
  for (const alias of entry.aliases) add(alias.replace(/-/g, ' '), FIELD_WEIGHTS.alias);
  for (const name of entry.names) add(name, FIELD_WEIGHTS.names);
  for (const term of entry.keyTerms) add(term, FIELD_WEIGHTS.keyTerms);
  add(entry.title, FIELD_WEIGHTS.title);
  return words;
}

/** Every string one deletion away (SymSpell's neighbourhood): two words within one edit share one. */
function deletionsOf(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

export interface SearchOptions {
  limit: number;
  /** The last word is still being typed: match it as a prefix from its first letter. */
  typing?: boolean;
}

export interface CatalogIndex {
  /** Brings the index to exactly these entries; unchanged entries cost a string comparison. */
  update(entries: readonly CatalogEntry[]): void;
  setRanks(ranks: ReadonlyMap<string, number>): void;
  /** The thread whose slug or alias is exactly this (already slug-shaped: `trump-putin`). */
  exact(slug: string): IndexedThread | undefined;
  search(terms: readonly string[], options: SearchOptions): SearchHit[];
  /** Live ranked threads by rank, then the rest of the live ones by recency. */
  top(limit: number): IndexedThread[];
  /** Live threads among the top `pool` ranks that look most like the text (for "did you mean"). */
  closest(text: string, limit: number, pool: number): IndexedThread[];
  get(threadId: string): IndexedThread | undefined;
  readonly size: number;
}

export function createCatalogIndex(): CatalogIndex {
  const docs = new Map<string, Doc>();
  const postings = new Map<string, Map<string, number>>();
  const stems = new Map<string, Set<string>>();
  const deletions = new Map<string, Set<string>>();
  const slugs = new Map<string, string>();
  let ranks: ReadonlyMap<string, number> = new Map();
  let sortedWords: string[] | null = null;
  /** Live threads by rank, then recency: kept until the entries or the ranks change. */
  let liveByRank: IndexedThread[] | null = null;

  const addTo = (map: Map<string, Set<string>>, key: string, word: string) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(word);
  };
  const removeFrom = (map: Map<string, Set<string>>, key: string, word: string) => {
    const set = map.get(key);
    if (!set) return;
    set.delete(word);
    if (set.size === 0) map.delete(key);
  };

  function addWord(word: string, threadId: string, weight: number): void {
    let posting = postings.get(word);
    if (!posting) {
      posting = new Map();
      postings.set(word, posting);
      addTo(stems, stem(word), word);
      if (word.length >= TYPO1_MIN_LENGTH) for (const deletion of deletionsOf(word)) addTo(deletions, deletion, word);
      sortedWords = null;
    }
    posting.set(threadId, weight);
  }

  function removeWord(word: string, threadId: string): void {
    const posting = postings.get(word);
    if (!posting) return;
    posting.delete(threadId);
    if (posting.size > 0) return;
    postings.delete(word);
    removeFrom(stems, stem(word), word);
    if (word.length >= TYPO1_MIN_LENGTH) for (const deletion of deletionsOf(word)) removeFrom(deletions, deletion, word);
    sortedWords = null;
  }

  function remove(threadId: string): void {
    const doc = docs.get(threadId);
    if (!doc) return;
    for (const word of doc.words.keys()) removeWord(word, threadId);
    for (const key of doc.slugKeys) if (slugs.get(key) === threadId) slugs.delete(key);
    docs.delete(threadId);
  }

  function add(entry: CatalogEntry, fingerprint: string): void {
    const words = wordsOf(entry);
    const slugKeys = [entry.slug, ...entry.aliases].filter(Boolean);
    docs.set(entry.threadId, { entry, fingerprint, words, slugKeys });
    for (const [word, weight] of words) addWord(word, entry.threadId, weight);
    for (const key of slugKeys) slugs.set(key, entry.threadId);
  }

  const indexed = (doc: Doc): IndexedThread => ({ entry: doc.entry, rank: ranks.get(doc.entry.threadId) ?? null });

  function prefixExpansions(prefix: string): string[] {
    sortedWords ??= [...postings.keys()].sort();
    let low = 0;
    let high = sortedWords.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sortedWords[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    const out: string[] = [];
    for (let i = low; i < sortedWords.length && out.length < MAX_PREFIX_EXPANSIONS; i++) {
      const word = sortedWords[i]!;
      if (!word.startsWith(prefix)) break;
      if (word !== prefix) out.push(word);
    }
    return out;
  }

  /** Indexed words a query word may stand for, with the quality of each match. */
  function expansions(term: string, prefix: boolean): Map<string, number> {
    const found = new Map<string, number>();
    const offer = (word: string, quality: number) => {
      if ((found.get(word) ?? 0) < quality) found.set(word, quality);
    };
    if (postings.has(term)) offer(term, QUALITY.exact);
    for (const word of stems.get(stem(term)) ?? []) offer(word, QUALITY.stem);
    if (prefix) {
      for (const word of prefixExpansions(term)) offer(word, QUALITY.prefixBase + QUALITY.prefixSpan * (term.length / word.length));
    }
    if (term.length >= TYPO1_MIN_LENGTH && !postings.has(term)) {
      const budget = term.length >= TYPO2_MIN_LENGTH ? 2 : 1;
      const candidates = new Set<string>();
      const probe = (key: string) => {
        if (postings.has(key)) candidates.add(key);
        for (const word of deletions.get(key) ?? []) candidates.add(word);
      };
      probe(term);
      for (const deletion of deletionsOf(term)) {
        probe(deletion);
        if (budget === 2) for (const second of deletionsOf(deletion)) probe(second);
      }
      for (const word of candidates) {
        const distance = editDistance(term, word);
        if (distance === 0 || distance > budget) continue;
        offer(word, distance === 1 ? QUALITY.typo1 : QUALITY.typo2);
      }
    }
    return found;
  }

  return {
    get size() {
      return docs.size;
    },

    update(entries) {
      const wanted = new Set<string>();
      for (const entry of entries) {
        wanted.add(entry.threadId);
        const fingerprint = fingerprintOf(entry);
        const current = docs.get(entry.threadId);
        if (current?.fingerprint === fingerprint) continue;
        remove(entry.threadId);
        add(entry, fingerprint);
      }
      for (const threadId of [...docs.keys()]) if (!wanted.has(threadId)) remove(threadId);
      liveByRank = null;
    },

    setRanks(next) {
      ranks = next;
      liveByRank = null;
    },

    exact(slug) {
      const threadId = slugs.get(slug);
      const doc = threadId ? docs.get(threadId) : undefined;
      return doc ? indexed(doc) : undefined;
    },

    get(threadId) {
      const doc = docs.get(threadId);
      return doc ? indexed(doc) : undefined;
    },

    search(terms, options) {
      if (terms.length === 0 || options.limit <= 0) return [];
      const total = docs.size;
      const perTerm: { weight: number; scores: Map<string, number> }[] = [];
      terms.forEach((term, index) => {
        const prefix = term.length >= PREFIX_MIN_LENGTH || (options.typing === true && index === terms.length - 1);
        const scores = new Map<string, number>();
        for (const [word, quality] of expansions(term, prefix)) {
          for (const [threadId, fieldWeight] of postings.get(word) ?? []) {
            const score = quality * fieldWeight;
            if ((scores.get(threadId) ?? 0) < score) scores.set(threadId, score);
          }
        }
        // A word found in few threads tells them apart; one found nowhere still counts against coverage.
        const weight = Math.log(1 + total / Math.max(1, scores.size));
        perTerm.push({ weight, scores });
      });
      const weightSum = perTerm.reduce((sum, term) => sum + term.weight, 0) || 1;
      const totals = new Map<string, number>();
      for (const { weight, scores } of perTerm) {
        for (const [threadId, score] of scores) totals.set(threadId, (totals.get(threadId) ?? 0) + (weight * score) / weightSum);
      }
      const joined = terms.join('-');
      // Order is by score first (near ties aside), so only the best scores can hold the first
      // `limit` hits: bucket by band and order just those, instead of sorting every thread a common
      // word touched. A run of near-tied hits spans at most two adjacent bands, so the next band's
      // hits near the lowest score taken complete the last run.
      const buckets = new Map<number, string[]>();
      for (const [threadId, score] of totals) {
        if (score < MIN_MATCH_SCORE && !docs.get(threadId)?.slugKeys.includes(joined)) continue;
        const band = docs.get(threadId)?.slugKeys.includes(joined) ? scoreBand(EXACT_SCORE) : scoreBand(score);
        const bucket = buckets.get(band);
        if (bucket) bucket.push(threadId);
        else buckets.set(band, [threadId]);
      }
      const hits: SearchHit[] = [];
      /** Once `limit` hits are in, only scores near the lowest of them can still join their runs. */
      let floor = -Infinity;
      for (const band of [...buckets.keys()].sort((a, b) => b - a)) {
        const last = floor > -Infinity;
        for (const threadId of buckets.get(band)!) {
          const doc = docs.get(threadId)!;
          const exact = doc.slugKeys.includes(joined);
          const score = exact ? EXACT_SCORE : totals.get(threadId)!;
          if (score >= floor) hits.push({ ...indexed(doc), score, exact });
        }
        if (last) break;
        if (hits.length >= options.limit) floor = hits.reduce((low, hit) => Math.min(low, hit.score), Infinity) - NEAR_TIE;
      }
      return orderHits(hits).slice(0, options.limit);
    },

    top(limit) {
      if (!liveByRank) {
        liveByRank = [...docs.values()].filter((doc) => doc.entry.status === 'active').map(indexed);
        liveByRank.sort((a, b) => compareRank(a, b) || b.entry.lastUpdated - a.entry.lastUpdated || compareText(a.entry.slug, b.entry.slug));
      }
      return liveByRank.slice(0, limit);
    },

    closest(text, limit, pool) {
      const wanted = foldedWords(text).join('-');
      const candidates = this.top(pool);
      const scored = candidates
        .map((thread) => ({ thread, similarity: Math.max(trigramSimilarity(wanted, thread.entry.slug), trigramSimilarity(wanted.replace(/-/g, ' '), thread.entry.topic.toLowerCase())) }))
        .filter((candidate) => candidate.similarity >= 0.2)
        .sort((a, b) => b.similarity - a.similarity || compareRank(a.thread, b.thread));
      const chosen = scored.slice(0, limit).map((candidate) => candidate.thread);
      return chosen.length > 0 ? chosen : candidates.slice(0, limit);
    },
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRank(a: IndexedThread, b: IndexedThread): number {
  if (a.rank !== null && b.rank !== null) return a.rank - b.rank;
  if (a.rank !== null) return -1;
  if (b.rank !== null) return 1;
  return 0;
}

/** Bucket width for pruning the search (see search); not an ordering rule. */
const SCORE_BAND = 0.05;

function scoreBand(score: number): number {
  return Math.floor(score / SCORE_BAND);
}

/**
 * Matches within this of the best of their run count as equally good ("Trump Putin" against two
 * threads with both names), and the tie-breakers of compareTied decide. Smaller than what one
 * word's better field makes in a two-word query (an alias 0.9 against a headline 0.6 is 0.15; a
 * slug against a name, 0.075), so a thread the words name better still wins.
 */
export const NEAR_TIE = 0.05;

/**
 * Between near-tied matches: live before archived, then rank, then recency. (Size was tried: on
 * stories a stream carries twice, a day apart, it picks the wrong twin as often as rank does, and
 * rank follows what readers are looking at now.)
 */
function compareTied(a: SearchHit, b: SearchHit): number {
  return (
    (a.entry.status === 'active' ? 0 : 1) - (b.entry.status === 'active' ? 0 : 1) ||
    compareRank(a, b) ||
    b.entry.lastUpdated - a.entry.lastUpdated ||
    b.score - a.score ||
    compareText(a.entry.slug, b.entry.slug)
  );
}

/**
 * Match quality first: hits by score, cut into runs where each hit is within NEAR_TIE of the run's
 * best; each run ordered by compareTied. (Runs, not fixed bands: two scores 0.001 apart never land
 * on either side of a band edge.)
 */
export function orderHits(hits: readonly SearchHit[]): SearchHit[] {
  const byScore = [...hits].sort((a, b) => b.score - a.score || compareText(a.entry.slug, b.entry.slug));
  const out: SearchHit[] = [];
  for (let start = 0; start < byScore.length; ) {
    let end = start + 1;
    while (end < byScore.length && byScore[end]!.score >= byScore[start]!.score - NEAR_TIE) end++;
    out.push(...byScore.slice(start, end).sort(compareTied));
    start = end;
  }
  return out;
}

/**
 * Forgiving slug lookup: when a typed slug matches nothing, suggest the slugs a person most likely
 * meant. Typos are caught by edit distance (transpositions count once: `trump-putni`), partial or
 * reordered names by character trigrams and whole-word overlap (`putin` → `trump-putin`).
 */

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let twoBack = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, twoBack[j - 2]! + 1);
      current[j] = best;
    }
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return previous[b.length]!;
}

function trigrams(text: string): Set<string> {
  const padded = `  ${text} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** Dice coefficient over character trigrams, 0..1. */
export function trigramSimilarity(a: string, b: string): number {
  const ga = trigrams(a);
  const gb = trigrams(b);
  let shared = 0;
  for (const gram of ga) if (gb.has(gram)) shared++;
  return (2 * shared) / (ga.size + gb.size);
}

interface Scored {
  slug: string;
  score: number;
}

/**
 * Up to `limit` slugs, best first. A slug qualifies when it is within a typo budget that grows with
 * length (one edit per three characters: short slugs must be nearly exact), shares a whole word with
 * the query, or shares at least 40 % of its trigrams — below that, suggestions look random to a reader.
 */
export function suggestSlugs(query: string, slugs: Iterable<string>, limit = 5): string[] {
  if (query === '' || limit <= 0) return [];
  const queryWords = new Set(query.split('-').filter((w) => w.length >= 3));
  const typoBudget = Math.max(1, Math.floor(query.length / 3));
  const scored: Scored[] = [];
  for (const slug of slugs) {
    if (slug === query) continue;
    // Cheap length filter first: edit distance can only be within budget if lengths are close.
    const distance = Math.abs(slug.length - query.length) <= typoBudget ? editDistance(query, slug) : Infinity;
    const sharesWord = slug.split('-').some((word) => queryWords.has(word));
    const similarity = trigramSimilarity(query, slug);
    if (distance > typoBudget && !sharesWord && similarity < 0.4) continue;
    // Typos rank above word overlap, which ranks above loose trigram resemblance.
    const typoScore = distance <= typoBudget ? 2 - distance / (typoBudget + 1) : 0;
    scored.push({ slug, score: typoScore + (sharesWord ? 0.5 : 0) + similarity });
  }
  scored.sort((a, b) => b.score - a.score || a.slug.localeCompare(b.slug));
  return scored.slice(0, limit).map((s) => s.slug);
}

/** What autocomplete matches on (the store's catalogue entries carry more). */
export interface SearchEntry {
  threadId: string;
  slug: string;
  title: string;
}

/** Catalogue entries live as long as the catalogue; their slug and title words are split once. */
const wordCache = new WeakMap<SearchEntry, { slugParts: string[]; titleWords: string[] }>();
function wordsOf(entry: SearchEntry): { slugParts: string[]; titleWords: string[] } {
  let words = wordCache.get(entry);
  if (!words) {
    words = { slugParts: entry.slug.split('-'), titleWords: entry.title.toLowerCase().split(/[^\p{L}\p{N}]+/u) };
    wordCache.set(entry, words);
  }
  return words;
}

/**
 * Autocomplete over public threads: slug prefix, then a slug word prefix, then slug substring, then
 * every query word starting a title word. Linear in the catalogue, which is a few thousand short
 * strings: well under a millisecond per keystroke.
 */
export function searchCatalog<Entry extends SearchEntry>(query: string, entries: readonly Entry[], limit: number): Entry[] {
  const normalised = query.trim().toLowerCase();
  if (limit <= 0) return [];
  if (normalised === '') return entries.slice(0, limit);
  const slugQuery = normalised.replace(/[\s_]+/g, '-');
  const words = normalised.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const ranked: { entry: Entry; tier: number; position: number }[] = [];
  entries.forEach((entry, position) => {
    let tier = 0;
    const { slugParts, titleWords } = wordsOf(entry);
    if (entry.slug.startsWith(slugQuery)) tier = 4;
    else if (slugParts.some((part) => part.startsWith(slugQuery))) tier = 3;
    else if (entry.slug.includes(slugQuery)) tier = 2;
    else if (words.length > 0) {
      if (words.every((word) => titleWords.some((titleWord) => titleWord.startsWith(word)))) tier = 1;
    }
    if (tier > 0) ranked.push({ entry, tier, position });
  });
  ranked.sort((a, b) => b.tier - a.tier || a.position - b.position);
  return ranked.slice(0, limit).map((r) => r.entry);
}

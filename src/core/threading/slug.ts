/**
 * A slug is what people type (`/thread trump-putin`), so it is built from the two or three most
 * salient terms of the thread — names first, as ranked by the caller — in their plain spelling,
 * ASCII only, short. A third term is added only when it is nearly as salient as the second, so
 * slugs stay two words unless the story really has three protagonists.
 */

const MAX_SLUG_LENGTH = 40;
const THIRD_TERM_MIN_SHARE = 0.75;
const MIN_WORD_LENGTH = 3;

export function asciiSlugPart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * @param ranked features with salience, best first (phrase features are `a_b`)
 * @param surfaceOf the readable form of a feature (stems like `airlin` are not typeable words)
 * @param headline the thread's title: chosen words follow its word order (`malaysia-airlines`,
 *   never `airlines-malaysia`); words it lacks keep their salience order after those it has
 */
export function slugFromTerms(ranked: readonly [string, number][], surfaceOf: (feature: string) => string | undefined, headline = ''): string {
  const words: string[] = [];
  const weights: number[] = [];
  for (const [feature, weight] of ranked) {
    const isPhrase = feature.includes('_');
    // Lone one- or two-letter words ("us", "ch", "mt") read as noise in a slug; inside a phrase they
    // are part of a name ("mt-gox") and stay.
    const parts = feature
      .split('_')
      .map((part) => asciiSlugPart(surfaceOf(part) ?? part))
      .filter((part) => part.length >= (isPhrase ? 1 : MIN_WORD_LENGTH));
    const fresh = parts.filter((part) => !words.includes(part));
    if (fresh.length === 0) continue;
    if (words.length >= 2 && (words.length + fresh.length > 3 || weight < THIRD_TERM_MIN_SHARE * (weights[1] ?? weight))) break;
    if (words.length + fresh.length > 3) continue;
    for (const part of fresh) {
      words.push(part);
      weights.push(weight);
    }
    if (words.length >= 3) break;
  }
  const headlineWords = headline.split(/[^\p{L}\p{N}]+/u).map(asciiSlugPart);
  const position = (word: string) => {
    const index = headlineWords.findIndex((candidate) => candidate === word || (candidate.startsWith(word) && word.length >= 4));
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  const ordered = words.map((word, rank) => ({ word, rank, at: position(word) })).sort((a, b) => a.at - b.at || a.rank - b.rank);
  let slug = ordered.map((entry) => entry.word).join('-');
  if (slug.length > MAX_SLUG_LENGTH) slug = slug.slice(0, MAX_SLUG_LENGTH).replace(/-[^-]*$/, '');
  return slug === '' ? 'story' : slug;
}

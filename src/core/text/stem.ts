import { stemmer } from 'stemmer';

/**
 * Porter stemming (the `stemmer` package), memoised: news vocabulary is Zipfian, so a bounded cache
 * answers nearly every lookup. Words containing a digit are identifiers ("mh370", "g20", "2014")
 * and are returned unchanged: stemming would only mangle them.
 */
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 100_000;

/** `lower` must already be lower case. */
export function stem(lower: string): string {
  let stemmed = stemCache.get(lower);
  if (stemmed === undefined) {
    stemmed = /\p{N}/u.test(lower) ? lower : stemmer(lower);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(lower, stemmed);
  }
  return stemmed;
}

export function clearStemCache(): void {
  stemCache.clear();
}

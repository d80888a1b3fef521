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

/**
 * Groups of words that stand for one another ("give gave given", "vulgar profane obscene"), one line
 * per group, as a map from each member's stem to the other members' stems.
 */
export function stemGroups(lines: readonly string[]): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (const line of lines) {
    const stems = new Set(line.split(' ').map((word) => stem(word)));
    for (const term of stems) {
      const others = groups.get(term) ?? new Set<string>();
      for (const other of stems) if (other !== term) others.add(other);
      groups.set(term, others);
    }
  }
  return groups;
}

export function clearStemCache(): void {
  stemCache.clear();
}

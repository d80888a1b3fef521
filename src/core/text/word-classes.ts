import nlp from 'compromise';
import { LRUCache } from 'lru-cache';
import { termOf } from './tokenise.js';

/**
 * The word class of each content word of a short text (a reader's question), by compromise's tagger:
 * the verbs, adjectives and adverbs in "Where is the material probably stored?" are how the reader
 * says it, the nouns and names what it is about. The tagger costs about a millisecond per question,
 * so it is used for questions only, never for a thread's sentences, and memoised.
 */
export type WordClass = 'noun' | 'name' | 'verb' | 'adjective' | 'adverb' | 'other';

interface TaggedTerm {
  text: string;
  tags: string[];
}

const cache = new LRUCache<string, ReadonlyMap<string, WordClass>>({ max: 5_000 });

/** Stemmed term → word class, for the content words of `text` (the first class wins for a term said twice). */
export function wordClasses(text: string): ReadonlyMap<string, WordClass> {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const classes = new Map<string, WordClass>();
  const sentences = nlp(text).json() as { terms: TaggedTerm[] }[];
  for (const sentence of sentences) {
    for (const term of sentence.terms) {
      for (const word of term.text.split(/[^\p{L}\p{N}'’-]+/u)) {
        const stemmed = termOf(word.replace(/['’]s$/, '').toLowerCase());
        if (stemmed === null || classes.has(stemmed)) continue;
        classes.set(stemmed, classOf(term.tags));
      }
    }
  }
  cache.set(text, classes);
  return classes;
}

function classOf(tags: readonly string[]): WordClass {
  if (tags.includes('ProperNoun')) return 'name';
  if (tags.includes('Verb')) return 'verb';
  if (tags.includes('Adjective')) return 'adjective';
  if (tags.includes('Adverb')) return 'adverb';
  if (tags.includes('Noun')) return 'noun';
  return 'other';
}

import { describe, expect, it } from 'vitest';
import { editDistance, searchCatalog, suggestSlugs, trigramSimilarity } from '../../src/core/threading/slug-match.js';
import { normaliseSlugInput } from '../../src/core/threading/store-writes.js';

describe('slug matching', () => {
  it('counts edits, with an adjacent transposition as one', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('trump-putin', 'trump-putni')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('rates trigram overlap between 0 and 1', () => {
    expect(trigramSimilarity('fed-taper', 'fed-taper')).toBe(1);
    expect(trigramSimilarity('fed-taper', 'zzzz')).toBe(0);
  });

  const slugs = ['trump-putin', 'putin-crimea', 'fed-taper', 'malaysia-airlines', 'trump-tariffs', 'obama-care', 'obama-putin', 'putin-sochi', 'kremlin-putin'];

  it('suggests the slug a typo was meant to be, first', () => {
    expect(suggestSlugs('trump-putn', slugs)[0]).toBe('trump-putin');
    expect(suggestSlugs('malaysia-airline', slugs)[0]).toBe('malaysia-airlines');
  });

  it('suggests slugs sharing a whole word, at most five', () => {
    const suggestions = suggestSlugs('putin', slugs);
    expect(suggestions.length).toBeLessThanOrEqual(5);
    expect(suggestions.every((slug) => slug.includes('putin'))).toBe(true);
  });

  it('suggests nothing for text resembling no slug', () => {
    expect(suggestSlugs('qqqq', slugs)).toEqual([]);
    expect(suggestSlugs('', slugs)).toEqual([]);
  });

  it('normalises what people type into slug form', () => {
    expect(normaliseSlugInput('  Trump Putin ')).toBe('trump-putin');
    expect(normaliseSlugInput('#fed_taper')).toBe('fed-taper');
    expect(normaliseSlugInput('/Malaysia--Airlines!')).toBe('malaysia-airlines');
  });

  it('autocompletes by slug prefix, then word prefix, then title words', () => {
    const entries = [
      { threadId: '1', slug: 'trump-putin', title: 'Trump and Putin talk' },
      { threadId: '2', slug: 'putin-crimea', title: 'Crimea vote' },
      { threadId: '3', slug: 'fed-taper', title: 'Fed signals faster tapering' },
    ];
    expect(searchCatalog('pu', entries, 5).map((e) => e.threadId)).toEqual(['2', '1']);
    expect(searchCatalog('faster', entries, 5).map((e) => e.threadId)).toEqual(['3']);
    expect(searchCatalog('', entries, 2)).toHaveLength(2);
  });
});

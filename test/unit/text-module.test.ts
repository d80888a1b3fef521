import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/core/text/sentences.js';
import { stem } from '../../src/core/text/stem.js';
import { ENGLISH_STOPWORDS, NEWS_STOPWORDS } from '../../src/core/text/stopwords.js';
import { caseSegments, contentTerms, dedupKey, words } from '../../src/core/text/tokenise.js';

const texts = (input: string) => splitSentences(input).map((s) => s.text);

describe('sentence splitting', () => {
  it('keeps titles, initials, acronyms and abbreviations inside their sentence', () => {
    expect(texts('Mr. Smith met Sen. J. Doe in the U.S. on Monday. They talked for an hour.')).toEqual([
      'Mr. Smith met Sen. J. Doe in the U.S. on Monday.',
      'They talked for an hour.',
    ]);
  });

  it('ends a sentence at a question mark, an exclamation mark and a closing quote', () => {
    expect(texts('"Is this a circus?" he asked. "America is not a clown show." Laughter followed!')).toEqual([
      '"Is this a circus?" he asked.',
      '"America is not a clown show."',
      'Laughter followed!',
    ]);
  });

  it('treats every line as its own sentence and returns exact substrings with their offsets', () => {
    const input = 'Headline Without Period\n\nFirst sentence here.  Second one.';
    const spans = splitSentences(input);
    expect(spans.map((s) => s.text)).toEqual(['Headline Without Period', 'First sentence here.', 'Second one.']);
    for (const span of spans) expect(input.slice(span.start, span.start + span.text.length)).toBe(span.text);
  });

  it('stops after the requested number of sentences', () => {
    expect(texts('One is here. Two is here. Three is here.').length).toBe(3);
    expect(splitSentences('One is here. Two is here. Three is here.', 2).map((s) => s.text)).toEqual(['One is here.', 'Two is here.']);
  });
});

describe('terms', () => {
  it('drops function words and stems inflections so "elections" matches "election"', () => {
    expect(contentTerms('The elections were held')).toEqual(contentTerms('election held'));
    expect(contentTerms('what is the of and')).toEqual([]);
  });

  it('makes copies that differ only in case and punctuation share one key', () => {
    expect(dedupKey('Obama signs the bill — finally.')).toBe(dedupKey('obama signs the bill, finally'));
  });
});

describe('the shared text module', () => {
  it('finds words in any script, so non-English text still has terms', () => {
    expect(contentTerms('Путин позвонил Трампу')).toEqual(['путин', 'позвонил', 'трампу']);
    expect(words('Le président a parlé')).toHaveLength(4);
  });

  it('leaves identifiers with digits unstemmed and drops short bare numbers', () => {
    expect(stem('mh370')).toBe('mh370');
    expect(contentTerms('MH370 was 3 of 2014 flights')).toEqual(['mh370', '2014', 'flight']);
  });

  it('drops possessives and keeps the offset of every word', () => {
    const tokens = words("Trump's call");
    expect(tokens.map((t) => [t.word, t.start])).toEqual([['trump', 0], ['call', 8]]);
  });

  it('keeps threading on the wider news list and summaries on function words only', () => {
    expect(NEWS_STOPWORDS.has('call')).toBe(true);
    expect(ENGLISH_STOPWORDS.has('call')).toBe(false);
    expect(contentTerms('the planned call', NEWS_STOPWORDS)).toEqual(['plan']);
  });

  it("gives threading its case-keeping segments from the same module: acronyms, names, headline parts", () => {
    const segments = caseSegments("U.S.-Russia talks weigh Obama-Putin call: Kremlin's reply");
    expect(segments.map((segment) => segment.tokens.map((token) => token.lower))).toEqual([
      ['us', 'russia', 'talks', 'weigh', 'obama', 'putin', 'call'],
      ['kremlin', 'reply'],
    ]);
    const [first] = segments;
    expect(first!.tokens[0]).toMatchObject({ surface: 'US', acronym: true, initial: true });
    expect(first!.tokens[4]).toMatchObject({ surface: 'Obama', capitalised: true, initial: false });
    // Sentence case: a capital mid-sentence is evidence of a name.
    expect(first!.caseless).toBe(false);
    expect(caseSegments('Obama And Putin Talk Ukraine')[0]!.caseless).toBe(true);
  });
});

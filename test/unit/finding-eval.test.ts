import { describe, expect, it } from 'vitest';
import { distinctiveQueries, nameLexicon, slugNamesAny, threadNames } from '../../src/cli/eval-find.js';
import type { StreamRecord } from '../../src/core/articles/stream-record.js';

function record(id: number, title: string, story?: string): StreamRecord {
  return { id: `r${id}`, title, url: `https://example.com/${id}`, source: 'example.com', published: '2014-03-10T12:00:00Z', ...(story ? { story } : {}) };
}

describe('eval-find queries', () => {
  it('takes the two words that are most frequent in a story and rarest elsewhere, lowercased', () => {
    const records: StreamRecord[] = [];
    let id = 0;
    for (let i = 0; i < 20; i++) records.push(record(id++, `Flappy Bird creator says the game could return ${i}`, 'flappy'));
    for (let i = 0; i < 20; i++) records.push(record(id++, `GM recall widens as the game of blame goes on`, 'gm'));
    for (let i = 0; i < 5; i++) records.push(record(id++, 'Stocks fall as the game changes'));
    for (let i = 0; i < 3; i++) records.push(record(id++, 'Small story with few articles', 'small'));
    const queries = distinctiveQueries(records);
    expect([...queries.keys()].sort()).toEqual(['flappy', 'gm']);
    // "game" and "the" are everywhere: never distinctive.
    for (const words of queries.values()) for (const word of words) expect(['game', 'the']).not.toContain(word);
    expect(queries.get('gm')).toEqual(expect.arrayContaining([expect.stringMatching(/^[a-z]+$/)]));
  });
});

describe('eval-find headline names', () => {
  const titles = [
    'Investors fear the US will act on Crimea',
    'Tell us what you think of the new phone',
    'Why Crimea matters so much to people in Moscow this March',
    'Talks on Crimea stall as markets wait',
    'Chrysler Recalls 25000 Vehicles',
    'Belvidere Chrysler Layoffs Extended',
    'National group concerned about layoffs - WDRB 41',
    'Layoffs at KentuckyOne hospitals - WDRB 41',
  ];
  const lexicon = nameLexicon(titles);

  it('reads names from how headlines write them: capitals inside a sentence, acronyms, never-lower-case words', () => {
    expect(lexicon.has('crimea')).toBe(true);
    expect(lexicon.has('moscow')).toBe(true);
    // "US" the acronym is a name; "us" the pronoun is not what made it one.
    expect(lexicon.has('us')).toBe(true);
    // Only ever first or in Title Case, never in lower case: a name.
    expect(lexicon.has('chrysler')).toBe(true);
    // Written in lower case inside a sentence: a word, even where Title Case capitalises it.
    expect(lexicon.has('layoffs')).toBe(false);
    expect(lexicon.has('markets')).toBe(false);
    // Dates are capitalised in English but are not names.
    expect(lexicon.has('march')).toBe(false);
  });

  it('counts a name in a thread only where it recurs, as a name, and is not the outlet', () => {
    const article = (title: string, source = 'example.com') => ({ title, source });
    const crimea = [article(titles[0]!), article(titles[2]!), article(titles[3]!), article('Tell us about the phone')];
    // "us" the pronoun does not count as a sighting of "US"; "US" once does not recur.
    expect(threadNames(lexicon, crimea)).toEqual(['crimea']);
    const layoffs = [article(titles[6]!, 'wdrb.com'), article(titles[7]!, 'wdrb.com'), article('KentuckyOne layoffs - WDRB 41', 'wdrb.com')];
    // WDRB is the outlet signing its headlines, not the story.
    expect(threadNames(lexicon, layoffs)).toEqual(['kentuckyone']);
    // A name in one headline of eight is a detail: the thread has no name its slug could miss.
    const many = [article(titles[0]!), article(titles[2]!), ...Array.from({ length: 8 }, (_, i) => article(`Gas prices rise again in week ${i}`))];
    expect(threadNames(lexicon, many)).toEqual([]);
  });

  it('finds a name in a slug by word or written joined', () => {
    expect(slugNamesAny('crimea-vote', ['crimea'])).toBe(true);
    expect(slugNamesAny('mtgox-bankruptcy', ['mt gox'])).toBe(true);
    expect(slugNamesAny('layoffs', ['kentuckyone'])).toBe(false);
  });
});

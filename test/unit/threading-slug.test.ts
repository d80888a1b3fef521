import { describe, expect, it } from 'vitest';
import { createThreadingEngine } from '../../src/core/threading/engine.js';
import { slugForThread } from '../../src/core/threading/slug.js';
import { BACKGROUND_HEADLINES } from '../fixtures/threading/background-headlines.js';

/**
 * Slugs from realistic headline sets, run through the engine the way production makes them: once,
 * on the article that makes a thread public (3 articles, 2 outlets).
 */

const T0 = Date.UTC(2014, 2, 10, 12);
const MINUTE = 60_000;

const BACKGROUND = BACKGROUND_HEADLINES;

/** Feeds a background, then the headlines (outlet per headline); returns the slug stem handed out. */
function slugOf(headlines: readonly [title: string, outlet: string][]): string {
  const engine = createThreadingEngine();
  let id = 0;
  for (const title of BACKGROUND) engine.commit(engine.decide({ id: `bg${id++}`, title, published: T0 - 120 * MINUTE, outlet: 'background.com' }).entry);
  const slugs: string[] = [];
  const threads = new Set<string>();
  headlines.forEach(([title, outlet], index) => {
    const outcome = engine.commit(engine.decide({ id: `a${index}`, title, published: T0 + index * MINUTE, outlet }).entry);
    threads.add(outcome.threadId);
    if (outcome.slugBase !== '') slugs.push(outcome.slugBase);
  });
  expect(threads.size).toBe(1);
  expect(slugs).toHaveLength(1);
  return slugs[0]!;
}

describe('thread slugs', () => {
  it('names the missing-jet story after the airline', () => {
    const slug = slugOf([
      ['Malaysia Airlines MH370 vanished with 239 on board', 'reuters.com'],
      ['Search for Malaysia Airlines flight MH370 widens', 'cnn.com'],
      ['Malaysia Airlines MH370: relatives wait for answers', 'bbc.co.uk'],
    ]);
    expect(slug).toContain('malaysia');
    expect(slug.length).toBeLessThanOrEqual(32);
  });

  it('names a Fed tapering story after its names and the taper, in plain words', () => {
    const slug = slugOf([
      ["Fed's Plosser says weather-hit data should not slow the taper", 'latimes.com'],
      ['Fed taper to continue despite weak data, Plosser says', 'marketwatch.com'],
      ['Plosser: Fed taper on course', 'reuters.com'],
    ]);
    expect(slug.split('-')).toContain('taper');
    for (const word of slug.split('-')) expect(['fed', 'plosser', 'taper']).toContain(word);
  });

  it('names a phone call after its two protagonists', () => {
    expect(
      slugOf([
        ['Trump and Putin discuss Ukraine in phone call', 'nytimes.com'],
        ['Putin, Trump hold first phone call', 'foxnews.com'],
        ['Kremlin says Putin and Trump spoke by phone', 'reuters.com'],
      ]),
    ).toMatch(/^(trump-putin|putin-trump)(-|$)/);
  });

  it('leaves out the outlet names and feed boilerplate that appear in headlines', () => {
    const slug = slugOf([
      ["Benzinga's Chattering Class: Twitter outage hits millions | RSS", 'benzinga.com'],
      ['Twitter outage hits users worldwide - RSS update', 'benzinga.com'],
      ['Twitter suffers outage across Europe and US', 'theverge.com'],
    ]);
    expect(slug).toContain('twitter');
    expect(slug).not.toMatch(/benzinga|rss|update/);
  });

  it('spells terms as the headlines do, not as stems', () => {
    const slug = slugForThread({
      terms: [
        ['airlin', 5],
        ['malaysia', 4.8],
      ],
      names: new Set(['airlin', 'malaysia']),
      headlines: ['Malaysia Airlines jet missing', 'Malaysia Airlines search widens'],
      outlets: ['cnn.com'],
    });
    expect(slug).toBe('malaysia-airlines');
  });

  it('prefers names and nouns over verbs and adjectives of similar salience', () => {
    const slug = slugForThread({
      terms: [
        ['creat', 5],
        ['unwarr', 5],
        ['ukrain', 4],
        ['sanction', 3.5],
      ],
      names: new Set(),
      headlines: ['EU sanctions on Russia over Ukraine creates unwarranted pressure', 'Ukraine sanctions debate in Brussels'],
      outlets: ['ft.com'],
    });
    expect(slug.split('-').sort()).toEqual(['sanctions', 'ukraine']);
  });

  it('falls back to "story" when nothing typeable remains', () => {
    expect(slugForThread({ terms: [['москва', 2]], names: new Set(), headlines: ['Москва'], outlets: [] })).toBe('story');
  });
});

import { describe, expect, it } from 'vitest';
import { frameSides, logOddsZ } from '../../src/core/summaries/framing.js';
import { extractivePage } from '../../src/core/summaries/extractive.js';
import { articlesOf } from '../helpers/page-fixtures.js';

const trumpPutin = articlesOf('test/fixtures/scraped/trump-putin.jsonl');

describe('framing by side (weighted log-odds with an informative Dirichlet prior)', () => {
  it('scores a term a side uses more than the rest positive, and a shared term near zero', () => {
    const side = new Map([['peace', 12], ['call', 10]]);
    const rest = new Map([['peace', 1], ['call', 30]]);
    const z = logOddsZ(side, 100, rest, 300);
    expect(z.get('peace')).toBeGreaterThan(1.96);
    expect(Math.abs(z.get('call') ?? 99)).toBeLessThan(1);
  });

  it('names terms that occur more in the side than in any other side, with tone, voices and lead', () => {
    const framings = frameSides(trumpPutin);
    const right = framings.right;
    expect(right?.sentence).toMatch(/^Right-leaning outlets /);
    expect(right?.terms).toEqual(expect.arrayContaining(['peace']));
    expect(right?.sentence).toMatch(/lead with “Trump to hold high-stakes call with Putin as peace deal nears”/);
    expect(right?.quoted).toContain('Karoline Leavitt');
    expect(right?.sentence).toMatch(/more positive tone/);
    expect(framings.center?.quoted).toContain('Peskov');
  });

  it('supports each framing with sentences from that side only, and says plainly when a side has no coverage', () => {
    const noCenter = trumpPutin.filter((article) => article.outletName !== 'Reuters');
    const page = extractivePage(noCenter);
    expect(page.perspectives.center).toBeNull();
    expect(page.perspectives.right?.sources).toEqual(['Fox News']);
    expect(page.perspectives.left?.sources.every((source) => ['CNN', 'Associated Press'].includes(source))).toBe(true);
    const foxText = noCenter.filter((a) => a.outletName === 'Fox News').map((a) => a.text).join('\n');
    for (const sentence of page.perspectives.right?.text.split(/(?<=[.!?”"])\s+(?=[A-Z"“])/) ?? []) expect(foxText).toContain(sentence);
  });

  it('says there is nothing to compare with when only one side covered the story', () => {
    const foxOnly = trumpPutin.filter((article) => article.outletName === 'Fox News');
    expect(frameSides(foxOnly).right?.sentence).toMatch(/^Only right-leaning outlets have covered this story/);
  });
});

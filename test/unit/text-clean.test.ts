import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanArticleText } from '../../src/core/text/clean.js';
import { readableText } from '../../src/core/text/readable-html.js';

const title = 'Trump says he will speak with Putin on Tuesday about ending the war in Ukraine';
const prose = [
  'President Donald Trump said Sunday he plans to speak with Russian President Vladimir Putin on Tuesday, as the White House pushes for a ceasefire.',
  'Steve Witkoff, a special envoy for the Middle East, met Putin in Moscow on Thursday for several hours.',
];

describe('cleaning scraped article text', () => {
  it('drops trails, reading-time and date lines, tables of contents, bylines, share lines and the repeated headline', () => {
    const scraped = [
      'Home » News » World',
      title,
      title,
      'By Kevin Liptak and Alayna Treene, CNN',
      '5 min read Post on May 19, 2025',
      'Updated 2:05 PM EDT, Sun March 16, 2025',
      'Article with TOC',
      'Table of Contents',
      'The call',
      prose[0],
      'Share on Facebook',
      'Sign up for our newsletter to get the latest news.',
      prose[1],
      'Advertisement',
      'Brooke Singman is a political correspondent for Fox News Digital.',
    ].join('\n');
    expect(cleanArticleText(scraped, { title }).split('\n')).toEqual(prose);
  });

  it('cuts a wire dateline but keeps its paragraph', () => {
    expect(cleanArticleText('MOSCOW, March 17 (Reuters) - The Kremlin said on Monday that the two leaders would speak by telephone.')).toBe(
      'The Kremlin said on Monday that the two leaders would speak by telephone.',
    );
    expect(cleanArticleText('WASHINGTON -- Real estate tycoon Donald Trump said Thursday he has doubts about the report.')).toMatch(/^Real estate/);
  });

  it('keeps non-English prose, judged by length and punctuation rather than English function words', () => {
    const russian = 'Президент России Владимир Путин проведёт во вторник телефонный разговор с президентом США Дональдом Трампом.';
    expect(cleanArticleText(`Главная » Новости\n${russian}`)).toBe(russian);
  });

  it('keeps a feed summary that is one short line when asked to', () => {
    expect(cleanArticleText('Xbox Live is down again', { keepShort: true })).toBe('Xbox Live is down again');
    expect(cleanArticleText('Xbox Live is down again')).toBe('');
  });

  it('reads a 200 KB body line by line without trouble', () => {
    const body = `${prose[0]}\n`.repeat(1_500) + prose[1];
    expect(body.length).toBeGreaterThan(200_000);
    expect(cleanArticleText(body, { title }).split('\n')).toEqual(prose);
  });
});

describe('reading a scraped HTML page', () => {
  const record = readFileSync(new URL('../fixtures/scraped/witkoff-moscow.jsonl', import.meta.url), 'utf8').split('\n')[0] ?? '{}';
  const { html, clutter } = JSON.parse(record) as { html: string; clutter: string[] };

  it('keeps the article prose (Readability + linkedom) and none of the page furniture around or inside it', () => {
    const page = readableText(html);
    expect(page?.title).toBe('Witkoff heads to Moscow ahead of Trump-Putin call');
    const lines = page?.text.split('\n') ?? [];
    expect(lines[0]).toMatch(/^Steve Witkoff, the White House special envoy/);
    expect(lines).toHaveLength(6);
    for (const line of clutter) expect(lines).not.toContain(line);
    expect(page?.text).not.toMatch(/min read|Table of Contents|Share on|newsletter|All rights reserved|Related stories/);
  });

  it('gives null for a page with no article in it', () => {
    expect(readableText('<html><body><nav><a href="/">Home</a></nav></body></html>')).toBeNull();
  });
});

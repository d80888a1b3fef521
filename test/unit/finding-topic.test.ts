import { describe, expect, it } from 'vitest';
import { stripWirePrefix } from '../../src/core/articles/text.js';
import { asciiSlugPart, topicOf } from '../../src/core/finding/topic.js';
import { createThreadingEngine } from '../../src/core/threading/engine.js';
import { BACKGROUND_HEADLINES } from '../fixtures/threading/background-headlines.js';

const T0 = Date.UTC(2014, 2, 10, 12);
const MINUTE = 60_000;

const TRUMP_PUTIN = [
  'Trump and Putin to hold call on Ukraine, White House says',
  'Putin, Trump plan phone call as Ukraine talks stall',
  'Trump says he will speak with Putin by phone on Tuesday',
  'Kremlin confirms planned Trump-Putin call',
];

describe('topic titles and slugs', () => {
  it('names a planned call after its two actors, in the order the headlines say them, and the event', () => {
    expect(topicOf({ headlines: TRUMP_PUTIN })).toEqual({ title: 'Trump Putin Call', slug: 'trump-putin' });
  });

  it('adds the event word to the slug when the names alone are one word', () => {
    const topic = topicOf({
      headlines: [
        'GM recalls 1.6 million cars over faulty ignition switch',
        'GM recall probe widens as regulators ask questions',
        'GM faces recall questions in Congress',
        'GM CEO apologises for recall delays',
      ],
    });
    expect(topic).toEqual({ title: 'GM Recall', slug: 'gm-recall' });
  });

  it('keeps hyphenated names with short parts whole ("T-Mobile")', () => {
    const topic = topicOf({
      headlines: [
        'Sprint Chairman Son Vows Price War If T-Mobile Deal Approved',
        'Sprint pushes T-Mobile deal despite regulators',
        'Sprint, T-Mobile deal talks heat up',
        "SoftBank's Son makes case for Sprint T-Mobile deal",
      ],
    });
    expect(topic).toEqual({ title: 'Sprint T-Mobile Deal', slug: 'sprint-t-mobile' });
  });

  it('finds two-word names that stand together in most headlines', () => {
    const topic = topicOf({ headlines: ['Flappy Bird could return, creator says', 'Flappy Bird creator Dong Nguyen considers comeback', 'Will Flappy Bird fly again?'] });
    expect(topic.slug).toBe('flappy-bird');
    expect(topic.title.startsWith('Flappy Bird')).toBe(true);
  });

  it('builds the topic from what recurs, not from one headline', () => {
    const topic = topicOf({
      headlines: ['Shailene Woodley: Your 2014 It Girl', 'Shailene Woodley talks Divergent role', 'Divergent star Shailene Woodley on fame', 'Mean Girls reunion rumours'],
    });
    expect(topic.slug).toBe('shailene-woodley');
    expect(topic.title).not.toMatch(/Mean|Girls/);
  });

  it('is the same whatever order the headlines come in, and ignores duplicates', () => {
    const forward = topicOf({ headlines: TRUMP_PUTIN, names: ['putin', 'trump'], outlets: ['reuters.com', 'apnews.com'] });
    const backward = topicOf({ headlines: [...TRUMP_PUTIN].reverse().concat(TRUMP_PUTIN[0]!), names: ['trump', 'putin'], outlets: ['apnews.com', 'reuters.com'] });
    expect(backward).toEqual(forward);
  });

  it('leaves out outlet names, feed boilerplate and wire labels', () => {
    const topic = topicOf({
      headlines: ["Benzinga's Chattering Class: Twitter outage hits millions | RSS", 'UPDATE 2-Twitter outage hits users worldwide - RSS update', 'Twitter suffers outage across Europe and US'],
      outlets: ['benzinga.com', 'reuters.com'],
    });
    expect(topic.slug).toBe('twitter-outage');
    expect(topic.title).toBe('Twitter Outage');
  });

  it('keeps the spelling of mixed-case names and falls back to "story" when nothing is typeable', () => {
    expect(topicOf({ headlines: ['Apple ships iOS 7.1 to iPhone owners', 'iOS 7.1 arrives with CarPlay', 'What is new in iOS 7.1'] }).title).toContain('iOS');
    expect(topicOf({ headlines: ['Москва', 'Москва'] }).slug).toBe('story');
    expect(topicOf({ headlines: [] })).toEqual({ title: '', slug: 'story' });
    expect(asciiSlugPart('Zürich')).toBe('zurich');
    expect(asciiSlugPart("Men's")).toBe('men');
  });

  it('reads an acronym of a function word ("US") as a name for the title but keeps it out of the slug, where it could not be typed', () => {
    const topic = topicOf({
      headlines: ['US employers posted more open jobs in January', 'US job openings rise as hiring slows', 'Job openings in the US climb to a six-year high'],
    });
    expect(topic.title.split(' ')).toContain('US');
    expect(topic.slug.split('-')).not.toContain('us');
    expect(topicOf({ headlines: ['TELL US WHAT YOU THINK', 'TELL US ABOUT YOUR JOB', 'WRITE TO US TODAY'] }).title.split(' ')).not.toContain('US');
  });

  it('does not head the topic with a name the thread mentions only now and then', () => {
    const headlines = [
      'Volcanoes helped species survive past ice ages',
      'Volcanoes saw species survive ice ages',
      'How volcanoes kept life going through the ice ages',
      'Were volcanoes ice age refuges for life?',
      'Life survived ice ages near volcanoes, study finds',
      'Warm volcanoes were ice age havens',
      'Antarctic volcanoes sheltered life in the ice ages',
      'Study of Antarctic mosses points to volcanoes in ice ages',
    ];
    const topic = topicOf({ headlines });
    expect(topic.title).not.toContain('Antarctic');
    expect(topic.slug).toMatch(/volcano/);
  });

  it('names the event with a word people would say, not the headline verb beside it ("Trump Emergency", not "Trump Declares")', () => {
    const headlines = [
      'Trump Declares a National Emergency, and Provokes a Constitutional Clash',
      'Trump Declares National Emergency To Fund U.S.-Mexico Border Wall',
      'Trump declares emergency on border, eyes $8B for wall as he signs spending package',
    ];
    expect(topicOf({ headlines, names: ['Trump'] })).toEqual({ title: 'Trump Emergency', slug: 'trump-emergency' });
    // A plural that is also a verb form ("talks") is still the event when nothing else is as shared.
    expect(topicOf({ headlines: ['Iran nuclear talks resume in Vienna', 'Iran talks stall over sanctions', 'Iran and powers open talks'] }).title).toBe('Iran Talks');
  });

  it('gives a one-word topic the next most shared word, and leaves the slug as it was', () => {
    const topic = topicOf({ headlines: ['Sony PlayStation 4 sales top 6 million', 'Why Sony is winning with its PlayStation', 'Sony cuts prices in Japan', 'Sony warns on profit'] });
    expect(topic.title).toBe('Sony PlayStation');
    expect(topic.slug).toBe('sony');
  });

  it('drops a headline verb as the event beside two actors, and keeps it beside one', () => {
    expect(topicOf({ headlines: ['Edward Snowden speaks at SXSW', 'Snowden speaks to SXSW crowd via video link', 'At SXSW, Snowden speaks on encryption'] }).title).not.toMatch(/Speaks/);
    expect(topicOf({ headlines: ['Stacy Keibler marries Jared Pobre', 'Stacy Keibler marries in secret', 'Keibler marries in Mexico'] }).title).toBe('Stacy Keibler Marries');
  });

  it('reads a given name before a surname as part of the person ("Miley Cyrus", not "Cyrus Miley")', () => {
    const topic = topicOf({
      headlines: ["Miley Cyrus 'a scapegoat,' says Kylie", "Cyrus 'a scapegoat', says Kylie", 'Miley Cyrus performs in underwear after missing costume change - video'],
      names: ['Cyrus', 'Kylie'],
    });
    expect(topic.title.startsWith('Miley Cyrus')).toBe(true);
    expect(topic.slug).toBe('miley-cyrus');
    // A name followed by a common word is no person: "Obama" stays an actor of "Obama veto".
    const veto = topicOf({ headlines: ["Senate Overrides Obama's Veto Of 9/11 Victims Bill", 'Congress rejects Obama veto of 9/11 bill', 'Senate Set to Override Obama Veto on 9/11 Bill'], names: ['Obama', 'Senate'] });
    expect(veto.title.split(' ')).toContain('Obama');
  });

  it('shows a person in full only while that leaves room for the other actors', () => {
    const topic = topicOf({
      headlines: ['Did Ruth Bader Ginsburg Cross The Line With Her Donald Trump Comments?', 'Donald Trump Rebukes Ruth Bader Ginsburg for Deriding His Candidacy', 'Ginsburg under fire from both sides over ‘highly inappropriate’ Trump comments'],
      names: ['Trump', 'Ginsburg', 'court'],
    });
    expect(topic.title.split(' ')).toEqual(expect.arrayContaining(['Ginsburg', 'Trump']));
    expect(topic.title).not.toContain('Bader');
  });

  it('keeps a hyphenated name the headlines never write apart as one word ("Wal-Mart", not "Wal Bias Mart")', () => {
    const headlines = ['Supreme Court Questions Claims in Sex Bias Suit Against Wal-Mart', 'Supreme Court Hears Argument In Wal-Mart Sex Bias Lawsuit', 'Justices Take Up Crucial Issue in Wal-Mart Suit'];
    for (const names of [[], ['wal mart', 'court']]) {
      const topic = topicOf({ headlines, names });
      expect(topic.title).toContain('Wal-Mart');
      expect(topic.slug).toMatch(/(?:^|-)wal-mart(?:-|$)/);
    }
    // Typed, "Metro-North" is two words: the slug needs no event word to tell it apart.
    expect(topicOf({ headlines: ['Metro-North train kills worker on tracks', 'Metro-North worker killed by train in Harlem', 'Metro-North suspends service after worker death'] }).slug).toBe('metro-north');
  });

  it('names the thread the engine makes public after its actors', () => {
    const engine = createThreadingEngine();
    let id = 0;
    for (const title of BACKGROUND_HEADLINES) engine.commit(engine.decide({ id: `bg${id++}`, title, published: T0 - 120 * MINUTE, outlet: 'background.com' }).entry);
    const outlets = ['reuters.com', 'apnews.com', 'foxnews.com', 'nytimes.com'];
    const slugs: string[] = [];
    let topic = '';
    TRUMP_PUTIN.forEach((title, index) => {
      const outcome = engine.commit(engine.decide({ id: `a${index}`, title, published: T0 + index * MINUTE, outlet: outlets[index]! }).entry);
      if (outcome.slugBase !== '') slugs.push(outcome.slugBase);
      topic = outcome.facets.topic;
    });
    expect(slugs).toEqual(['trump-putin']);
    expect(topic).toBe('Trump Putin Call');
  });
});

describe('wire prefixes', () => {
  it('strips wire labels, stacked or not, and leaves hyphenated names alone', () => {
    expect(stripWirePrefix('UPDATE 2-GM recalls cars')).toBe('GM recalls cars');
    expect(stripWirePrefix('RPT-UPDATE 1-Putin says')).toBe('Putin says');
    expect(stripWirePrefix('WRAPUP 1-Ukraine talks')).toBe('Ukraine talks');
    expect(stripWirePrefix('EXCLUSIVE-Chiquita in talks')).toBe('Chiquita in talks');
    expect(stripWirePrefix('CORRECTED-Fed holds rates')).toBe('Fed holds rates');
    expect(stripWirePrefix('Factbox: Who is who in Crimea')).toBe('Who is who in Crimea');
    expect(stripWirePrefix('T-Mobile deal talks')).toBe('T-Mobile deal talks');
    expect(stripWirePrefix('Update on the Titanfall servers')).toBe('Update on the Titanfall servers');
    expect(stripWirePrefix('UPDATE 2-')).toBe('UPDATE 2-');
  });
});

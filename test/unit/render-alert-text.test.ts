import { describe, expect, it } from 'vitest';
import { renderAlertLine, renderNotice } from '../../src/adapters/console/alert-sender.js';
import { renderAlertMessage as renderDiscordAlert, renderNoticeMessage as renderDiscordNotice } from '../../src/adapters/discord/alert-sender.js';
import { renderAlertMessage as renderTelegramAlert, renderNoticeMessage as renderTelegramNotice } from '../../src/adapters/telegram/alert-message.js';
import type { Alert, DigestAlert } from '../../src/core/alert.js';
import { describeAlert, describeDigest, DIGEST_LINES } from '../../src/core/render/alert-text.js';
import { formatRankChangeLabel, formatSourceList } from '../../src/core/render/format.js';

const base: Alert = {
  id: 'a1',
  kind: 'climbed',
  threadId: 't1',
  slug: 'trump-putin',
  title: 'Trump Putin Call',
  rank: 3,
  previousRank: 7,
  virality: 6.2,
  articleCount: 41,
  at: Date.UTC(2014, 2, 12),
};

describe('alert wording shared by every platform', () => {
  it('says what moved for each kind of alert', () => {
    expect(describeAlert(base)).toBe('climbed to #3 (was #7)');
    expect(describeAlert({ ...base, kind: 'fell', rank: 9, previousRank: 4 })).toBe('fell to #9 (was #4)');
    expect(describeAlert({ ...base, kind: 'fell', rank: 0, previousRank: 4 })).toBe('is no longer ranked (was #4)');
    expect(describeAlert({ ...base, kind: 'became-first', rank: 1, previousRank: 2 })).toBe('is now the #1 story (was #2)');
    expect(describeAlert({ ...base, kind: 'entered-top', rank: 8, previousRank: null, topN: 10 })).toBe('entered the top 10 at #8');
    expect(describeAlert({ ...base, kind: 'left-top', rank: 14, topN: 10 })).toBe('left the top 10, now #14');
  });

  it('uses the same words in the console line, the Discord embed and the Telegram message', () => {
    const alert: Alert = { ...base, kind: 'entered-top', rank: 8, previousRank: 12, topN: 10 };
    const words = describeAlert(alert);
    expect(renderAlertLine(alert)).toBe(`🔔 Trump Putin Call ${words} · virality 6.2 · 41 articles · /thread trump-putin`);
    expect(renderDiscordAlert(alert).embeds[0]?.description).toBe('Entered the top 10 at #8 (was #12)');
    expect(renderTelegramAlert(alert).html).toContain(words);
  });
});

const update: DigestAlert = {
  id: 'update-1',
  kind: 'digest',
  period: 'update',
  topN: 5,
  entries: [
    { threadId: 't2', slug: 'mt-gox', title: 'Mt. Gox files for bankruptcy', rank: 2, bestRank: 1, enteredAt: Date.UTC(2014, 2, 11, 9) },
    { threadId: 't3', slug: 'titanfall', title: 'Titanfall launch', rank: null, bestRank: 4, enteredAt: Date.UTC(2014, 2, 11, 10) },
  ],
  left: [{ threadId: 't4', slug: 'cosmos', title: 'Cosmos premiere', rank: 9 }],
  leader: { threadId: 't5', slug: 'flight-370', title: 'Missing Malaysia Airlines flight', rank: 1 },
  at: Date.UTC(2014, 2, 11, 12),
};

describe('top-N message wording shared by every platform', () => {
  it('lists a new #1, then what entered (best rank, rank now), then what left', () => {
    expect(describeDigest(update)).toEqual({
      title: 'Top 5 update',
      intro: '2 threads entered the top 5, 1 left it, a new #1:',
      lines: [
        { title: 'Missing Malaysia Airlines flight', detail: 'is the new #1', slug: 'flight-370' },
        { title: 'Mt. Gox files for bankruptcy', detail: 'entered at 09:00 UTC, best #1, now #2', slug: 'mt-gox' },
        { title: 'Titanfall launch', detail: 'entered at 10:00 UTC, best #4, no longer ranked', slug: 'titanfall' },
        { title: 'Cosmos premiere', detail: 'left the top 5, now #9', slug: 'cosmos' },
      ],
    });
  });

  it('titles a daily digest by its day and says so when nothing entered', () => {
    const daily: DigestAlert = { ...update, period: 'daily', day: '2014-03-11', left: [], leader: null };
    expect(describeDigest(daily)).toMatchObject({ title: 'Top 5 digest for 2014-03-11', intro: '2 threads entered the top 5 on 2014-03-11 (UTC):' });
    expect(describeDigest(daily).lines[0]?.detail).toBe('entered at 09:00 UTC, best #1');
    expect(describeDigest({ ...daily, entries: [] })).toMatchObject({ intro: 'No thread entered the top 5 on 2014-03-11 (UTC).', lines: [] });
  });

  it('lists at most DIGEST_LINES threads and counts the rest', () => {
    const entries = Array.from({ length: DIGEST_LINES + 4 }, (_, i) => ({ ...update.entries[0]!, threadId: `e${i}`, slug: `story-${i}` }));
    const text = describeDigest({ ...update, entries, left: [], leader: null });
    expect(text.lines).toHaveLength(DIGEST_LINES);
    expect(text.more).toBe('… and 4 more');
  });

  it('puts the same lines in the console, the Discord embed and the Telegram message', () => {
    const console = renderNotice(update).split('\n');
    expect(console[0]).toBe('🔔 Top 5 update: 2 threads entered the top 5, 1 left it, a new #1:');
    expect(console[2]).toBe('  2. Mt. Gox files for bankruptcy · entered at 09:00 UTC, best #1, now #2 · /thread mt-gox');
    const discord = renderDiscordNotice(update).embeds[0];
    expect(discord?.title).toBe('Top 5 update');
    expect(discord?.description).toContain('2. **Mt. Gox files for bankruptcy** · entered at 09:00 UTC, best #1, now #2 · `/thread mt-gox`');
    expect(renderTelegramNotice(update).html).toContain('2. <b>Mt. Gox files for bankruptcy</b> · entered at 09:00 UTC, best #1, now #2 · <code>/thread mt-gox</code>');
  });
});

describe('list formatting', () => {
  it('writes a rank change as Δrank +1, Δrank −2, Δrank 0 or new', () => {
    expect([1, -2, 0, null].map(formatRankChangeLabel)).toEqual(['Δrank +1', 'Δrank −2', 'Δrank 0', 'new']);
  });

  it('names at most six sources and counts the rest', () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    expect(formatSourceList(names.slice(0, 6))).toBe('A, B, C, D, E, F');
    expect(formatSourceList(names)).toBe('A, B, C, D, E, F +2 more');
  });
});

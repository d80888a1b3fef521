import { describe, expect, it } from 'vitest';
import { renderAlertLine } from '../../src/adapters/console/alert-sender.js';
import { renderAlertMessage as renderDiscordAlert } from '../../src/adapters/discord/alert-sender.js';
import { renderAlertMessage as renderTelegramAlert } from '../../src/adapters/telegram/alert-message.js';
import type { Alert } from '../../src/core/alert.js';
import { describeAlert } from '../../src/core/render/alert-text.js';
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

import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { AI_LABEL, cutAtBoundary, DISCORD_LIMITS, renderButtons, renderReply, truncate } from '../../src/adapters/discord/embeds.js';
import type { Action, Reply } from '../../src/core/reply.js';

/** What Discord counts against the 6,000-character message budget. */
function messageSize(embeds: readonly APIEmbed[]): number {
  return embeds.reduce(
    (sum, embed) =>
      sum +
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.footer?.text.length ?? 0) +
      (embed.author?.name.length ?? 0) +
      (embed.fields ?? []).reduce((fieldSum, field) => fieldSum + field.name.length + field.value.length, 0),
    0,
  );
}

function expectWithinLimits(embeds: readonly APIEmbed[]): void {
  expect(embeds.length).toBeGreaterThan(0);
  expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
  expect(messageSize(embeds)).toBeLessThanOrEqual(DISCORD_LIMITS.totalPerMessage);
  for (const embed of embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.value.length).toBeGreaterThan(0);
    }
  }
}

const words = (count: number, word = 'lorem') => Array.from({ length: count }, (_, index) => `${word}${index}`).join(' ');

function reply(overrides: Partial<Reply>): Reply {
  return { tone: 'info', blocks: [], actions: [], ...overrides };
}

describe('renderReply', () => {
  it('renders title, link, stats fields and footer of a short reply in one embed', () => {
    const { embeds } = renderReply(
      reply({
        title: '#11 · Trump Putin Call',
        url: 'https://apnews.com/x',
        blocks: [
          { type: 'text', text: 'Virality 5.4' },
          { type: 'stats', rows: [{ label: 'Virality Score', value: '5.4' }, { label: 'Change in Rank', value: '+1' }] },
        ],
        footer: 'trump-putin',
      }),
      { hasPicture: false },
    );
    expect(embeds).toHaveLength(1);
    expect(embeds[0]).toMatchObject({
      title: '#11 · Trump Putin Call',
      url: 'https://apnews.com/x',
      description: 'Virality 5.4',
      fields: [
        { name: 'Virality Score', value: '5.4', inline: true },
        { name: 'Change in Rank', value: '+1', inline: true },
      ],
      footer: { text: 'trump-putin' },
    });
  });

  it('trims an over-long title to 256 characters with an ellipsis', () => {
    const { embeds } = renderReply(reply({ title: words(100, 'headline') }), { hasPicture: false });
    expect(embeds[0]?.title?.length).toBeLessThanOrEqual(256);
    expect(embeds[0]?.title?.endsWith('…')).toBe(true);
  });

  it('continues text longer than one description in a second embed, split between words', () => {
    const text = words(600);
    const { embeds } = renderReply(reply({ title: 'Long', blocks: [{ type: 'text', text }] }), { hasPicture: false });
    expectWithinLimits(embeds);
    expect(embeds.length).toBe(2);
    expect(embeds[1]?.title).toBeUndefined();
    const rejoined = embeds.map((embed) => embed.description).join(' ');
    expect(rejoined).toBe(text);
  });

  it('caps fields at 25 per embed and moves the rest to the next embed', () => {
    const rows = Array.from({ length: 40 }, (_, index) => ({ label: `Row ${index}`, value: String(index) }));
    const { embeds } = renderReply(reply({ blocks: [{ type: 'stats', rows }] }), { hasPicture: false });
    expectWithinLimits(embeds);
    expect(embeds.map((embed) => embed.fields?.length)).toEqual([25, 15]);
  });

  it('stays within 6,000 characters for the whole message, says it trimmed, and keeps the AI label', () => {
    const blocks: Reply['blocks'] = Array.from({ length: 12 }, (_, index) => ({ type: 'section' as const, heading: `Part ${index}`, text: words(150), sources: ['Reuters'] }));
    const { embeds } = renderReply(reply({ title: 'Huge', blocks, aiGenerated: true, footer: 'trump-putin' }), { hasPicture: true });
    expectWithinLimits(embeds);
    const footer = embeds.at(-1)?.footer?.text ?? '';
    expect(footer).toContain(AI_LABEL);
    expect(footer).toContain('Trimmed');
    expect(embeds.at(-1)?.image).toEqual({ url: 'attachment://stats.png' });
  });

  it('truncates a field value over 1,024 characters', () => {
    const { embeds } = renderReply(reply({ blocks: [{ type: 'stats', rows: [{ label: 'Outlets', value: words(400) }] }] }), { hasPicture: false });
    expectWithinLimits(embeds);
    expect(embeds[0]?.fields?.[0]?.value.endsWith('…')).toBe(true);
  });

  it('keeps text that follows fields below them by starting a new embed', () => {
    const { embeds } = renderReply(
      reply({ blocks: [{ type: 'stats', rows: [{ label: 'Virality Score', value: '5.4' }] }, { type: 'text', text: 'Rank over the last 3 rankings: #14 → #12 → #11' }] }),
      { hasPicture: false },
    );
    expect(embeds).toHaveLength(2);
    expect(embeds[1]?.description).toContain('#14 → #12 → #11');
  });

  it('labels AI-generated replies in the footer and leaves others unlabelled', () => {
    expect(renderReply(reply({ title: 'x', aiGenerated: true }), { hasPicture: false }).embeds[0]?.footer?.text).toBe(AI_LABEL);
    expect(renderReply(reply({ title: 'x' }), { hasPicture: false }).embeds[0]?.footer).toBeUndefined();
  });

  it('escapes formatting in headlines but keeps inline code and masked links working', () => {
    const { embeds } = renderReply(
      reply({
        blocks: [
          { type: 'links', heading: 'Latest coverage', links: [{ title: 'Putin [says] *yes*', url: 'https://example.com/a_(b)', source: 'Reuters' }] },
          { type: 'text', text: 'Try `/thread trump-putin`' },
        ],
      }),
      { hasPicture: false },
    );
    expect(embeds[0]?.description).toContain('[Putin says \\*yes\\*](https://example.com/a_(b%29)');
    expect(embeds[0]?.description).toContain('`/thread trump-putin`');
  });

  it('renders the bias bar as text with a blindspot warning', () => {
    const { embeds } = renderReply(reply({ blocks: [{ type: 'bias-bar', bar: { left: 10, center: 60, right: 30, unratedCount: 5, blindspot: 'left' } }] }), { hasPicture: false });
    const value = embeds[0]?.fields?.[0]?.value ?? '';
    expect(value).toContain('Left 10.0%');
    expect(value).toContain('Blindspot');
    expect([...value.split('\n')[0]!].length).toBe(20);
  });

  it('never sends an empty embed', () => {
    const { embeds } = renderReply(reply({}), { hasPicture: false });
    expect(embeds[0]?.description).toBeTruthy();
  });
});

describe('renderButtons', () => {
  it('puts at most five buttons per row and five rows, highlighting and disabling the active view', () => {
    const actions: Action[] = Array.from({ length: 30 }, (_, index) => ({ label: `View ${index}`, command: `thread x v${index}`, ...(index === 2 ? { active: true } : {}) }));
    const rows = renderButtons(actions);
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.components.length <= 5)).toBe(true);
    const active = rows[0]?.components[2];
    expect(active).toMatchObject({ custom_id: 'thread x v2', disabled: true, style: 1 });
  });

  it('drops duplicate commands, since custom ids must be unique in a message', () => {
    const rows = renderButtons([
      { label: 'A', command: 'top' },
      { label: 'B', command: 'top' },
    ]);
    expect(rows[0]?.components).toHaveLength(1);
  });
});

describe('text cutting', () => {
  it('cuts at a sentence end when one is near the limit', () => {
    expect(cutAtBoundary('First sentence here. Second sentence that is long', 30)).toEqual(['First sentence here.', 'Second sentence that is long']);
  });

  it('never splits a surrogate pair', () => {
    const text = `${'a'.repeat(9)}😀bbbb`;
    const [head] = cutAtBoundary(text, 10);
    expect(head).toBe('a'.repeat(9));
    expect(truncate(text, 11)).toBe(`${'a'.repeat(9)}…`);
  });
});

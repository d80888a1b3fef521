import { describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../commands/runner.js';
import { renderAlertMessage, renderDigestMessage } from '../../src/adapters/telegram/alert-message.js';
import { htmlToPlainText } from '../../src/adapters/telegram/html.js';
import { renderReply } from '../../src/adapters/telegram/render-reply.js';
import type { Alert, AlertKind, DigestAlert } from '../../src/core/alert.js';
import { T0, fakeDeps, invocation, referenceWorld } from '../helpers/command-fakes.js';

/**
 * The reply model marks commands and slugs as `code`; Telegram's HTML mode shows markdown marks
 * literally, so every one of them must become a tag. This renders what every command answers (and
 * every alert kind) the way the Telegram bot sends it and looks for marks in what the user reads.
 */

function world() {
  const { world, thread } = referenceWorld();
  world.digests.set(thread.id, {
    threadId: thread.id,
    version: 1,
    generatedAt: T0,
    generator: 'llm',
    summary: { text: 'Trump and Putin spoke by phone for two hours.', sources: ['Reuters', 'Fox News'] },
    perspectives: { left: { text: 'Left outlets stress the concessions.', sources: ['HuffPost'] }, center: null, right: null },
    qa: [{ question: 'Who called whom?', answer: 'Trump called Putin.', sources: ['Reuters'] }],
  });
  world.sources = [
    { id: 'ok', name: 'Good Feed', lastSuccessAt: T0, consecutiveFailures: 0, articlesSeen: 42, lastError: null, disabledReason: null },
    { id: 'bad', name: 'Flaky Feed', lastSuccessAt: T0, consecutiveFailures: 3, lastError: 'HTTP 503 Service Unavailable', disabledReason: null },
  ];
  return world;
}

const LINES = [
  'help',
  'top',
  'top 20',
  'top 0',
  'thread trump-putin',
  'thread trump-putin perspectives',
  'thread trump-putin stats',
  'thread trump-putin qa',
  'thread trump-putin qa who called whom?',
  'thread trump-pootin',
  'thread',
  'subscribe trump-putin',
  'subscribe top:5',
  'subscribe top:500',
  'subscriptions',
  'unsubscribe top:5',
  'unsubscribe nothing-here',
  'unsubscribe all',
  'sources',
  'frobnicate',
];

describe('Telegram receives HTML, never markdown marks', () => {
  it.each(LINES)('/%s renders no literal backtick or asterisk', async (line) => {
    const runner = createCommandRunner(fakeDeps(world()));
    const reply = await runner.runLine(line, invocation({ platform: 'telegram', chatId: '-100' }));
    const { messages } = renderReply(reply);
    expect(messages.length).toBeGreaterThan(0);
    for (const html of messages) {
      const shown = htmlToPlainText(html);
      expect(shown).not.toContain('`');
      expect(shown).not.toContain('*');
    }
  });

  it('shows a top list slug as <code> inside the italic detail line', async () => {
    const runner = createCommandRunner(fakeDeps(world()));
    const { messages } = renderReply(await runner.runLine('top', invocation({ platform: 'telegram' })));
    expect(messages.join('\n')).toMatch(/<i>[^<]* · <code>trump-putin<\/code> · virality/);
  });

  it.each<AlertKind>(['climbed', 'fell', 'entered-top', 'left-top', 'became-first'])('a %s alert renders no literal backtick or asterisk', (kind) => {
    const alert: Alert = { id: 'a1', kind, threadId: 't1', slug: 'mean-girls', title: 'Mean Girls musical', rank: 3, previousRank: 7, topN: 5, virality: 6.2, articleCount: 41, at: T0 };
    const shown = htmlToPlainText(renderAlertMessage(alert).html);
    expect(shown).not.toContain('`');
    expect(shown).not.toContain('*');
  });

  it.each<'update' | 'daily'>(['update', 'daily'])('a top-N %s message renders no literal backtick or asterisk', (period) => {
    const thread = { threadId: 't1', slug: 'mean-girls', title: 'Mean Girls musical', rank: 3 };
    const digest: DigestAlert = {
      id: 'd1',
      kind: 'digest',
      period,
      topN: 5,
      ...(period === 'daily' ? { day: '2014-03-10' } : {}),
      entries: [{ ...thread, bestRank: 2, enteredAt: T0 }],
      left: period === 'update' ? [{ ...thread, threadId: 't2', slug: 'mt-gox', title: 'Mt. Gox', rank: 9 }] : [],
      leader: period === 'update' ? thread : null,
      at: T0,
    };
    const shown = htmlToPlainText(renderDigestMessage(digest).html);
    expect(shown).toContain('/thread mean-girls');
    expect(shown).not.toContain('`');
    expect(shown).not.toContain('*');
  });
});

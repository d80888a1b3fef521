import { describe, expect, it } from 'vitest';
import { helpCommand } from '../../commands/help.js';
import { COMMANDS } from '../../commands/registry.js';
import { sourcesCommand } from '../../commands/sources.js';
import { topCommand } from '../../commands/top.js';
import { UserError } from '../../src/core/errors.js';
import type { Block, Reply } from '../../src/core/reply.js';
import { addThread, emptyWorld, fakeDeps, invocation, makeArticle, makeStats, makeThread, T0 } from '../helpers/command-fakes.js';

function list(reply: Reply) {
  return reply.blocks.find((block): block is Extract<Block, { type: 'list' }> => block.type === 'list');
}

function rankedWorld(count: number) {
  const world = emptyWorld();
  for (let index = 1; index <= count; index += 1) {
    const articles = [makeArticle(`a${index}`), makeArticle(`b${index}`, { published: T0 + 1 })];
    const thread = makeThread(`t${index}`, `story-${index}`, articles, { title: `Story ${index}` });
    addThread(world, thread, articles, makeStats(thread, { rank: index, rankChange: index === 1 ? 2 : index === 2 ? -1 : index === 3 ? null : 0, virality: 10 - index / 10, articleCount: 100 - index }));
  }
  world.rankingInfo = { at: T0, count };
  return world;
}

describe('/top', () => {
  it('lists threads in rank order with slug, virality, rank change and article count', async () => {
    const reply = await topCommand.execute(topCommand.input.parse({ n: 3 }), invocation(), fakeDeps(rankedWorld(12)));
    expect(list(reply)?.ordered).toBe(true);
    expect(list(reply)?.items).toEqual([
      { text: 'Story 1', detail: '`story-1` · virality 9.9 · Δrank +2 · 99 articles' },
      { text: 'Story 2', detail: '`story-2` · virality 9.8 · Δrank −1 · 98 articles' },
      { text: 'Story 3', detail: '`story-3` · virality 9.7 · new · 97 articles' },
    ]);
    expect(reply.footer).toContain('12 active threads');
  });

  it('heads each entry with the thread\'s topic title and puts the representative headline under it', async () => {
    const world = emptyWorld();
    const articles = [makeArticle('a1'), makeArticle('b1', { published: T0 + 1 })];
    const thread = makeThread('t1', 'trump-putin', articles, { title: 'Trump says he will speak with Putin on Tuesday', topic: 'Trump Putin Call' });
    addThread(world, thread, articles, makeStats(thread, { rank: 1, rankChange: 1, virality: 5.4, articleCount: 451 }));
    world.rankingInfo = { at: T0, count: 1 };
    const reply = await topCommand.execute(topCommand.input.parse({ n: 1 }), invocation(), fakeDeps(world));
    expect(list(reply)?.items).toEqual([
      { text: 'Trump Putin Call', detail: 'Trump says he will speak with Putin on Tuesday · `trump-putin` · virality 5.4 · Δrank +1 · 451 articles' },
    ]);
    expect(reply.actions[0]).toEqual({ label: '1. Trump Putin Call', command: 'thread trump-putin' });
  });

  it('defaults to ten, caps at 25, and offers buttons for the first five only', async () => {
    const deps = fakeDeps(rankedWorld(30));
    const reply = await topCommand.execute(topCommand.input.parse({}), invocation(), deps);
    expect(list(reply)?.items).toHaveLength(10);
    expect(reply.actions.map((action) => action.command)).toEqual(['thread story-1', 'thread story-2', 'thread story-3', 'thread story-4', 'thread story-5']);
    expect(topCommand.input.safeParse({ n: 26 }).success).toBe(false);
    expect(topCommand.input.safeParse({ n: 0 }).success).toBe(false);
  });

  it('says plainly when nothing is ranked yet', async () => {
    const reply = await topCommand.execute(topCommand.input.parse({}), invocation(), fakeDeps(emptyWorld()));
    expect(reply.blocks[0]).toEqual({ type: 'text', text: expect.stringContaining('No thread is ranked yet') });
  });
});

describe('/sources', () => {
  it('lists disabled and failing sources first with their reasons and counts the rest', async () => {
    const world = emptyWorld();
    world.sources = [
      { id: 'ok', name: 'Good Feed', lastSuccessAt: T0, consecutiveFailures: 0, articlesSeen: 42, lastError: null, disabledReason: null },
      { id: 'bad', name: 'Flaky Feed', lastSuccessAt: T0, consecutiveFailures: 3, lastError: 'HTTP 503 Service Unavailable', disabledReason: null },
      { id: 'gone', name: 'Gone Feed', consecutiveFailures: 10, disabled: true, disabledReason: 'HTTP 404: the feed URL does not exist' },
      { id: 'new', name: 'New Feed', lastSuccessAt: null, consecutiveFailures: 0 },
    ];
    const reply = await sourcesCommand.execute({}, invocation(), fakeDeps(world));
    expect(reply.blocks[0]).toEqual({ type: 'text', text: '1 ok · 1 failing · 1 disabled · 1 not polled yet' });
    expect(list(reply)?.items).toEqual([
      { text: 'Gone Feed', detail: 'disabled: HTTP 404: the feed URL does not exist' },
      { text: 'Flaky Feed', detail: 'failing 3× · last error: HTTP 503 Service Unavailable · last ok 2014-03-10 12:00 UTC' },
      { text: 'New Feed', detail: 'not polled yet' },
      { text: 'Good Feed', detail: 'ok · 42 articles · last ok 2014-03-10 12:00 UTC' },
    ]);
  });
});

describe('/help', () => {
  const catalog = COMMANDS.map((command) => command.data);

  it('lists every registered command with its usage, generated from the registry', async () => {
    const reply = await helpCommand.execute(helpCommand.input.parse({}), invocation(), { catalog });
    expect(list(reply)?.items.map((item) => item.text)).toEqual([
      '/thread [slug] [view] [question…]',
      '/top [n]',
      '/subscribe <target…>',
      '/unsubscribe <target…>',
      '/subscriptions',
      '/sources',
      '/help [command]',
    ]);
  });

  it('explains one command with its options and examples', async () => {
    const reply = await helpCommand.execute(helpCommand.input.parse({ command: '/thread' }), invocation(), { catalog });
    expect(reply.title).toBe('/thread [slug] [view] [question…]');
    expect(JSON.stringify(reply.blocks)).toContain('one of summary, perspectives, stats, qa');
  });

  it('rejects an unknown command name', async () => {
    await expect(helpCommand.execute(helpCommand.input.parse({ command: 'nope' }), invocation(), { catalog })).rejects.toThrow(UserError);
  });

  it('keeps every registered name and option within what Discord accepts', () => {
    for (const data of catalog) {
      expect(data.name).toMatch(/^[a-z][a-z0-9_-]{0,31}$/);
      expect(data.description.length).toBeLessThanOrEqual(100);
      for (const option of data.options) expect(option.description.length).toBeLessThanOrEqual(100);
      const restIndex = data.options.findIndex((option) => option.rest);
      if (restIndex >= 0) expect(restIndex).toBe(data.options.length - 1);
    }
  });
});

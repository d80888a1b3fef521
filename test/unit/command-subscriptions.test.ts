import { describe, expect, it } from 'vitest';
import { subscribeCommand } from '../../commands/subscribe.js';
import { subscriptionsCommand } from '../../commands/subscriptions.js';
import { unsubscribeCommand } from '../../commands/unsubscribe.js';
import type { Invocation } from '../../commands/command.js';
import { UserError } from '../../src/core/errors.js';
import type { Block } from '../../src/core/reply.js';
import { fakeDeps, invocation, makeArticle, makeThread, referenceWorld } from '../helpers/command-fakes.js';

function setup() {
  const { world, thread } = referenceWorld();
  return { world, thread, deps: fakeDeps(world) };
}

const subscribe = (deps: ReturnType<typeof fakeDeps>, target: string, inv: Invocation = invocation()) =>
  subscribeCommand.execute(subscribeCommand.input.parse({ target }), inv, deps);
const unsubscribe = (deps: ReturnType<typeof fakeDeps>, target: string, inv: Invocation = invocation()) =>
  unsubscribeCommand.execute(unsubscribeCommand.input.parse({ target }), inv, deps);

describe('/subscribe', () => {
  it('stores a thread subscription by thread id for this chat and topic, with who created it', async () => {
    const { world, thread, deps } = setup();
    const inv = invocation({ platform: 'telegram', chatId: '-100', topicId: '7', isGroup: true, canManageSubscriptions: true });
    const reply = await subscribe(deps, 'trump-putin', inv);
    expect(reply.tone).toBe('success');
    expect([...world.subscriptions.values()]).toEqual([
      expect.objectContaining({ platform: 'telegram', chatId: '-100', topicId: '7', target: thread.id, slug: 'trump-putin', createdBy: 'user-1', createdAt: inv.now }),
    ]);
  });

  it('is idempotent: subscribing twice says so and keeps one subscription', async () => {
    const { world, deps } = setup();
    await subscribe(deps, 'top:10');
    const again = await subscribe(deps, 'top:10');
    expect(again.title).toBe('Already subscribed to the top 10');
    expect(world.subscriptions.size).toBe(1);
    expect([...world.subscriptions.values()][0]).toMatchObject({ target: 'top:10', slug: '' });
  });

  it('refuses group members without the manage permission, naming who may', async () => {
    const { world, deps } = setup();
    const error = await subscribe(deps, 'top:5', invocation({ isGroup: true, canManageSubscriptions: false })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/Only channel managers or chat admins/);
    expect(world.subscriptions.size).toBe(0);
  });

  it('rejects out-of-range top targets and unknown or non-public threads', async () => {
    const { world, deps } = setup();
    await expect(subscribe(deps, 'top:0')).rejects.toThrow(UserError);
    await expect(subscribe(deps, 'top:500')).rejects.toThrow(/1 to 100/);
    await expect(subscribe(deps, 'zzzzqqq')).rejects.toThrow('No thread matches `zzzzqqq`.');
    const hidden = makeThread('t-hidden', 'hidden-story', [makeArticle('h1')], { isPublic: false });
    world.threads.set(hidden.id, hidden);
    await expect(subscribe(deps, 'hidden-story')).rejects.toThrow(UserError);
  });
});

describe('/subscribe texts', () => {
  it('promises a top:N subscriber exactly what the rules send: entered, left (with the hysteresis bounds) and a new #1, at most once per interval', async () => {
    const { deps } = setup();
    const reply = await subscribe(deps, 'top:5');
    const text = reply.blocks.map((block) => (block.type === 'text' ? block.text : '')).join(' ');
    // top:5 leaves below #6 (margin ⌈5/5⌉ = 1) or after LEAVE_RANKINGS = 2 rankings outside it.
    expect(text).toBe(
      'You will get at most one message here every 6 hours, listing what changed in the top 5 since the last one: threads that entered it (even if they have left again since), ' +
        'threads that left it (ranked below #6, or outside the top 5 for two rankings in a row), and a new #1 once it has held #1 for two rankings or leads clearly.',
    );
    expect(reply.actions.map((action) => action.command)).toContain('unsubscribe top:5');
  });

  it('says the configured interval, in minutes when under an hour', async () => {
    const { deps } = setup();
    const reply = await subscribeCommand.execute(subscribeCommand.input.parse({ target: 'top:3' }), invocation(), { ...deps, alertTopIntervalMinutes: 30 });
    expect(JSON.stringify(reply.blocks)).toContain('at most one message here every 30 minutes');
  });

  it('subscribes to the daily digest with `top:5 digest`, separately from top:5 alerts, and unsubscribes it the same way', async () => {
    const { world, deps } = setup();
    await subscribe(deps, 'top:5');
    const reply = await subscribe(deps, 'top:5 digest');
    expect(reply.title).toBe('Subscribed to the daily top 5 digest');
    expect(JSON.stringify(reply.blocks)).toContain('Once a day, just after midnight UTC, you will get one message here listing every thread that entered the top 5 that day');
    expect([...world.subscriptions.values()].map((s) => s.target).sort()).toEqual(['top:5', 'top:5:digest']);
    expect(reply.actions.map((action) => action.command)).toContain('unsubscribe top:5 digest');
    await unsubscribe(deps, 'top:5 digest');
    expect([...world.subscriptions.values()].map((s) => s.target)).toEqual(['top:5']);
  });

  it('lists a digest subscription by what it sends', async () => {
    const { deps } = setup();
    await subscribe(deps, 'TOP5 digest');
    const reply = await subscriptionsCommand.execute({}, invocation(), deps);
    const list = reply.blocks.find((block): block is Extract<Block, { type: 'list' }> => block.type === 'list');
    expect(list?.items.map((item) => item.text)).toEqual(['the top 5, once a day: what entered it']);
  });
});

describe('/unsubscribe', () => {
  it('removes one subscription by slug or top:N and leaves the others', async () => {
    const { world, deps } = setup();
    await subscribe(deps, 'trump-putin');
    await subscribe(deps, 'top:10');
    const reply = await unsubscribe(deps, 'trump-putin');
    expect(reply.tone).toBe('success');
    expect([...world.subscriptions.values()].map((s) => s.target)).toEqual(['top:10']);
  });

  it('finds a subscription by the slug the chat used even when the slug no longer resolves', async () => {
    const { world, thread, deps } = setup();
    await subscribe(deps, 'trump-putin');
    world.threads.delete(thread.id);
    await unsubscribe(deps, 'trump-putin');
    expect(world.subscriptions.size).toBe(0);
  });

  it('removes all of this chat-and-topic only', async () => {
    const { world, deps } = setup();
    await subscribe(deps, 'top:10', invocation({ topicId: 'a' }));
    await subscribe(deps, 'top:5', invocation({ topicId: 'a' }));
    await subscribe(deps, 'top:3', invocation({ topicId: 'b' }));
    const reply = await unsubscribe(deps, 'all', invocation({ topicId: 'a' }));
    expect(reply.title).toBe('Removed 2 subscriptions');
    expect([...world.subscriptions.values()].map((s) => s.target)).toEqual(['top:3']);
  });

  it('says what the chat does follow when asked to drop something it does not', async () => {
    const { deps } = setup();
    await subscribe(deps, 'top:10');
    const error = (await unsubscribe(deps, 'trump-putin').catch((caught: unknown) => caught)) as UserError;
    expect(error.message).toBe('This chat is not subscribed to `trump-putin`.');
    expect(error.suggestions).toEqual(['Its subscriptions: `top:10`.']);
  });

  it('needs the manage permission in groups', async () => {
    const { deps } = setup();
    await expect(unsubscribe(deps, 'all', invocation({ isGroup: true, canManageSubscriptions: false }))).rejects.toThrow(UserError);
  });
});

describe('/subscriptions', () => {
  it('lists the chat subscriptions with disabled reasons', async () => {
    const { world, deps } = setup();
    await subscribe(deps, 'trump-putin');
    await subscribe(deps, 'top:10');
    const top = [...world.subscriptions.values()].find((s) => s.target === 'top:10');
    if (top) top.disabled = { reason: 'bot was blocked by the user', at: top.createdAt };
    const reply = await subscriptionsCommand.execute({}, invocation(), deps);
    const list = reply.blocks.find((block): block is Extract<Block, { type: 'list' }> => block.type === 'list');
    expect(list?.items.map((item) => item.text)).toEqual(['`trump-putin`', 'the top 10: what entered or left it, and a new #1']);
    expect(list?.items[1]?.detail).toContain('disabled: bot was blocked by the user');
    expect(reply.actions.map((action) => action.command)).toEqual(['unsubscribe trump-putin', 'unsubscribe top:10']);
  });

  it('suggests how to subscribe when there is nothing yet', async () => {
    const { deps } = setup();
    const reply = await subscriptionsCommand.execute({}, invocation(), deps);
    expect(reply.title).toBe('No subscriptions');
    expect(reply.actions[0]?.command).toBe('subscribe top:10');
  });
});

import type { Reply } from '../src/core/reply.js';
import { topTarget } from '../src/core/ranking/targets.js';
import type { Command } from './command.js';
import { managedDestination, parseTopTargetInput, targetInput, type SubscriptionCommandDeps } from './subscription-target.js';
import { findPublicThread } from './thread-lookup.js';

const input = targetInput('say what to follow: a thread slug or top:N');

export const subscribeCommand = {
  data: {
    name: 'subscribe',
    description: "Get alerts in this chat when a thread's rank changes, or when any thread enters the top N",
    options: [{ name: 'target', description: 'Thread slug or a few words of the story, or top:N (e.g. top:10)', type: 'string', required: true, autocomplete: true, rest: true }],
  },
  input,
  async execute({ target }, invocation, deps): Promise<Reply> {
    const destination = managedDestination(invocation);
    const n = parseTopTargetInput(target);
    const resolved =
      n !== null
        ? { target: topTarget(n), slug: '', shown: `the top ${n}`, unsubscribe: `unsubscribe ${topTarget(n)}` }
        : await findPublicThread(deps, target, (slug) => `subscribe ${slug}`).then((thread) => ({
            target: thread.id,
            slug: thread.slug,
            shown: `\`${thread.slug}\``,
            unsubscribe: `unsubscribe ${thread.slug}`,
          }));
    const { created } = await deps.subscriptions.subscribe({
      destination,
      target: resolved.target,
      slug: resolved.slug,
      createdBy: invocation.userId,
      at: invocation.now,
    });
    const what =
      n !== null
        ? `You will get an alert here whenever a thread enters the top ${n}, leaves it, or becomes #1.`
        : `You will get an alert here when ${resolved.shown} climbs or falls several places, enters or leaves the top ranks, or becomes #1.`;
    return {
      tone: created ? 'success' : 'info',
      title: created ? `Subscribed to ${resolved.shown}` : `Already subscribed to ${resolved.shown}`,
      blocks: [{ type: 'text', text: created ? what : `This chat already follows ${resolved.shown}; nothing changed.` }],
      actions: [
        { label: 'Unsubscribe', command: resolved.unsubscribe },
        { label: 'All subscriptions', command: 'subscriptions' },
      ].filter((action) => Buffer.byteLength(action.command) <= 64),
    };
  },
} satisfies Command<typeof input, SubscriptionCommandDeps>;

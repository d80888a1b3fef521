import type { Reply } from '../src/core/reply.js';
import { topTarget } from '../src/core/ranking/targets.js';
import type { Command } from './command.js';
import { describeThreadSubscription, describeTopSubscription } from './subscription-text.js';
import { managedDestination, parseTopTargetInput, targetInput, type SubscriptionCommandDeps } from './subscription-target.js';
import { findPublicThread } from './thread-lookup.js';

const input = targetInput('say what to follow: a thread slug or top:N');

export const subscribeCommand = {
  data: {
    name: 'subscribe',
    description: "Alerts here when a thread's rank changes, or about the top N (top:N, or top:N digest daily)",
    options: [{ name: 'target', description: 'Thread slug or a few words of the story, top:N (e.g. top:10), or top:N digest', type: 'string', required: true, autocomplete: true, rest: true }],
  },
  input,
  async execute({ target }, invocation, deps): Promise<Reply> {
    const destination = managedDestination(invocation);
    const top = parseTopTargetInput(target);
    const resolved =
      top !== null
        ? {
            target: topTarget(top.n, { digest: top.digest }),
            slug: '',
            shown: top.digest ? `the daily top ${top.n} digest` : `the top ${top.n}`,
            unsubscribe: `unsubscribe top:${top.n}${top.digest ? ' digest' : ''}`,
          }
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
    const what = top !== null ? describeTopSubscription(top.n, top.digest, deps.alertTopIntervalMinutes) : describeThreadSubscription(resolved.shown);
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

import { UserError } from '../src/core/errors.js';
import type { Reply } from '../src/core/reply.js';
import { joinAlternatives, plural } from '../src/core/render/format.js';
import type { Subscription } from '../src/core/subscription.js';
import { topTarget } from '../src/core/ranking/targets.js';
import type { Command } from './command.js';
import { managedDestination, parseTopTargetInput, targetInput, type SubscriptionCommandDeps } from './subscription-target.js';

const input = targetInput('say what to stop: a thread slug, top:N or all');

export function subscriptionLabel(subscription: Pick<Subscription, 'target' | 'slug'>): string {
  return subscription.slug || subscription.target;
}

/**
 * Matches against this chat's own subscriptions first, so a thread that was since merged or
 * archived can still be unsubscribed by the slug the chat subscribed with.
 */
async function findTarget(deps: SubscriptionCommandDeps, current: readonly Subscription[], text: string): Promise<string | null> {
  const top = parseTopTargetInput(text);
  if (top !== null) return topTarget(top.n, { digest: top.digest });
  const wanted = text.trim().toLowerCase();
  const direct = current.find((subscription) => subscription.slug.toLowerCase() === wanted || subscription.target === text.trim());
  if (direct) return direct.target;
  const resolution = await deps.threads.resolveSlug(text);
  return resolution.threadId;
}

export const unsubscribeCommand = {
  data: {
    name: 'unsubscribe',
    description: "Stop this chat's alerts for a thread, a top:N target, or all",
    options: [{ name: 'target', description: 'Thread slug, top:N, or all', type: 'string', required: true, autocomplete: true, rest: true }],
  },
  input,
  async execute({ target }, invocation, deps): Promise<Reply> {
    const destination = managedDestination(invocation);
    const inThisPlace = (await deps.subscriptions.listForChat(invocation.platform, invocation.chatId)).filter(
      (subscription) => (subscription.topicId ?? '') === (destination.topicId ?? ''),
    );
    if (target.toLowerCase() === 'all') {
      const removed = await deps.subscriptions.unsubscribe(destination, 'all');
      return {
        tone: removed > 0 ? 'success' : 'info',
        title: removed > 0 ? `Removed ${plural(removed, 'subscription')}` : 'No subscriptions here',
        blocks: [{ type: 'text', text: removed > 0 ? 'This chat will get no more alerts.' : 'This chat had no subscriptions to remove.' }],
        actions: [],
      };
    }
    const canonical = await findTarget(deps, inThisPlace, target);
    const removed = canonical === null ? 0 : await deps.subscriptions.unsubscribe(destination, canonical);
    if (removed === 0) {
      const labels = inThisPlace.map(subscriptionLabel);
      throw new UserError(
        `This chat is not subscribed to \`${target}\`.`,
        labels.length > 0 ? [`Its subscriptions: ${joinAlternatives(labels).replace(/ or /, ' and ')}.`] : ['It has no subscriptions.'],
      );
    }
    return {
      tone: 'success',
      title: `Unsubscribed from \`${target}\``,
      blocks: [{ type: 'text', text: 'No more alerts for it here.' }],
      actions: [{ label: 'All subscriptions', command: 'subscriptions' }],
    };
  },
} satisfies Command<typeof input, SubscriptionCommandDeps>;

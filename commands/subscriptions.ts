import { z } from 'zod';
import type { Reply } from '../src/core/reply.js';
import { formatUtc, plural, truncate } from '../src/core/render/format.js';
import type { Command } from './command.js';
import { parseTopSubscription } from '../src/core/ranking/targets.js';
import type { ChatSubscriptions } from './deps.js';
import { subscriptionLabel } from './unsubscribe.js';

export interface SubscriptionsDeps {
  subscriptions: ChatSubscriptions;
}

const input = z.object({});

const UNSUBSCRIBE_BUTTONS = 5;

export const subscriptionsCommand = {
  data: { name: 'subscriptions', description: "This chat's alert subscriptions", options: [] },
  input,
  async execute(_input, invocation, deps): Promise<Reply> {
    const all = await deps.subscriptions.listForChat(invocation.platform, invocation.chatId);
    if (all.length === 0) {
      return {
        tone: 'info',
        title: 'No subscriptions',
        blocks: [{ type: 'text', text: 'This chat gets no alerts yet. Try `/subscribe top:10` or `/subscribe <slug>`.' }],
        actions: [{ label: 'Alert me on top 10', command: 'subscribe top:10' }],
      };
    }
    const sorted = [...all].sort((a, b) => a.createdAt - b.createdAt);
    const here = invocation.topicId ?? '';
    const items = sorted.map((subscription) => {
      const top = parseTopSubscription(subscription.target);
      const target = subscription.slug
        ? `\`${subscription.slug}\``
        : top === null
          ? subscription.target
          : top.digest
            ? `the top ${top.n}, once a day: what entered it`
            : `the top ${top.n}: what entered or left it, and a new #1`;
      const detail = [
        `since ${formatUtc(subscription.createdAt)}`,
        subscription.topicId && subscription.topicId !== here ? `in topic/thread ${subscription.topicId}` : '',
        subscription.disabled ? `disabled: ${subscription.disabled.reason} (${formatUtc(subscription.disabled.at)})` : '',
      ].filter(Boolean);
      return { text: target, detail: detail.join(' · ') };
    });
    const disabled = sorted.filter((subscription) => subscription.disabled).length;
    const unsubscribable = sorted.filter((subscription) => (subscription.topicId ?? '') === here);
    return {
      tone: 'info',
      title: plural(sorted.length, 'subscription'),
      blocks: [
        { type: 'list', items, ordered: false },
        ...(disabled > 0
          ? [{ type: 'text' as const, text: 'Disabled subscriptions stopped after a permanent delivery failure; subscribe again once the bot can post here.' }]
          : []),
      ],
      actions: unsubscribable
        .slice(0, UNSUBSCRIBE_BUTTONS)
        .map((subscription) => ({ label: `Stop ${truncate(subscriptionLabel(subscription), 24)}`, command: `unsubscribe ${subscriptionLabel(subscription)}` }))
        .filter((action) => Buffer.byteLength(action.command) <= 64),
    };
  },
} satisfies Command<typeof input, SubscriptionsDeps>;

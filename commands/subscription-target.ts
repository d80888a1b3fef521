import { UserError } from '../src/core/errors.js';
import type { Destination } from '../src/core/subscription.js';
import type { Invocation } from './command.js';

/** Alerts for "any thread entering the top N" make sense up to a page of ranks; beyond that they are noise. */
export const TOP_TARGET_MAX = 50;

export function destinationOf(invocation: Invocation): Destination {
  return {
    platform: invocation.platform,
    chatId: invocation.chatId,
    ...(invocation.topicId ? { topicId: invocation.topicId } : {}),
    ...(invocation.channelKind ? { channelKind: invocation.channelKind } : {}),
  };
}

/** The platform decides who counts as a manager (Manage Channels, group admin); we only enforce it. */
export function assertCanManage(invocation: Invocation): void {
  if (invocation.isGroup && !invocation.canManageSubscriptions) {
    throw new UserError("Only channel managers or chat admins can change this chat's subscriptions.", [
      'Ask one of them, or use `/subscribe` in a private chat with the bot.',
    ]);
  }
}

/** `top:10` → 10; null when the text is not a top target at all. */
export function parseTopTarget(text: string): number | null {
  const match = /^top[:\s]?(\d+)$/i.exec(text.trim());
  if (!match) return null;
  const n = Number(match[1]);
  if (n < 1 || n > TOP_TARGET_MAX) throw new UserError(`\`top:N\` needs N from 1 to ${TOP_TARGET_MAX}.`);
  return n;
}

export function topTarget(n: number): string {
  return `top:${n}`;
}

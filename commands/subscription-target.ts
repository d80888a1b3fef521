import { z } from 'zod';
import { UserError } from '../src/core/errors.js';
import { MAX_TOP_N } from '../src/core/ranking/targets.js';
import type { Destination } from '../src/core/subscription.js';
import type { Invocation } from './command.js';
import type { ChatSubscriptions, ThreadReader } from './deps.js';
import type { ThreadFinder } from '../src/core/finding/finder.js';

/** What /subscribe and /unsubscribe both need. */
export interface SubscriptionCommandDeps {
  threads: ThreadReader;
  finder: ThreadFinder;
  subscriptions: ChatSubscriptions;
  /** ALERT_TOP_INTERVAL_MINUTES: how often a top:N subscription's messages may come. */
  alertTopIntervalMinutes: number;
}

/** The one required `target` option of both commands; `hint` says what may be typed there. */
export function targetInput(hint: string) {
  return z.object({ target: z.string({ message: hint }).trim().min(1, hint).max(120) });
}

/** Where this chat's subscriptions live, once the person asking is allowed to change them. */
export function managedDestination(invocation: Invocation): Destination {
  assertCanManage(invocation);
  return destinationOf(invocation);
}

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

/**
 * What people type (`top:10`, `TOP:10`, `top10`, `top:5 digest`) → N and whether they want the
 * daily digest; null when the text is not a top target at all.
 */
export function parseTopTargetInput(text: string): { n: number; digest: boolean } | null {
  const match = /^top[:\s]?(\d+)(?:(?:\s+|:)(digest|daily))?$/i.exec(text.trim());
  if (!match) return null;
  const n = Number(match[1]);
  if (n < 1 || n > MAX_TOP_N) throw new UserError(`\`top:N\` needs N from 1 to ${MAX_TOP_N}.`);
  return { n, digest: match[2] !== undefined };
}

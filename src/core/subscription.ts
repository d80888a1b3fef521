export const PLATFORMS = ['discord', 'telegram', 'console'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** `trump-putin` (one thread, by its canonical slug) or `top:10` (any thread entering the top 10). */
export type SubscriptionTarget = { kind: 'thread'; threadId: string; slug: string } | { kind: 'top'; n: number };

/** Where alerts go: a chat (Telegram) or channel (Discord), optionally a topic / thread inside it. */
export interface Destination {
  platform: Platform;
  chatId: string;
  /** Telegram forum topic (message_thread_id) or Discord thread id inside `chatId`. */
  topicId?: string;
  /** Discord only: forum channels get one post per story thread. */
  channelKind?: 'text' | 'thread' | 'forum';
}

export interface Subscription extends Destination {
  /** Deterministic: `${platform}:${chatId}:${topicId ?? ''}:${target}` so subscribing twice is a no-op. */
  id: string;
  /** Canonical target string: thread id for thread targets (slugs are display only), `top:N` for top. */
  target: string;
  /** Slug shown to users; empty for top:N targets. */
  slug: string;
  createdAt: number;
  createdBy?: string;
  /** Set when delivery failed permanently (bot blocked, channel deleted); kept for /subscriptions. */
  disabled?: { reason: string; at: number };
}

export function subscriptionId(destination: Destination, target: string): string {
  return `${destination.platform}:${destination.chatId}:${destination.topicId ?? ''}:${target}`;
}

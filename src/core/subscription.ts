export const PLATFORMS = ['discord', 'telegram', 'console'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** `trump-putin` (one thread, by its canonical slug), `top:10` (what changes in the top 10) or `top:10:digest` (daily). */
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

export interface SubscribeRequest {
  destination: Destination;
  /** Canonical target: a thread id, or `top:N`. */
  target: string;
  /** Display slug; empty for `top:N`. */
  slug: string;
  createdBy?: string;
  at: number;
}

/**
 * The subscription store: who hears about what, indexed by chat (for `/subscriptions`) and by
 * target (for the ranking job). Commands, the ranking and delivery jobs and the bots each use a part.
 */
export interface SubscriptionStore {
  /** Creates the subscription, or re-enables it if it exists; `created` is false for the second call. */
  subscribe(request: SubscribeRequest): Promise<{ subscription: Subscription; created: boolean }>;
  /** `target` is a thread id, `top:N`, or `all`: every subscription of this chat and topic (other topics keep theirs). Returns how many were removed. */
  unsubscribe(destination: Destination, target: string | 'all'): Promise<number>;
  listForChat(platform: Platform, chatId: string): Promise<Subscription[]>;
  listForTarget(target: string): Promise<Subscription[]>;
  /** Subscriptions of many targets at once (the ranking job asks for every ranked thread). */
  listForTargets(targets: readonly string[]): Promise<Subscription[]>;
  /** `top:N` targets that have at least one subscription. */
  listTopTargets(): Promise<string[]>;
  get(id: string): Promise<Subscription | null>;
  /** Keeps the subscription (for `/subscriptions`) but stops delivery; false when there is none. */
  disable(id: string, reason: string, at: number): Promise<boolean>;
  enable(id: string): Promise<boolean>;
  /**
   * A Telegram group upgraded to a supergroup gets a new chat id: every subscription follows it,
   * keeping its target, topic, creation time and alert memory. Returns how many moved.
   */
  moveChat(platform: Platform, fromChatId: string, toChatId: string): Promise<number>;
  /**
   * When threading merges a thread into another, its subscribers follow the surviving thread
   * (subscribers of both end up with one subscription). Returns how many moved.
   */
  retargetThread(fromThreadId: string, toThreadId: string, slug: string): Promise<number>;
}

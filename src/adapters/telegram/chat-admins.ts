import type { Api } from 'grammy';
import type { Logger } from '../../logger.js';

export interface ChatAdmins {
  isAdmin(chatId: number, userId: number): Promise<boolean>;
}

/**
 * Group admin check through getChatMember, remembered briefly: a burst of commands in one group must
 * not cost one API call each, while a demoted admin loses the right within a minute.
 */
export function createChatAdmins(api: Api, logger: Logger, ttlMs = { admin: 60_000, member: 10_000 }): ChatAdmins {
  const cache = new Map<string, { admin: boolean; until: number }>();
  return {
    async isAdmin(chatId, userId) {
      const key = `${chatId}:${userId}`;
      const now = Date.now();
      const cached = cache.get(key);
      if (cached && cached.until > now) return cached.admin;
      try {
        const member = await api.getChatMember(chatId, userId);
        const admin = member.status === 'creator' || member.status === 'administrator';
        if (cache.size > 10_000) cache.clear();
        // A member just promoted to admin should not wait long to be believed.
        cache.set(key, { admin, until: now + (admin ? ttlMs.admin : ttlMs.member) });
        return admin;
      } catch (error) {
        // Unknown means no: refusing a subscription change is recoverable, letting anyone change it is not.
        logger.warn({ chatId, userId, err: error }, 'telegram getChatMember failed; treating user as non-admin');
        return false;
      }
    },
  };
}

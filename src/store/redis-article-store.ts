import type { Redis } from 'ioredis';
import { titleFingerprint, urlFingerprint } from '../core/articles/fingerprint.js';
import type { Article } from '../core/article.js';
import type { Keys } from './keys.js';

/**
 * Articles as JSON strings with a retention TTL, plus dedupe fingerprints (`seen:*` → article id).
 * The check-and-store runs as one Lua script per article, so a retried job or two workers polling
 * the same feed can never both store it: the second caller sees the first one's fingerprints.
 */

// KEYS: 1 article, 2 pending hand-off set, 3.. fingerprints.
// ARGV: 1 id, 2 json, 3 article TTL s, 4 track pending (1/0), 5.. TTL s per fingerprint.
// Returns nil when stored, or the id of the article it duplicates.
const STORE_ARTICLE_LUA = `
local existing = false
if redis.call('EXISTS', KEYS[1]) == 1 then existing = ARGV[1] end
if not existing then
  for i = 3, #KEYS do
    local hit = redis.call('GET', KEYS[i])
    if hit then existing = hit break end
  end
end
if existing then
  -- Remember this variant (new URL or headline) so the next poll matches it directly.
  for i = 3, #KEYS do redis.call('SET', KEYS[i], existing, 'EX', ARGV[i + 2], 'NX') end
  return existing
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
for i = 3, #KEYS do redis.call('SET', KEYS[i], ARGV[1], 'EX', ARGV[i + 2]) end
if ARGV[4] == '1' then
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
return false
`;

const COMMAND_NAME = 'threadwatchStoreArticle';

type StoreArticleCommand = (numberOfKeys: number, ...keysAndArgs: (string | number)[]) => Promise<string | null>;

function storeArticleCommand(redis: Redis): StoreArticleCommand {
  const target = redis as unknown as Record<string, StoreArticleCommand | undefined>;
  if (typeof target[COMMAND_NAME] !== 'function') redis.defineCommand(COMMAND_NAME, { lua: STORE_ARTICLE_LUA });
  return (...args) => (redis as unknown as Record<string, StoreArticleCommand>)[COMMAND_NAME]!(...args);
}

export interface ArticleStoreOptions {
  /** Articles and their URL fingerprints expire this many days after being stored. */
  retentionDays: number;
  /**
   * How long a headline keeps matching a re-published copy under a new URL. Short, because an
   * outlet may legitimately reuse a headline ("Five things to know today") on another day.
   */
  titleWindowHours?: number;
}

export interface StoreResult {
  /** Articles stored by this call, in input order; duplicates (including within the batch) left out. */
  stored: Article[];
  duplicates: number;
}

export interface StoreArticlesOptions {
  /**
   * Also record each stored id in its source's pending hand-off set, atomically with the store, so
   * a poll that crashes before handing off can hand off on its retry.
   */
  trackHandOff?: boolean;
}

export function createRedisArticleStore(redis: Redis, keys: Keys, options: ArticleStoreOptions) {
  const retentionSeconds = Math.max(1, Math.round(options.retentionDays * 86_400));
  const titleWindowSeconds = Math.max(1, Math.round((options.titleWindowHours ?? 72) * 3_600));
  const storeOne = storeArticleCommand(redis);

  function fingerprintsOf(article: Article): { key: string; ttlSeconds: number }[] {
    const fingerprints: { key: string; ttlSeconds: number }[] = [];
    if (article.url !== '') fingerprints.push({ key: keys.seen(urlFingerprint(article.url)), ttlSeconds: retentionSeconds });
    const title = titleFingerprint(article.outlet, article.title);
    if (title) fingerprints.push({ key: keys.seen(title), ttlSeconds: titleWindowSeconds });
    return fingerprints;
  }

  return {
    async storeArticles(articles: Article[], storeOptions: StoreArticlesOptions = {}): Promise<StoreResult> {
      if (articles.length === 0) return { stored: [], duplicates: 0 };
      const pipeline = redis.pipeline();
      for (const article of articles) {
        const fingerprints = fingerprintsOf(article);
        const args: (string | number)[] = [
          keys.article(article.id),
          keys.sourcePendingHandOff(article.sourceId),
          ...fingerprints.map((f) => f.key),
          article.id,
          JSON.stringify(article),
          retentionSeconds,
          storeOptions.trackHandOff ? '1' : '0',
          ...fingerprints.map((f) => f.ttlSeconds),
        ];
        (pipeline as unknown as Record<string, (...a: (string | number)[]) => unknown>)[COMMAND_NAME]!(2 + fingerprints.length, ...args);
      }
      const results = (await pipeline.exec()) ?? [];
      const stored: Article[] = [];
      let duplicates = 0;
      results.forEach(([error, existingId], index) => {
        if (error) throw error;
        if (existingId === null) stored.push(articles[index]!);
        else duplicates += 1;
      });
      return { stored, duplicates };
    },

    async getArticles(ids: string[]): Promise<(Article | null)[]> {
      if (ids.length === 0) return [];
      const values = await redis.mget(ids.map((id) => keys.article(id)));
      return values.map((value) => (value === null ? null : (JSON.parse(value) as Article)));
    },

    async getArticle(id: string): Promise<Article | null> {
      const value = await redis.get(keys.article(id));
      return value === null ? null : (JSON.parse(value) as Article);
    },

    /** Ids stored with `trackHandOff` whose hand-off has not been confirmed yet. */
    async pendingHandOff(sourceId: string): Promise<string[]> {
      return redis.smembers(keys.sourcePendingHandOff(sourceId));
    },

    async confirmHandOff(sourceId: string, ids: string[]): Promise<void> {
      if (ids.length > 0) await redis.srem(keys.sourcePendingHandOff(sourceId), ...ids);
    },
  };
}

export type RedisArticleStore = ReturnType<typeof createRedisArticleStore>;

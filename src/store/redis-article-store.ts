import type { RedisClient } from './redis-client.js';
import { titleFingerprint, urlFingerprint } from '../core/articles/fingerprint.js';
import type { Article } from '../core/article.js';
import type { ArticleStore, StoreArticlesOptions, StoreArticlesResult } from '../core/articles/article-store.js';
import { byStreamOrder } from '../core/threading/reorder.js';
import type { Keys } from './keys.js';

/**
 * Articles as JSON strings with a retention TTL, plus dedupe fingerprints (`seen:*` → article id).
 * Check-and-store runs inside one Lua script, so a retried job or two workers polling the same feed
 * can never both store an article: the second caller sees the first one's fingerprints.
 */

// One call stores a whole batch, article by article, so a duplicate later in the batch sees the
// fingerprints of an earlier one. Per article, KEYS: article, pending hand-off set, fingerprints…;
// ARGV (after 1 retention s, 2 track pending): id, json, fingerprint count, TTL s per fingerprint….
// Returns one entry per article: 0 when stored, else the id of the article it duplicates.
const STORE_ARTICLES_LUA = `
local retention = ARGV[1]
local track = ARGV[2] == '1'
local k, a = 1, 3
local results = {}
while a <= #ARGV do
  local id, json, count = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2])
  local articleKey, pendingKey = KEYS[k], KEYS[k + 1]
  local existing = false
  if redis.call('EXISTS', articleKey) == 1 then existing = id end
  if not existing then
    for f = 1, count do
      local hit = redis.call('GET', KEYS[k + 1 + f])
      if hit then existing = hit break end
    end
  end
  if existing then
    -- Remember this variant (new URL or headline) so the next poll matches it directly.
    for f = 1, count do redis.call('SET', KEYS[k + 1 + f], existing, 'EX', ARGV[a + 2 + f], 'NX') end
    results[#results + 1] = existing
  else
    redis.call('SET', articleKey, json, 'EX', retention)
    for f = 1, count do redis.call('SET', KEYS[k + 1 + f], id, 'EX', ARGV[a + 2 + f]) end
    if track then
      redis.call('SADD', pendingKey, id)
      redis.call('EXPIRE', pendingKey, retention)
    end
    results[#results + 1] = 0
  end
  k = k + 2 + count
  a = a + 3 + count
end
return results
`;

const COMMAND_NAME = 'threadwatchStoreArticles';
// Bounds how long one script call holds Redis (a few ms), whatever the feed size.
const ARTICLES_PER_CALL = 500;

type StoreArticlesCommand = (numberOfKeys: number, ...keysAndArgs: (string | number)[]) => Promise<(string | number)[]>;

function storeArticlesCommand(redis: RedisClient): StoreArticlesCommand {
  const target = redis as unknown as Record<string, StoreArticlesCommand | undefined>;
  if (typeof target[COMMAND_NAME] !== 'function') redis.defineCommand(COMMAND_NAME, { lua: STORE_ARTICLES_LUA });
  return (...args) => (redis as unknown as Record<string, StoreArticlesCommand>)[COMMAND_NAME]!(...args);
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

export function createRedisArticleStore(redis: RedisClient, keys: Keys, options: ArticleStoreOptions): ArticleStore {
  const retentionSeconds = Math.max(1, Math.round(options.retentionDays * 86_400));
  const titleWindowSeconds = Math.max(1, Math.round((options.titleWindowHours ?? 72) * 3_600));
  const storeMany = storeArticlesCommand(redis);

  function fingerprintsOf(article: Article): { key: string; ttlSeconds: number }[] {
    const fingerprints: { key: string; ttlSeconds: number }[] = [];
    if (article.url !== '') fingerprints.push({ key: keys.seen(urlFingerprint(article.url)), ttlSeconds: retentionSeconds });
    const title = titleFingerprint(article.outlet, article.title);
    if (title) fingerprints.push({ key: keys.seen(title), ttlSeconds: titleWindowSeconds });
    return fingerprints;
  }

  return {
    async storeArticles(articles: Article[], storeOptions: StoreArticlesOptions = {}): Promise<StoreArticlesResult> {
      const stored: Article[] = [];
      let duplicates = 0;
      // A feed lists its newest items first, a file its oldest: in stream order, the copy kept of
      // two items of one story (same headline, new URL) is the earlier one whatever the route.
      const ordered = [...articles].sort(byStreamOrder);
      for (let start = 0; start < ordered.length; start += ARTICLES_PER_CALL) {
        const batch = ordered.slice(start, start + ARTICLES_PER_CALL);
        const keyList: string[] = [];
        const argList: (string | number)[] = [retentionSeconds, storeOptions.trackHandOff ? '1' : '0'];
        for (const article of batch) {
          const fingerprints = fingerprintsOf(article);
          keyList.push(keys.article(article.id), keys.sourcePendingHandOff(article.sourceId), ...fingerprints.map((f) => f.key));
          argList.push(article.id, JSON.stringify(article), fingerprints.length, ...fingerprints.map((f) => f.ttlSeconds));
        }
        const results = await storeMany(keyList.length, ...keyList, ...argList);
        results.forEach((result, index) => {
          if (result === 0) stored.push(batch[index]!);
          else duplicates += 1;
        });
      }
      return { stored, duplicates };
    },

    async getArticles(ids: readonly string[]): Promise<(Article | null)[]> {
      if (ids.length === 0) return [];
      const values = await redis.mget(ids.map((id) => keys.article(id)));
      return values.map((value) => (value === null ? null : (JSON.parse(value) as Article)));
    },

    async getArticle(id: string): Promise<Article | null> {
      const value = await redis.get(keys.article(id));
      return value === null ? null : (JSON.parse(value) as Article);
    },

    async pendingHandOff(sourceId: string): Promise<string[]> {
      return redis.smembers(keys.sourcePendingHandOff(sourceId));
    },

    async confirmHandOff(sourceId: string, ids: string[]): Promise<void> {
      if (ids.length > 0) await redis.srem(keys.sourcePendingHandOff(sourceId), ...ids);
    },
  };
}

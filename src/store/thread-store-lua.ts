/**
 * Lua for the thread store. Each script is one atomic step of the threading log: it checks the
 * caller's expected sequence number (optimistic concurrency between workers), applies the change to
 * every structure a reader sees, bumps the sequence and appends the engine's log entry — so a thread
 * is never half-updated and a log entry exists exactly when its change does.
 *
 * Thread-specific key names come from keys.ts via KEYS; slug and article→thread keys are built from
 * prefixes passed in ARGV because which ones are touched is only known inside the script (slug
 * collisions, a merged thread's articles). That is safe on a Redis Cluster only because every key
 * of the thread store, those prefixes included, carries the `{threads}` hash tag (keys.ts): a script
 * never reaches outside its declared keys' slot.
 */

/**
 * Writes a worker sends back to back (one batch, without waiting for each reply) carry the batch's
 * token as the last ARGV but one and '1' as the last when an earlier write of the batch precedes
 * them; the last KEY holds the token of the last applied write. A following write is refused unless
 * that token is its batch's: once one write of a batch is refused, another worker's write can never
 * make a later one line up with the sequence number by accident.
 */
const chainCheck = `if ARGV[#ARGV] == '1' and redis.call('GET', KEYS[#KEYS]) ~= ARGV[#ARGV - 1] then return {'stale', tostring(seq)} end`;
const chainRecord = `redis.call('SET', KEYS[#KEYS], ARGV[#ARGV - 1])`;

const allocateSlug = `
-- A catalogue entry (CatalogEntry without id and status, see redis-thread-store.ts), built as text
-- because cjson would encode an empty alias list as {}.
local function catalog_entry(slug, aliases_json, last_updated, facets_json)
  return '{"slug":' .. cjson.encode(slug) .. ',"aliases":' .. aliases_json .. ',"lastUpdated":' ..
    string.format('%.0f', last_updated) .. ',"facets":' .. facets_json .. '}'
end

local function allocate_slug(prefix, base, thread_id)
  if base == '' then base = 'story' end
  local candidate = base
  local n = 1
  while not redis.call('SET', prefix .. candidate, thread_id, 'NX') do
    n = n + 1
    candidate = base .. '-' .. n
  end
  return candidate
end
`;

/**
 * KEYS: 1 articleThread, 2 thread, 3 articles, 4 outlets, 5 countries, 6 hours, 7 seq, 8 log,
 *       9 active, 10 public, 11 archived, 12 slugIndex, 13 catalog, 14 catalogVersion,
 *       15 archivedCatalog, 16 strays, 17 lastWriter
 * ARGV: 1 articleId, 2 threadId, 3 published, 4 outlet, 5 lean, 6 country, 7 hour, 8 facets JSON
 *       ('' between facet points: the thread keeps its facets),
 *       9 slugBase, 10 expectedSeq, 11 logEntry, 12 slugKeyPrefix, 13 minArticles, 14 minOutlets,
 *       15 article → thread TTL ms (0: none; it follows the article retention, so memory stays bounded),
 *       16 '1' when the article is a stray of the thread, 17 chain token, 18 '1' when it follows in its chain
 */
export const APPLY_ASSIGNMENT = `${allocateSlug}
local existing = redis.call('GET', KEYS[1])
if existing then return {'duplicate', existing} end
local seq = tonumber(redis.call('GET', KEYS[7]) or '0')
if seq ~= tonumber(ARGV[10]) then return {'stale', tostring(seq)} end
${chainCheck}

local thread_id = ARGV[2]
local published = tonumber(ARGV[3])
local facets_json = ARGV[8]
local title
if facets_json == '' then
  -- Between facet points the thread keeps its facets and title (no JSON to decode per article).
  local kept = redis.call('HMGET', KEYS[2], 'facets', 'title')
  facets_json = kept[1] or '{}'
  title = kept[2] or ''
else
  title = cjson.decode(facets_json)['title'] or ''
end
-- A merged thread lives on in its survivor; an index that still targets it is out of date.
if redis.call('HGET', KEYS[2], 'status') == 'merged' then return {'stale', tostring(seq)} end
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('HSET', KEYS[2], 'id', thread_id, 'slug', '', 'aliases', '[]', 'title', title,
    'firstSeen', ARGV[3], 'lastUpdated', ARGV[3], 'articleCount', 0, 'outletCount', 0,
    'isPublic', 0, 'status', 'active', 'version', 0)
end
if tonumber(ARGV[15]) > 0 then redis.call('SET', KEYS[1], thread_id, 'PX', ARGV[15]) else redis.call('SET', KEYS[1], thread_id) end
redis.call('ZADD', KEYS[3], published, ARGV[1])
if ARGV[16] == '1' then redis.call('ZADD', KEYS[16], published, ARGV[1]) end
redis.call('HINCRBY', KEYS[4], ARGV[4], 1)
redis.call('HINCRBY', KEYS[5], ARGV[6], 1)
redis.call('HINCRBY', KEYS[6], ARGV[7], 1)
redis.call('HINCRBY', KEYS[2], 'lean:' .. ARGV[5], 1)
local count = redis.call('HINCRBY', KEYS[2], 'articleCount', 1)
local outlets = redis.call('HLEN', KEYS[4])
local fields = redis.call('HMGET', KEYS[2], 'firstSeen', 'lastUpdated', 'isPublic', 'slug', 'status', 'aliases')
local first_seen = math.min(tonumber(fields[1]), published)
local last_updated = math.max(tonumber(fields[2]), published)
local slug = fields[4]
local became_public = 0
if fields[3] ~= '1' and count >= tonumber(ARGV[13]) and outlets >= tonumber(ARGV[14]) then
  slug = allocate_slug(ARGV[12], ARGV[9], thread_id)
  redis.call('ZADD', KEYS[12], 0, slug)
  redis.call('HSET', KEYS[2], 'slug', slug, 'isPublic', 1)
  became_public = 1
end
redis.call('HSET', KEYS[2], 'outletCount', outlets, 'firstSeen', first_seen, 'lastUpdated', last_updated,
  'title', title, 'facets', facets_json, 'status', 'active')
local version = redis.call('HINCRBY', KEYS[2], 'version', 1)
if fields[5] == 'archived' then
  redis.call('ZREM', KEYS[11], thread_id)
  redis.call('HDEL', KEYS[15], thread_id)
end
redis.call('ZADD', KEYS[9], last_updated, thread_id)
if slug ~= '' then
  redis.call('ZADD', KEYS[10], last_updated, thread_id)
  redis.call('HSET', KEYS[13], thread_id, catalog_entry(slug, fields[6] or '[]', last_updated, facets_json))
  -- The version marks membership changes (readers reload at once); facets refresh on a timer.
  if became_public == 1 or fields[5] == 'archived' then redis.call('INCR', KEYS[14]) end
end
${chainRecord}
local next_seq = redis.call('INCR', KEYS[7])
redis.call('XADD', KEYS[8], next_seq .. '-0', 'e', ARGV[11])
return {'applied', tostring(next_seq), tostring(version), slug, tostring(became_public)}
`;

/**
 * KEYS: 1 from, 2 fromArticles, 3 fromOutlets, 4 fromCountries, 5 fromHours,
 *       6 into, 7 intoArticles, 8 intoOutlets, 9 intoCountries, 10 intoHours,
 *       11 seq, 12 log, 13 active, 14 public, 15 archived, 16 slugIndex, 17 catalog, 18 catalogVersion,
 *       19 archivedCatalog, 20 fromStrays, 21 intoStrays, 22 lastWriter
 * ARGV: 1 fromId, 2 intoId, 3 facets JSON, 4 slugBase, 5 expectedSeq, 6 logEntry, 7 slugKeyPrefix,
 *       8 articleThreadPrefix, 9 articleThreadSuffix, 10 minArticles, 11 minOutlets, 12 chain token,
 *       13 '1' when it follows in its chain
 */
export const APPLY_MERGE = `${allocateSlug}
local seq = tonumber(redis.call('GET', KEYS[11]) or '0')
if seq ~= tonumber(ARGV[5]) then return {'stale', tostring(seq)} end
${chainCheck}
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('EXISTS', KEYS[6]) == 0 then
  return redis.error_reply('merge of unknown thread ' .. ARGV[1] .. ' into ' .. ARGV[2])
end
local from_id, into_id = ARGV[1], ARGV[2]

redis.call('ZUNIONSTORE', KEYS[7], 2, KEYS[7], KEYS[2], 'AGGREGATE', 'MIN')
redis.call('ZUNIONSTORE', KEYS[21], 2, KEYS[21], KEYS[20], 'AGGREGATE', 'MIN')
for _, article_id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  -- KEEPTTL: moving an article to the survivor must not extend its retention. An expired key
  -- stays expired (SET XX), so a merge cannot resurrect articles past retention.
  redis.call('SET', ARGV[8] .. article_id .. ARGV[9], into_id, 'XX', 'KEEPTTL')
end
local function add_hash(source, target)
  local pairs_ = redis.call('HGETALL', source)
  for i = 1, #pairs_, 2 do redis.call('HINCRBY', target, pairs_[i], pairs_[i + 1]) end
end
add_hash(KEYS[3], KEYS[8])
add_hash(KEYS[4], KEYS[9])
add_hash(KEYS[5], KEYS[10])

local from = redis.call('HGETALL', KEYS[1])
local f = {}
for i = 1, #from, 2 do f[from[i]] = from[i + 1] end
for field, value in pairs(f) do
  if string.sub(field, 1, 5) == 'lean:' then redis.call('HINCRBY', KEYS[6], field, value) end
end
local into = redis.call('HMGET', KEYS[6], 'firstSeen', 'lastUpdated', 'isPublic', 'slug', 'aliases', 'status')
local count = redis.call('HINCRBY', KEYS[6], 'articleCount', tonumber(f['articleCount']))
local outlets = redis.call('HLEN', KEYS[8])
local first_seen = math.min(tonumber(into[1]), tonumber(f['firstSeen']))
local last_updated = math.max(tonumber(into[2]), tonumber(f['lastUpdated']))

-- Slugs people may already have typed or subscribed to keep resolving: the absorbed thread's slug
-- and aliases become aliases of the survivor (or its slug, if the survivor had none yet).
local slug = into[4]
local aliases = cjson.decode(into[5])
local inherited = cjson.decode(f['aliases'])
if f['slug'] ~= '' then table.insert(inherited, 1, f['slug']) end
local became_public = 0
if slug == '' and #inherited > 0 then
  slug = table.remove(inherited, 1)
  redis.call('HSET', KEYS[6], 'slug', slug, 'isPublic', 1)
  became_public = 1
end
for _, alias in ipairs(inherited) do
  table.insert(aliases, alias)
  redis.call('SET', ARGV[7] .. alias, into_id)
end
if slug ~= '' then redis.call('SET', ARGV[7] .. slug, into_id) end
if slug == '' and count >= tonumber(ARGV[10]) and outlets >= tonumber(ARGV[11]) then
  slug = allocate_slug(ARGV[7], ARGV[4], into_id)
  redis.call('ZADD', KEYS[16], 0, slug)
  redis.call('HSET', KEYS[6], 'slug', slug, 'isPublic', 1)
  became_public = 1
end
local encoded_aliases = '[]'
if #aliases > 0 then encoded_aliases = cjson.encode(aliases) end
redis.call('HSET', KEYS[6], 'outletCount', outlets, 'firstSeen', first_seen, 'lastUpdated', last_updated,
  'title', cjson.decode(ARGV[3])['title'], 'facets', ARGV[3], 'aliases', encoded_aliases, 'status', 'active')
local version = redis.call('HINCRBY', KEYS[6], 'version', 1)
if into[6] == 'archived' then
  redis.call('ZREM', KEYS[15], into_id)
  redis.call('HDEL', KEYS[19], into_id)
end
redis.call('ZADD', KEYS[13], last_updated, into_id)
if slug ~= '' then
  redis.call('ZADD', KEYS[14], last_updated, into_id)
  redis.call('HSET', KEYS[17], into_id, catalog_entry(slug, encoded_aliases, last_updated, ARGV[3]))
end

redis.call('HSET', KEYS[1], 'status', 'merged', 'mergedInto', into_id)
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[20])
redis.call('ZREM', KEYS[13], from_id)
redis.call('ZREM', KEYS[14], from_id)
redis.call('ZREM', KEYS[15], from_id)
redis.call('HDEL', KEYS[17], from_id)
redis.call('HDEL', KEYS[19], from_id)
redis.call('INCR', KEYS[18])
${chainRecord}
local next_seq = redis.call('INCR', KEYS[11])
redis.call('XADD', KEYS[12], next_seq .. '-0', 'e', ARGV[6])
return {'applied', tostring(next_seq), tostring(version), slug, tostring(became_public)}
`;

/**
 * A stray moves to a thread it fits better: out of one thread's articles, strays and counts, into
 * the other's (as a core article), with both records, catalogue entries and the log updated in
 * one step. The moved article keeps its article → thread TTL.
 * KEYS: 1 articleThread, 2 from, 3 fromArticles, 4 fromOutlets, 5 fromCountries, 6 fromHours,
 *       7 fromStrays, 8 into, 9 intoArticles, 10 intoOutlets, 11 intoCountries, 12 intoHours,
 *       13 seq, 14 log, 15 active, 16 public, 17 archived, 18 slugIndex, 19 catalog,
 *       20 catalogVersion, 21 archivedCatalog, 22 lastWriter
 * ARGV: 1 articleId, 2 fromId, 3 intoId, 4 published, 5 outlet, 6 lean, 7 country, 8 hour,
 *       9 from facets JSON, 10 into facets JSON, 11 slugBase, 12 expectedSeq, 13 logEntry,
 *       14 slugKeyPrefix, 15 minArticles, 16 minOutlets, 17 chain token, 18 '1' when it follows in its chain
 */
export const APPLY_MOVE = `${allocateSlug}
local seq = tonumber(redis.call('GET', KEYS[13]) or '0')
if seq ~= tonumber(ARGV[12]) then return {'stale', tostring(seq)} end
${chainCheck}
local article_id, from_id, into_id = ARGV[1], ARGV[2], ARGV[3]
if not redis.call('ZSCORE', KEYS[3], article_id) then
  return redis.error_reply('move of article ' .. article_id .. ' that is not in thread ' .. from_id)
end
if redis.call('HGET', KEYS[8], 'status') ~= 'active' or redis.call('HGET', KEYS[2], 'status') == 'merged' then
  return {'stale', tostring(seq)}
end
local published = tonumber(ARGV[4])

local function decrement(hash, field)
  if redis.call('HINCRBY', hash, field, -1) <= 0 then redis.call('HDEL', hash, field) end
end
-- Out of the source thread; its first/last times are re-read from the articles that remain.
redis.call('ZREM', KEYS[3], article_id)
redis.call('ZREM', KEYS[7], article_id)
decrement(KEYS[4], ARGV[5])
decrement(KEYS[5], ARGV[7])
decrement(KEYS[6], ARGV[8])
redis.call('HINCRBY', KEYS[2], 'lean:' .. ARGV[6], -1)
redis.call('HINCRBY', KEYS[2], 'articleCount', -1)
local first = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
local from_fields = redis.call('HMGET', KEYS[2], 'firstSeen', 'lastUpdated', 'slug', 'aliases', 'status')
local from_first = tonumber(first[2] or from_fields[1])
local from_last = tonumber(last[2] or from_fields[2])
redis.call('HSET', KEYS[2], 'outletCount', redis.call('HLEN', KEYS[4]), 'firstSeen', from_first,
  'lastUpdated', from_last, 'title', cjson.decode(ARGV[9])['title'], 'facets', ARGV[9])
redis.call('HINCRBY', KEYS[2], 'version', 1)
if from_fields[5] == 'active' then
  redis.call('ZADD', KEYS[15], from_last, from_id)
  if from_fields[3] ~= '' then
    redis.call('ZADD', KEYS[16], from_last, from_id)
    redis.call('HSET', KEYS[19], from_id, catalog_entry(from_fields[3], from_fields[4] or '[]', from_last, ARGV[9]))
  end
end

-- Into the target thread, as a core article.
redis.call('SET', KEYS[1], into_id, 'XX', 'KEEPTTL')
redis.call('ZADD', KEYS[9], published, article_id)
redis.call('HINCRBY', KEYS[10], ARGV[5], 1)
redis.call('HINCRBY', KEYS[11], ARGV[7], 1)
redis.call('HINCRBY', KEYS[12], ARGV[8], 1)
redis.call('HINCRBY', KEYS[8], 'lean:' .. ARGV[6], 1)
local count = redis.call('HINCRBY', KEYS[8], 'articleCount', 1)
local outlets = redis.call('HLEN', KEYS[10])
local fields = redis.call('HMGET', KEYS[8], 'firstSeen', 'lastUpdated', 'isPublic', 'slug', 'aliases')
local first_seen = math.min(tonumber(fields[1]), published)
local last_updated = math.max(tonumber(fields[2]), published)
local slug = fields[4]
local became_public = 0
if fields[3] ~= '1' and count >= tonumber(ARGV[15]) and outlets >= tonumber(ARGV[16]) then
  slug = allocate_slug(ARGV[14], ARGV[11], into_id)
  redis.call('ZADD', KEYS[18], 0, slug)
  redis.call('HSET', KEYS[8], 'slug', slug, 'isPublic', 1)
  became_public = 1
  redis.call('INCR', KEYS[20])
end
redis.call('HSET', KEYS[8], 'outletCount', outlets, 'firstSeen', first_seen, 'lastUpdated', last_updated,
  'title', cjson.decode(ARGV[10])['title'], 'facets', ARGV[10])
local version = redis.call('HINCRBY', KEYS[8], 'version', 1)
redis.call('ZADD', KEYS[15], last_updated, into_id)
if slug ~= '' then
  redis.call('ZADD', KEYS[16], last_updated, into_id)
  redis.call('HSET', KEYS[19], into_id, catalog_entry(slug, fields[5] or '[]', last_updated, ARGV[10]))
end
${chainRecord}
local next_seq = redis.call('INCR', KEYS[13])
redis.call('XADD', KEYS[14], next_seq .. '-0', 'e', ARGV[13])
return {'applied', tostring(next_seq), tostring(version), slug, tostring(became_public)}
`;

/**
 * KEYS: 1 active, 2 public, 3 archived, 4 catalog, 5 catalogVersion, 6 archivedCatalog, 7.. thread hashes
 * ARGV: thread ids, in the same order as KEYS[7..]
 * Returns how many threads changed state (already archived or merged ones are left alone). An
 * archived public thread moves to the archived catalogue: readers can still find it.
 */
export const ARCHIVE_THREADS = `
local changed = 0
for i, thread_id in ipairs(ARGV) do
  local key = KEYS[6 + i]
  local fields = redis.call('HMGET', key, 'status', 'lastUpdated')
  if fields[1] == 'active' then
    redis.call('HSET', key, 'status', 'archived')
    redis.call('HINCRBY', key, 'version', 1)
    redis.call('ZREM', KEYS[1], thread_id)
    redis.call('ZREM', KEYS[2], thread_id)
    redis.call('ZADD', KEYS[3], tonumber(fields[2]), thread_id)
    local entry = redis.call('HGET', KEYS[4], thread_id)
    if entry then redis.call('HSET', KEYS[6], thread_id, entry) end
    redis.call('HDEL', KEYS[4], thread_id)
    changed = changed + 1
  end
end
if changed > 0 then redis.call('INCR', KEYS[5]) end
return changed
`;

/**
 * KEYS: 1 snapshot, 2 log. ARGV: 1 seq, 2 data.
 * Keeps the newest snapshot only, then drops the log entries it already contains.
 */
export const SAVE_SNAPSHOT = `
local current = tonumber(redis.call('HGET', KEYS[1], 'seq') or '-1')
if tonumber(ARGV[1]) <= current then return 0 end
redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'data', ARGV[2])
redis.call('XTRIM', KEYS[2], 'MINID', (tonumber(ARGV[1]) + 1) .. '-0')
return 1
`;

/** KEYS: 1 watermark. ARGV: 1 at. The reorder window's watermark only moves forward. */
export const ADVANCE_WATERMARK = `
local current = redis.call('GET', KEYS[1])
if current == false or tonumber(current) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
`;

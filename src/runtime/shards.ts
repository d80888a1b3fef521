import type { ShardSelection } from '../adapters/discord/bot.js';

/**
 * `--shard-ids 0,1 --shard-count 4`: this process runs shards 0 and 1 of 4, and other processes run
 * the rest (Discord puts each guild on shard (guild_id >> 22) % count and sends its interactions
 * there). `--shard-count N` alone runs all N here; `--shard-ids` alone takes the count from
 * DISCORD_SHARDS. Returns a one-line error for anything else.
 */
export function parseShardSelection(idsText: string | undefined, countText: string | undefined, configuredShards: number | 'auto'): ShardSelection | undefined | string {
  if (idsText === undefined && countText === undefined) return undefined;
  let count: number;
  if (countText !== undefined) {
    if (!/^\d+$/.test(countText) || Number(countText) < 1 || Number(countText) > 10_000) return `--shard-count: must be a whole number from 1 to 10000, got "${countText}"`;
    count = Number(countText);
  } else if (configuredShards !== 'auto') {
    count = configuredShards;
  } else {
    return '--shard-ids: needs --shard-count (or DISCORD_SHARDS set to a number), so every process agrees on the shard count';
  }
  if (idsText === undefined) return { ids: Array.from({ length: count }, (_, index) => index), count };
  const parts = idsText.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part))) return `--shard-ids: must be shard numbers separated by commas, e.g. 0,1, got "${idsText}"`;
  const ids = [...new Set(parts.map(Number))].sort((a, b) => a - b);
  const outside = ids.filter((id) => id >= count);
  if (outside.length > 0) return `--shard-ids: shard ${outside.join(', ')} does not exist with a shard count of ${count} (shards are 0 to ${count - 1})`;
  return { ids, count };
}

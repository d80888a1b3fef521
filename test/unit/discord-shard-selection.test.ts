import { describe, expect, it } from 'vitest';
import { parseShardSelection } from '../../src/runtime/shards.js';

describe('--shard-ids / --shard-count', () => {
  it('runs every shard in this process when neither is given', () => {
    expect(parseShardSelection(undefined, undefined, 'auto')).toBeUndefined();
  });

  it('takes some shards of a count shared by every process', () => {
    expect(parseShardSelection('2,3', '4', 'auto')).toEqual({ ids: [2, 3], count: 4 });
    expect(parseShardSelection(' 3, 1,1 ', '4', 'auto')).toEqual({ ids: [1, 3], count: 4 });
    expect(parseShardSelection(undefined, '3', 'auto')).toEqual({ ids: [0, 1, 2], count: 3 });
    expect(parseShardSelection('0', undefined, 2)).toEqual({ ids: [0], count: 2 });
  });

  it('explains ids without an agreed count, ids past the count, and malformed values', () => {
    expect(parseShardSelection('0,1', undefined, 'auto')).toMatch(/^--shard-ids: needs --shard-count/);
    expect(parseShardSelection('3,4', '4', 'auto')).toMatch(/^--shard-ids: shard 4 does not exist with a shard count of 4 \(shards are 0 to 3\)/);
    expect(parseShardSelection('one', '4', 'auto')).toMatch(/^--shard-ids: must be shard numbers/);
    expect(parseShardSelection('0', 'zero', 'auto')).toMatch(/^--shard-count: must be a whole number/);
  });
});

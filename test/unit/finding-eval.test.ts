import { describe, expect, it } from 'vitest';
import { distinctiveQueries } from '../../src/cli/eval-find.js';
import type { StreamRecord } from '../../src/core/articles/stream-record.js';

function record(id: number, title: string, story?: string): StreamRecord {
  return { id: `r${id}`, title, url: `https://example.com/${id}`, source: 'example.com', published: '2014-03-10T12:00:00Z', ...(story ? { story } : {}) };
}

describe('eval-find queries', () => {
  it('takes the two words that are most frequent in a story and rarest elsewhere, lowercased', () => {
    const records: StreamRecord[] = [];
    let id = 0;
    for (let i = 0; i < 20; i++) records.push(record(id++, `Flappy Bird creator says the game could return ${i}`, 'flappy'));
    for (let i = 0; i < 20; i++) records.push(record(id++, `GM recall widens as the game of blame goes on`, 'gm'));
    for (let i = 0; i < 5; i++) records.push(record(id++, 'Stocks fall as the game changes'));
    for (let i = 0; i < 3; i++) records.push(record(id++, 'Small story with few articles', 'small'));
    const queries = distinctiveQueries(records);
    expect([...queries.keys()].sort()).toEqual(['flappy', 'gm']);
    // "game" and "the" are everywhere: never distinctive.
    for (const words of queries.values()) for (const word of words) expect(['game', 'the']).not.toContain(word);
    expect(queries.get('gm')).toEqual(expect.arrayContaining([expect.stringMatching(/^[a-z]+$/)]));
  });
});

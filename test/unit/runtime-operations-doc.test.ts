import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config.js';

const doc = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
const defaults = configSchema.parse({}) as Record<string, unknown>;

describe('docs/operations.md configuration table', () => {
  const rows = new Map(
    doc
      .split('\n')
      .map((line) => /^\| `([A-Z0-9_]+)` \| (.*?) \| (.+) \|$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1]!, { default: match[2]!, meaning: match[3]! }]),
  );

  it.each(Object.keys(configSchema.shape))('documents %s with its real default and a meaning', (key) => {
    const row = rows.get(key);
    expect(row, `${key} is missing from the table`).toBeDefined();
    const value = defaults[key];
    expect(row!.default).toBe(value === undefined ? '—' : `\`${String(value)}\``);
    expect(row!.meaning.trim().length).toBeGreaterThan(5);
  });

  it('documents no setting the config does not have', () => {
    expect([...rows.keys()].filter((key) => !(key in configSchema.shape))).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../commands/runner.js';
import type { ReplyData } from '../../src/core/reply-data.js';
import { fakeDeps, invocation, referenceWorld } from '../helpers/command-fakes.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function dataOf(line: string): Promise<ReplyData | undefined> {
  const { world } = referenceWorld();
  const reply = await createCommandRunner(fakeDeps(world)).runLine(line, invocation());
  // What `ask --json` prints, read back the way a script would.
  return (JSON.parse(JSON.stringify(reply)) as { data?: ReplyData }).data;
}

/** Every key path of a JSON value (arrays by their first element). */
function shape(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.length > 0 ? shape(value[0], `${path}[]`) : [`${path}[]`];
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => shape(child, path ? `${path}.${key}` : key));
  return [path];
}

describe('ask --json: typed facts next to the display text', () => {
  it('gives /thread … stats as numbers, ISO times and slugs, so nothing needs parsing out of "Left 17.9%"', async () => {
    const data = await dataOf('thread trump-putin stats');
    expect(data?.kind).toBe('thread');
    if (data?.kind !== 'thread') return;
    const { thread } = data;
    expect(data.view).toBe('stats');
    expect(thread.slug).toBe('trump-putin');
    expect(thread.stats).toMatchObject({ rank: 11, rankChange: 1, virality: 5.4, ageDays: 50, blindspot: null });
    expect(thread.stats?.leaning.percent).toEqual({ left: 17.9, center: 53.6, right: 28.5 });
    expect(thread.stats?.leaning.articles).toEqual({ left: 70, center: 210, right: 111, unrated: 60 });
    expect(thread.stats?.regions.percent).toEqual({ us: 45.7, nonUs: 54.3 });
    expect(thread.stats?.regions.top[0]).toEqual({ country: 'US', articles: 201, percent: 45.7 });
    for (const time of [thread.firstArticleAt, thread.lastArticleAt, thread.stats?.computedAt, ...(thread.rankHistory ?? []).map((point) => point.at)]) {
      expect(time).toMatch(ISO);
    }
    expect(thread.rankHistory?.map((point) => point.rank)).toEqual([14, 12, 11]);
  });

  it('leaves the rank history out of views that do not read it, and says null where a fact does not exist yet', async () => {
    const data = await dataOf('thread trump-putin');
    expect(data).toMatchObject({ kind: 'thread', view: 'summary' });
    if (data?.kind === 'thread') expect(data.thread.rankHistory).toBeUndefined();
    const { world, thread } = referenceWorld();
    world.stats.clear();
    const reply = await createCommandRunner(fakeDeps(world)).runLine(`thread ${thread.slug} stats`, invocation());
    expect(reply.data).toMatchObject({ kind: 'thread', thread: { stats: null } });
  });

  it('gives /top as ranked entries with the ranking time', async () => {
    const data = await dataOf('top 5');
    expect(data).toMatchObject({ kind: 'top', rankedCount: 1, threads: [{ rank: 11, slug: 'trump-putin', virality: 5.4, rankChange: 1, articleCount: 451 }] });
    if (data?.kind === 'top') expect(data.rankedAt).toMatch(ISO);
  });

  it('documents in docs/commands.md exactly the fields /thread … stats and /top carry', async () => {
    const doc = readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8');
    const examples = [...doc.matchAll(/<!-- ask-json:(\w+) -->\n```json\n([\s\S]*?)\n```/g)].map((match) => [match[1], JSON.parse(match[2]!)] as const);
    const documented = new Map(examples);
    expect(shape(documented.get('thread'))).toEqual(shape(await dataOf('thread trump-putin stats')));
    expect(shape(documented.get('top'))).toEqual(shape(await dataOf('top 5')));
  });
});

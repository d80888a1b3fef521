import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOutletDirectory } from '../../src/config/outlets.js';
import { countSources, DEFAULT_SOURCES_FILE, loadSources, parseSources, SourcesFileError } from '../../src/config/sources.js';

const fixturePath = (name: string) => new URL(`../fixtures/feeds/${name}`, import.meta.url).pathname;

async function sourcesErrorOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourcesFileError) return error.lines;
    throw error;
  }
  throw new Error('expected a SourcesFileError');
}

describe('sources file', () => {
  it('reports a bad URL, a bad lean, a bad country and a duplicate id as `path: message` lines', async () => {
    const lines = await sourcesErrorOf(loadSources(fixturePath('sources-bad.yaml')));
    expect(lines).toEqual([
      'sources.1.url: must be an http(s) feed URL',
      'sources.2.lean: must be one of left, lean-left, center, lean-right, right, unrated',
      'sources.2.country: must be an ISO 3166-1 alpha-2 code like US or GB (or empty)',
    ]);
  });

  it('reports duplicate ids once every entry is valid', () => {
    expect(() => parseSources('[{"id":"a","name":"A","url":"https://a.com/rss"},{"id":"a","name":"B","url":"https://b.com/rss"}]', 'json')).toThrow(
      'sources.1.id: duplicate id "a" (also sources.0)',
    );
  });

  it('fills domain, lean and country from the outlet directory when the file leaves them out', async () => {
    const sources = await loadSources(fixturePath('sources-good.yaml'));
    expect(sources[0]).toEqual({ id: 'guardian-world', name: 'The Guardian – World', url: 'https://www.theguardian.com/world/rss', domain: 'theguardian.com', lean: 'lean-left', country: 'GB' });
    expect(sources[1]).toMatchObject({ domain: 'news.local-paper.example', lean: 'center', country: 'US', pollMinutes: 30 });
  });

  it('explains unreadable and unparseable files', async () => {
    expect(await sourcesErrorOf(loadSources('/does/not/exist.yaml'))).toEqual(['(file): cannot read /does/not/exist.yaml: ENOENT']);
    expect(() => parseSources('{"sources": [', 'json')).toThrow(/^\(root\): not valid JSON/);
    expect(() => parseSources('sources: 3', 'yaml')).toThrow('sources: must be a list of sources');
  });

  it('ships at least 40 real outlets, 6 per lean, 12 outside the US, each rated as in outlets.csv', async () => {
    const sources = await loadSources();
    const counts = countSources(sources);
    expect(counts.total).toBeGreaterThanOrEqual(40);
    for (const lean of ['left', 'lean-left', 'center', 'lean-right', 'right'] as const) expect(counts.byLean[lean], lean).toBeGreaterThanOrEqual(6);
    expect(counts.outsideUs).toBeGreaterThanOrEqual(12);
    const outlets = createOutletDirectory();
    for (const source of sources) {
      const listed = outlets.find(source.domain);
      expect(listed?.domain, source.id).toBe(source.domain);
      expect({ lean: source.lean, country: source.country }, source.id).toEqual({ lean: listed?.lean, country: listed?.country });
      expect(source.url, source.id).toMatch(/^https?:\/\//);
    }
    // The file itself states lean and country explicitly, so it reads on its own.
    const raw = JSON.parse(readFileSync(DEFAULT_SOURCES_FILE, 'utf8')) as { sources: Record<string, unknown>[] };
    expect(raw.sources.every((s) => typeof s['lean'] === 'string' && typeof s['country'] === 'string')).toBe(true);
  });
});

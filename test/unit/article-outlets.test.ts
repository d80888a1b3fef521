import { describe, expect, it } from 'vitest';
import { countryCode, createOutletDirectory, nameOutletsFromSources, outletNameOfSource, parseOutletsCsv } from '../../src/config/outlets.js';

describe('outlet directory', () => {
  const directory = createOutletDirectory();

  it('loads the shipped outlets.csv', () => {
    expect(directory.size).toBeGreaterThan(7_000);
  });
  it('falls back to the parent domain (in.reuters.com → reuters.com)', () => {
    expect(directory.lookup('in.reuters.com')).toEqual({ domain: 'reuters.com', name: 'Reuters', lean: 'center', country: 'GB' });
    expect(directory.lookup('www.foxnews.com').lean).toBe('right');
  });
  it('rates unknown domains as unrated with no country', () => {
    expect(directory.lookup('unknown-outlet.example')).toEqual({ domain: 'unknown-outlet.example', name: 'unknown-outlet.example', lean: 'unrated', country: '' });
    expect(directory.find('unknown-outlet.example')).toBeUndefined();
  });
  it('parses quoted names containing commas', () => {
    expect(directory.lookup('eatthis.com')).toMatchObject({ name: 'Eat This, Not That', country: 'US' });
  });
  it('maps lower-case country names to ISO 3166-1 alpha-2 and unknown ones to empty', () => {
    expect(countryCode('usa')).toBe('US');
    expect(countryCode('united kingdom')).toBe('GB');
    expect(countryCode('puerto rico/usa')).toBe('PR');
    expect(countryCode('unknown')).toBe('');
    expect(countryCode('')).toBe('');
  });
  it('treats a lean outside the scale as unrated', () => {
    const outlets = parseOutletsCsv('domain,name,lean,country\nodd.example,Odd,extreme,usa\n');
    expect(outlets.get('odd.example')).toEqual({ domain: 'odd.example', name: 'Odd', lean: 'unrated', country: 'US' });
  });
  it('names outlets the CSV leaves unnamed after the shipped source for that domain (foxnews.com → Fox News)', () => {
    expect(directory.lookup('foxnews.com').name).toBe('Fox News');
    expect(outletNameOfSource('ABC News (Australia) – Just In')).toBe('ABC News (Australia)');
    const outlets = parseOutletsCsv('domain,name,lean,country\nnamed.example,Named,left,usa\nunnamed.example,,right,usa\nother.example,,center,usa\n');
    nameOutletsFromSources(outlets, [
      { name: 'Renamed – World', url: 'https://feeds.named.example/rss', domain: 'named.example' },
      { name: 'Unnamed Daily – Politics', url: 'https://www.unnamed.example/rss' },
    ]);
    expect(outlets.get('named.example')?.name).toBe('Named');
    expect(outlets.get('unnamed.example')?.name).toBe('Unnamed Daily');
    expect(createOutletDirectory(outlets).lookup('other.example').name).toBe('other.example');
  });
  it('unescapes aggregator-escaped punctuation in CSV names', () => {
    expect(parseOutletsCsv('domain,name,lean,country\nblog.example,Some Paper \\(blog\\),left,usa\n').get('blog.example')?.name).toBe('Some Paper (blog)');
  });
});

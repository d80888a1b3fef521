import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createAddressPolicy, type AddressPolicy } from '../../src/feeds/address-policy.js';
import { FeedAddressRefusedError } from '../../src/feeds/errors.js';
import { fetchFeed, type FetchLimits } from '../../src/feeds/fetch-feed.js';
import { failureOf } from '../helpers/failure-of.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';

/**
 * Feed URLs and redirects may only reach public addresses unless FEEDS_ALLOW_PRIVATE=true, and cloud
 * metadata never. Everything runs on loopback: `internal` (127.0.0.1) plays an internal service a
 * publisher would like our polls to probe, and `publisher` (127.0.0.2) plays a public host, by a
 * policy that is the real one except that it counts 127.0.0.2 as public.
 */

const base: FetchLimits = { timeoutMs: 1_000, maxBytes: 256 * 1024, maxRedirects: 5, userAgent: 'threadwatch-test', allowPrivateAddresses: false };
const real = createAddressPolicy(false);
const publisherIsPublic: AddressPolicy = (address) => (address === '127.0.0.2' || address === '::ffff:127.0.0.2' ? { allowed: true } : real(address));
const strict: FetchLimits = { ...base, addressPolicy: publisherIsPublic };

function resolver(answers: Record<string, string[]>): { resolve: (host: string) => Promise<LookupAddress[]>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    resolve: async (host) => {
      calls.push(host);
      const addresses = answers[host];
      if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
  };
}

describe('feed address safety', () => {
  let internal: FeedServer;
  let publisher: FeedServer;
  let otherPublisher: FeedServer;
  beforeAll(async () => {
    internal = await startFeedServer();
    publisher = await startFeedServer('127.0.0.2');
    otherPublisher = await startFeedServer('127.0.0.2');
  });
  afterAll(async () => {
    await Promise.all([internal.close(), publisher.close(), otherPublisher.close()]);
  });

  it('classifies loopback, private, link-local, carrier-grade NAT and unique-local addresses as private, metadata as never allowed', () => {
    const verdicts = ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.10.10', '100.64.0.1', '::1', 'fc00::1', 'fe80::1', '::ffff:127.0.0.1', '0.0.0.0'].map((address) => [address, real(address)]);
    for (const [address, verdict] of verdicts) expect(verdict, String(address)).toMatchObject({ allowed: false, alwaysRefused: false });
    for (const address of ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '::ffff:169.254.169.254']) {
      expect(createAddressPolicy(true)(address), address).toMatchObject({ allowed: false, kind: 'cloud metadata', alwaysRefused: true });
    }
    expect(real('93.184.216.34')).toEqual({ allowed: true });
    expect(real('2606:4700::6810:84e5')).toEqual({ allowed: true });
    expect(createAddressPolicy(true)('127.0.0.1')).toEqual({ allowed: true });
  });

  it('refuses feed URLs on loopback, whether an IP literal or a name that resolves there, before connecting', async () => {
    const dns = resolver({ localhost: ['127.0.0.1'], 'intranet.example': ['10.0.0.5'] });
    const limits = { ...base, resolve: dns.resolve };
    for (const url of [internal.url('/guardian.xml'), internal.url('/guardian.xml').replace('127.0.0.1', 'localhost'), 'http://[::1]:9/feed.xml', 'http://intranet.example/feed.xml']) {
      const error = await failureOf(fetchFeed(url, limits));
      expect(error, url).toBeInstanceOf(FeedAddressRefusedError);
    }
    expect((await failureOf(fetchFeed(internal.url('/guardian.xml'), limits))).message).toBe(
      'refused: 127.0.0.1 is a loopback address (feeds must be on public addresses; FEEDS_ALLOW_PRIVATE=true allows private ones)',
    );
    expect((await failureOf(fetchFeed('http://intranet.example/feed.xml', limits))).message).toBe(
      'refused: intranet.example resolves to 10.0.0.5, a private address (feeds must be on public addresses; FEEDS_ALLOW_PRIVATE=true allows private ones)',
    );
    expect(internal.hits('/guardian.xml')).toBe(0);
  });

  it('refuses a redirect from a public host to loopback, by IP or by name, without touching the internal service', async () => {
    const dns = resolver({ localhost: ['127.0.0.1'] });
    publisher.route('/to-internal-ip', (_request, response) => response.writeHead(302, { location: internal.url('/guardian.xml') }).end());
    publisher.route('/to-internal-name', (_request, response) => response.writeHead(301, { location: internal.url('/guardian.xml').replace('127.0.0.1', 'localhost') }).end());
    const byIp = await failureOf(fetchFeed(publisher.url('/to-internal-ip'), { ...strict, resolve: dns.resolve }));
    expect(byIp).toBeInstanceOf(FeedAddressRefusedError);
    expect(byIp.message).toMatch(/^refused redirect: 127\.0\.0\.1 is a loopback address/);
    const byName = await failureOf(fetchFeed(publisher.url('/to-internal-name'), { ...strict, resolve: dns.resolve }));
    expect(byName.message).toMatch(/^refused redirect: localhost resolves to 127\.0\.0\.1, a loopback address/);
    expect(publisher.hits('/to-internal-ip')).toBe(1);
    expect(internal.hits('/guardian.xml')).toBe(0);
  });

  it('follows a redirect to another public host', async () => {
    const dns = resolver({ 'feeds.other-publisher.example': ['127.0.0.2'] });
    otherPublisher.serveFeed('/moved.xml', '<rss version="2.0"><channel><title>Moved</title></channel></rss>');
    const target = otherPublisher.url('/moved.xml').replace('127.0.0.2', 'feeds.other-publisher.example');
    publisher.route('/moved', (_request, response) => response.writeHead(301, { location: target }).end());
    const fetched = await fetchFeed(publisher.url('/moved'), { ...strict, resolve: dns.resolve });
    expect(fetched).toMatchObject({ kind: 'ok', url: target });
    expect(otherPublisher.hits('/moved.xml')).toBe(1);
  });

  it('refuses a host when any of its addresses is private, so a connection attempt can never fall through to it', async () => {
    const dns = resolver({ 'mixed.example': ['127.0.0.2', '127.0.0.1'] });
    const error = await failureOf(fetchFeed(publisher.url('/guardian.xml').replace('127.0.0.2', 'mixed.example'), { ...strict, resolve: dns.resolve }));
    expect(error.message).toMatch(/^refused: mixed\.example resolves to 127\.0\.0\.1, a loopback address/);
  });

  it('connects to the address it checked: a host that answers public first and loopback after gets one lookup per connection', async () => {
    // DNS rebinding: a check-then-connect client would look the name up twice and reach loopback.
    let answered = 0;
    const calls: string[] = [];
    const rebinding = async (host: string): Promise<LookupAddress[]> => {
      calls.push(host);
      answered += 1;
      return [{ address: answered === 1 ? '127.0.0.2' : '127.0.0.1', family: 4 }];
    };
    publisher.serveFeed('/rebind.xml', '<rss version="2.0"><channel><title>Publisher</title></channel></rss>');
    internal.serveFeed('/rebind.xml', '<rss version="2.0"><channel><title>Internal</title></channel></rss>');
    const url = `http://rebind.example:${new URL(publisher.url('/')).port}/rebind.xml`;
    const fetched = await fetchFeed(url, { ...strict, resolve: rebinding });
    expect(fetched.kind === 'ok' && fetched.body.toString()).toContain('Publisher');
    expect(calls).toEqual(['rebind.example']);
    expect(internal.hits('/rebind.xml')).toBe(0);
    // The next fetch looks it up again and gets loopback: refused, not connected.
    const again = await failureOf(fetchFeed(url, { ...strict, resolve: rebinding }));
    expect(again.message).toMatch(/^refused: rebind\.example resolves to 127\.0\.0\.1, a loopback address/);
    expect(internal.hits('/rebind.xml')).toBe(0);
  });

  it('fetches loopback feeds when private addresses are allowed, but never a cloud metadata address', async () => {
    const allowed: FetchLimits = { ...base, allowPrivateAddresses: true };
    expect((await fetchFeed(internal.url('/guardian.xml'), allowed)).kind).toBe('ok');
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/latest/meta-data/']) {
      const error = await failureOf(fetchFeed(url, allowed));
      expect(error, url).toBeInstanceOf(FeedAddressRefusedError);
      expect(error.message, url).toMatch(/a cloud metadata address \(never fetched\)$/);
    }
    const dns = resolver({ 'metadata.google.internal': ['169.254.169.254'] });
    internal.route('/to-metadata', (_request, response) => response.writeHead(302, { location: 'http://metadata.google.internal/computeMetadata/v1/' }).end());
    const redirected = await failureOf(fetchFeed(internal.url('/to-metadata'), { ...allowed, resolve: dns.resolve }));
    expect(redirected.message).toBe('refused redirect: metadata.google.internal resolves to 169.254.169.254, a cloud metadata address (never fetched)');
  });

  it('reads FEEDS_ALLOW_PRIVATE as a boolean that is off by default', () => {
    expect(loadConfig({}).FEEDS_ALLOW_PRIVATE).toBe(false);
    expect(loadConfig({ FEEDS_ALLOW_PRIVATE: 'true' }).FEEDS_ALLOW_PRIVATE).toBe(true);
    expect(loadConfig({ FEEDS_ALLOW_PRIVATE: 'false' }).FEEDS_ALLOW_PRIVATE).toBe(false);
    expect(() => loadConfig({ FEEDS_ALLOW_PRIVATE: 'sometimes' })).toThrow(/FEEDS_ALLOW_PRIVATE: must be true or false, got "sometimes"/);
  });
});

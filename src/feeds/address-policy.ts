import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a feed fetch may connect to. A publisher's server (or a sources file) can point a
 * poll at a URL, or redirect it to one, whose host resolves to loopback, a private network, a
 * link-local address or the cloud metadata service: the poll would then probe internal services
 * on the publisher's behalf (SSRF). Only public unicast addresses are allowed, unless
 * FEEDS_ALLOW_PRIVATE=true (replay serves its feeds on loopback; tests do too). Cloud metadata
 * addresses are refused even then: nothing a feed poll needs lives there, and credentials do.
 *
 * The check runs on the addresses the connection then uses (see fetch-feed.ts): one DNS answer,
 * checked and connected to, so a host that answers "public" to a first lookup and "127.0.0.1" to a
 * second (DNS rebinding) gets no second lookup.
 */

export type AddressVerdict = { allowed: true } | { allowed: false; kind: string; alwaysRefused: boolean };

export type AddressPolicy = (address: string) => AddressVerdict;

/** Resolves a host name to every address it has (dns.lookup with all: true in production). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

/** AWS, GCP, Azure, OpenStack and DigitalOcean (169.254.169.254), ECS tasks, AWS over IPv6, Alibaba, Azure's host agent. */
const CLOUD_METADATA = new Set(['169.254.169.254', '169.254.170.2', 'fd00:ec2::254', '100.100.100.200', '168.63.129.16']);

const KIND_OF_RANGE: Record<string, string> = {
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private',
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
};

/** An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is the IPv4 address it maps. */
function parsed(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  return ipaddr.process(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
}

export function createAddressPolicy(allowPrivate: boolean): AddressPolicy {
  return (address) => {
    let ip: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      ip = parsed(address);
    } catch {
      return { allowed: false, kind: 'unparseable', alwaysRefused: true };
    }
    if (CLOUD_METADATA.has(ip.toNormalizedString()) || CLOUD_METADATA.has(ip.toString())) return { allowed: false, kind: 'cloud metadata', alwaysRefused: true };
    const range = ip.range();
    if (range === 'unicast' || allowPrivate) return { allowed: true };
    return { allowed: false, kind: KIND_OF_RANGE[range] ?? `reserved (${range})`, alwaysRefused: false };
  };
}

export const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export function isIpLiteral(hostname: string): boolean {
  return isIP(hostname.replace(/^\[|\]$/g, '')) !== 0;
}

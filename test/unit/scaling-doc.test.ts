import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../src/config/config.js';

/**
 * docs/scaling.md points users at docker-compose.cluster.yml and states our delivery limits. No
 * Docker here, so the compose file is checked as data: it must parse, form a 3 × 2 cluster the init
 * job really joins, and point every threadwatch service at those nodes in cluster mode.
 */

const root = new URL('../../', import.meta.url);
const doc = readFileSync(new URL('docs/scaling.md', root), 'utf8');
const compose = parse(readFileSync(new URL('docker-compose.cluster.yml', root), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: string; command?: string[]; environment?: Record<string, string>; networks?: unknown; depends_on?: Record<string, { condition: string }> }>;
  networks: Record<string, { ipam: { config: { subnet: string }[] } }>;
};
const services = Object.entries(compose.services);
const nodes = services.filter(([name]) => /^redis-\d+$/.test(name));
const nodeAddress = (networks: unknown) => (networks as Record<string, { ipv4_address: string }>)['redis-cluster']!.ipv4_address;
const threadwatch = services.filter(([, service]) => service.build === '.');

describe('docker-compose.cluster.yml (the cluster example of docs/scaling.md)', () => {
  it('is named in the scaling doc', () => {
    expect(doc).toContain('docker-compose.cluster.yml');
  });

  it('runs six cluster-enabled Redis nodes with AOF and noeviction, each at its own address in the network subnet', () => {
    expect(nodes).toHaveLength(6);
    const subnet = compose.networks['redis-cluster']!.ipam.config[0]!.subnet;
    expect(subnet).toBe('172.30.0.0/24');
    for (const [, node] of nodes) {
      expect(node.command?.join(' ')).toMatch(/--cluster-enabled yes .*--appendonly yes .*--maxmemory-policy noeviction/);
      expect(nodeAddress(node.networks)).toMatch(/^172\.30\.0\.\d+$/);
    }
    expect(new Set(nodes.map(([, node]) => nodeAddress(node.networks))).size).toBe(6);
  });

  it('joins exactly those six nodes into three masters with one replica each, after all are healthy', () => {
    const init = compose.services['redis-cluster-init']!;
    const script = init.command!.join(' ');
    const created = /--cluster create ((?:\S+:\d+ )+)--cluster-replicas 1 --cluster-yes/.exec(script);
    expect(created, script).not.toBeNull();
    expect(created![1]!.trim().split(' ').sort()).toEqual(nodes.map(([, node]) => `${nodeAddress(node.networks)}:6379`).sort());
    expect(Object.keys(init.depends_on ?? {}).sort()).toEqual(nodes.map(([name]) => name).sort());
    expect(Object.values(init.depends_on ?? {}).every((dependency) => dependency.condition === 'service_healthy')).toBe(true);
  });

  it('starts every threadwatch service in cluster mode with seeds among the nodes, once the cluster is joined', () => {
    expect(threadwatch.map(([name]) => name).sort()).toEqual(['discord', 'scheduler', 'telegram', 'worker']);
    const addresses = new Set(nodes.map(([, node]) => `${nodeAddress(node.networks)}:6379`));
    for (const [, service] of threadwatch) {
      const env = service.environment ?? {};
      // The same validation `start` applies: a wrong REDIS_MODE/REDIS_URL pair would stop it at boot.
      const config = loadConfig({ REDIS_MODE: env['REDIS_MODE'], REDIS_URL: env['REDIS_URL'] });
      expect(config.REDIS_MODE).toBe('cluster');
      for (const seed of config.REDIS_URL!.split(',')) expect(addresses.has(seed.replace('redis://', ''))).toBe(true);
      expect(service.depends_on?.['redis-cluster-init']?.condition).toBe('service_completed_successfully');
    }
  });

  it('runs exactly one scheduler and scales the workers', () => {
    const roles = threadwatch.map(([, service]) => service.command![2]);
    expect(roles.filter((role) => role?.split(',').includes('scheduler'))).toHaveLength(1);
    expect(compose.services['worker']!.command).toEqual(['start', '--role', 'worker,http']);
  });
});

describe('docs/scaling.md delivery limits', () => {
  const defaults = configSchema.parse({}) as Record<string, unknown>;
  it.each([
    ['DISCORD_MAX_REQUESTS_PER_SECOND', 50],
    ['TELEGRAM_MAX_PER_SECOND', 30],
    ['TELEGRAM_MAX_PER_CHAT_PER_SECOND', 1],
    ['TELEGRAM_MAX_PER_GROUP_PER_MINUTE', 20],
  ])('states %s with its real default (%d)', (key, value) => {
    expect(defaults[key]).toBe(value);
    expect(doc).toContain(`\`${key}\` (default ${value})`);
  });
});

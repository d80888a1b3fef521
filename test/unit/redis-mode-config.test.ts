import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { describeRedisTarget, redisTargetEnv, redisTargetFromConfig } from '../../src/store/redis-client.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
}

describe('REDIS_MODE', () => {
  it('defaults to standalone, where an unset REDIS_URL leaves finding Redis to the locator', () => {
    const config = loadConfig({});
    expect(config.REDIS_MODE).toBe('standalone');
    expect(redisTargetFromConfig(config)).toBeUndefined();
    expect(redisTargetFromConfig(loadConfig({ REDIS_URL: 'redis://10.0.0.5:6380' }))).toEqual({ mode: 'standalone', url: 'redis://10.0.0.5:6380' });
  });

  it('takes the seed nodes of a cluster from a comma-separated REDIS_URL', () => {
    const config = loadConfig({ REDIS_MODE: 'cluster', REDIS_URL: 'redis://10.0.0.1:7000, redis://10.0.0.2:7000' });
    expect(redisTargetFromConfig(config)).toEqual({ mode: 'cluster', urls: ['redis://10.0.0.1:7000', 'redis://10.0.0.2:7000'] });
  });

  it('takes the Sentinels and the master name in sentinel mode', () => {
    const config = loadConfig({ REDIS_MODE: 'sentinel', REDIS_SENTINELS: '10.0.0.1:26379,sentinel-b:26379,[::1]:26380', REDIS_SENTINEL_MASTER: 'mymaster', REDIS_PASSWORD: 's3cret' });
    expect(redisTargetFromConfig(config)).toEqual({
      mode: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: 'sentinel-b', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      masterName: 'mymaster',
      password: 's3cret',
    });
  });

  it('names what each mode is missing, one `KEY: message` line each', () => {
    expect(problems({ REDIS_MODE: 'cluster' })).toEqual([expect.stringMatching(/^REDIS_URL: required when REDIS_MODE=cluster/)]);
    expect(problems({ REDIS_MODE: 'sentinel' })).toEqual([
      expect.stringMatching(/^REDIS_SENTINELS: required when REDIS_MODE=sentinel/),
      expect.stringMatching(/^REDIS_SENTINEL_MASTER: required when REDIS_MODE=sentinel/),
    ]);
    expect(problems({ REDIS_MODE: 'replicated' })).toEqual([expect.stringMatching(/^REDIS_MODE: /)]);
  });

  it('refuses settings the chosen mode would silently ignore', () => {
    expect(problems({ REDIS_URL: 'redis://a:1,redis://b:2' })).toEqual([expect.stringMatching(/^REDIS_URL: several URLs are only allowed with REDIS_MODE=cluster/)]);
    expect(problems({ REDIS_SENTINELS: 'a:26379' })).toEqual([expect.stringMatching(/^REDIS_SENTINELS: only used when REDIS_MODE=sentinel/)]);
    expect(problems({ REDIS_MODE: 'sentinel', REDIS_SENTINELS: 'a:26379', REDIS_SENTINEL_MASTER: 'm', REDIS_URL: 'redis://a:6379' })).toEqual([
      expect.stringMatching(/^REDIS_URL: not used when REDIS_MODE=sentinel/),
    ]);
    expect(problems({ REDIS_MODE: 'cluster', REDIS_URL: 'redis://a:1,rediss://b:2' })).toEqual([expect.stringMatching(/^REDIS_URL: seed nodes must all use/)]);
  });

  it('rejects malformed URLs and host:port pairs, naming the bad entry', () => {
    expect(problems({ REDIS_MODE: 'cluster', REDIS_URL: 'redis://a:1,http://b:2' })).toEqual([expect.stringMatching(/^REDIS_URL: .*"http:\/\/b:2"/)]);
    expect(problems({ REDIS_MODE: 'sentinel', REDIS_SENTINELS: 'a:26379,b', REDIS_SENTINEL_MASTER: 'm' })).toEqual([expect.stringMatching(/^REDIS_SENTINELS: .*"b"/)]);
  });

  it('hands a child process the same Redis through its environment, and never prints a password', () => {
    for (const env of [
      { REDIS_MODE: 'cluster', REDIS_URL: 'redis://:pw@10.0.0.1:7000,redis://:pw@10.0.0.2:7000' },
      { REDIS_MODE: 'sentinel', REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:26379', REDIS_SENTINEL_MASTER: 'mymaster', REDIS_PASSWORD: 'pw' },
    ]) {
      const target = redisTargetFromConfig(loadConfig(env))!;
      expect(redisTargetFromConfig(loadConfig(redisTargetEnv(target)))).toEqual(target);
      expect(describeRedisTarget(target)).not.toContain('pw@');
      expect(describeRedisTarget(target)).not.toMatch(/:pw\b/);
    }
  });
});

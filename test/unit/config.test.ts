import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('loadConfig', () => {
  it('works with an empty environment (every setting has a default)', () => {
    const config = loadConfig({});
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.REDIS_PREFIX).toBe('tw');
    expect(config.HTTP_PORT).toBe(8080);
    expect(config.DISCORD_TOKEN).toBeUndefined();
  });

  it('gives the demo its own prefix by default and refuses one shared with live data', () => {
    expect(loadConfig({}).DEMO_REDIS_PREFIX).toBe('demo');
    expect(() => loadConfig({ REDIS_PREFIX: 'news', DEMO_REDIS_PREFIX: 'news' })).toThrow(
      'DEMO_REDIS_PREFIX: must differ from REDIS_PREFIX ("news"), so the demo\'s 2014 threads never mix with live ones',
    );
    // Moving the live prefix onto the demo's default is the same mix-up.
    expect(() => loadConfig({ REDIS_PREFIX: 'demo' })).toThrow(/^DEMO_REDIS_PREFIX: must differ/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', REDIS_URL: '' }).DISCORD_TOKEN).toBeUndefined();
  });

  it('reports every bad setting as a `KEY: message` line', () => {
    try {
      loadConfig({ HTTP_PORT: 'eighty', REDIS_URL: 'not a url', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const lines = (error as ConfigError).lines;
      expect(lines).toHaveLength(3);
      expect(lines.some((l) => l.startsWith('HTTP_PORT: '))).toBe(true);
      expect(lines.some((l) => l.startsWith('REDIS_URL: '))).toBe(true);
      expect(lines.some((l) => l.startsWith('LOG_LEVEL: '))).toBe(true);
    }
  });

  it('says which bound a number is outside of, not just that it must be a number', () => {
    expect(() => loadConfig({ HTTP_PORT: '-1' })).toThrow(/HTTP_PORT: must be at least 0/);
    expect(() => loadConfig({ LLM_MAX_RETRIES: '11' })).toThrow(/LLM_MAX_RETRIES: must be at most 10/);
  });

  it('requires a webhook URL and secret in Telegram webhook mode', () => {
    expect(() => loadConfig({ TELEGRAM_MODE: 'webhook' })).toThrow(/TELEGRAM_WEBHOOK_URL: /);
  });

  it('accepts only redis:// and rediss:// in REDIS_URL, saying so in a REDIS_URL: line', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/m);
    expect(() => loadConfig({ REDIS_URL: 'ftp://10.0.0.1:6379' })).toThrow(/REDIS_URL: /);
    expect(loadConfig({ REDIS_URL: 'rediss://user:pw@cache.example:6380' }).REDIS_URL).toBe('rediss://user:pw@cache.example:6380');
  });

  it('refuses an HTTP server on a non-loopback address without METRICS_TOKEN, naming the key', () => {
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'metrics.internal']) {
      expect(() => loadConfig({ HTTP_HOST: host })).toThrow(new RegExp(`^METRICS_TOKEN: required when HTTP_HOST=${host.replace(/\./g, '\\.')} \\(not a loopback address\\)`, 'm'));
    }
    expect(loadConfig({ HTTP_HOST: '0.0.0.0', METRICS_TOKEN: 'a'.repeat(32) }).METRICS_TOKEN).toBe('a'.repeat(32));
  });

  it('needs no METRICS_TOKEN on loopback or with the HTTP server off', () => {
    for (const host of ['127.0.0.1', '127.0.0.53', 'localhost', '::1', '[::1]']) expect(loadConfig({ HTTP_HOST: host }).METRICS_TOKEN).toBeUndefined();
    expect(loadConfig({ HTTP_HOST: '0.0.0.0', HTTP_PORT: '0' }).HTTP_PORT).toBe(0);
  });

  it('rejects a METRICS_TOKEN too short to be a secret', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'hunter2' })).toThrow(/METRICS_TOKEN: must be at least 16 characters \(it is 7\)/);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/discord.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';

let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord();
});

afterAll(async () => {
  await fake?.close();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  fake.requests.length = 0;
});

function useFakeDiscord(): void {
  vi.stubEnv('DISCORD_TOKEN', fake.token);
  vi.stubEnv('DISCORD_API_BASE', fake.apiBase);
  vi.stubEnv('DISCORD_APPLICATION_ID', '');
}

describe('discord deploy', () => {
  it('registers every command in one server, looking up the application id from the token', async () => {
    useFakeDiscord();
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await main(['deploy', '--guild', fake.guildId])).toBe(0);

    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /oauth2/applications/@me',
      `PUT /applications/${fake.applicationId}/guilds/${fake.guildId}/commands`,
    ]);
    const commands = fake.requests[1]?.body as { name: string; options: { name: string; autocomplete?: boolean; choices?: unknown[]; required: boolean }[] }[];
    expect(commands.map((command) => command.name)).toEqual(['thread', 'top', 'subscribe', 'unsubscribe', 'subscriptions', 'sources', 'help']);
    const thread = commands.find((command) => command.name === 'thread');
    expect(thread?.options.map((option) => option.name)).toEqual(['slug', 'view', 'question']);
    expect(thread?.options[0]?.autocomplete).toBe(true);
    expect(thread?.options[1]?.choices).toEqual(['summary', 'perspectives', 'stats', 'qa'].map((view) => ({ name: view, value: view })));
  });

  it('registers global commands without --guild, using DISCORD_APPLICATION_ID when set', async () => {
    useFakeDiscord();
    vi.stubEnv('DISCORD_APPLICATION_ID', fake.applicationId);
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await main(['deploy'])).toBe(0);
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`PUT /applications/${fake.applicationId}/commands`]);
  });

  it('explains a missing DISCORD_TOKEN in one line and sends nothing', async () => {
    vi.stubEnv('DISCORD_TOKEN', '');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await main(['deploy'])).toBe(1);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]?.[0])).toMatch(/^DISCORD_TOKEN is not set/);
    expect(fake.requests).toHaveLength(0);
  });

  it('reports a token Discord rejects', async () => {
    useFakeDiscord();
    vi.stubEnv('DISCORD_TOKEN', 'not-the-token');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await main(['deploy'])).toBe(1);
    expect(String(errors.mock.calls[0]?.[0])).toMatch(/401/);
  });

  it('rejects usage mistakes before touching the network', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await main([])).toBe(2);
    expect(await main(['deploy', '--guild', 'my-server'])).toBe(2);
    expect(await main(['deploy', '--force'])).toBe(2);
    expect(errors).toHaveBeenCalledTimes(3);
    expect(fake.requests).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/registry.js';
import { buildSlashCommands } from '../../src/adapters/discord/slash-commands.js';

describe('buildSlashCommands', () => {
  const body = buildSlashCommands(COMMANDS.map((command) => command.data));

  it('registers every command for servers and DMs', () => {
    expect(body.map((command) => command.name)).toEqual(['thread', 'top', 'subscribe', 'unsubscribe', 'subscriptions', 'sources', 'help']);
    for (const command of body) {
      expect(command.contexts).toEqual([0, 1]);
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('describes /thread as slug (autocomplete), view (choices) and question', () => {
    const thread = body.find((command) => command.name === 'thread');
    expect(thread?.options).toEqual([
      expect.objectContaining({ name: 'slug', type: 3, autocomplete: true, required: false }),
      expect.objectContaining({ name: 'view', type: 3, choices: ['summary', 'perspectives', 'stats', 'qa'].map((view) => ({ name: view, value: view })) }),
      expect.objectContaining({ name: 'question', type: 3 }),
    ]);
  });

  it('puts required options first and maps integers with their bounds', () => {
    const [command] = buildSlashCommands([
      {
        name: 'Example',
        description: 'x'.repeat(150),
        options: [
          { name: 'count', description: 'how many', type: 'integer', minValue: 1, maxValue: 25 },
          { name: 'what', description: 'what', type: 'string', required: true },
        ],
      },
    ]);
    expect(command?.name).toBe('example');
    expect(command?.description.length).toBe(100);
    expect(command?.options).toEqual([
      expect.objectContaining({ name: 'what', required: true }),
      expect.objectContaining({ name: 'count', type: 4, min_value: 1, max_value: 25, required: false }),
    ]);
  });

  it('never sends choices together with autocomplete', () => {
    const [command] = buildSlashCommands([{ name: 'x', description: 'x', options: [{ name: 'slug', description: 's', type: 'string', autocomplete: true, choices: ['a'] }] }]);
    expect(command?.options?.[0]).not.toHaveProperty('choices');
  });
});

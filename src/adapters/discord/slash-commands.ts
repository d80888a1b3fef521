import { ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, InteractionContextType } from 'discord.js';
import type { APIApplicationCommandBasicOption, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Command, OptionSpec } from '../../../commands/command.js';
import { truncate } from './embeds.js';

const NAME_MAX = 32;
const DESCRIPTION_MAX = 100;
const CHOICES_MAX = 25;

/**
 * Registry metadata → the JSON body of PUT /applications/{app}/commands. Every command is usable in
 * servers and in DMs with the bot; nobody is hidden from `/subscribe`, because the permission check
 * happens per invocation (and explains itself) rather than by silently hiding the command.
 */
export function buildSlashCommands(commands: readonly Command['data'][]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((command) => ({
    type: ApplicationCommandType.ChatInput,
    name: slashName(command.name),
    description: truncate(command.description || command.name, DESCRIPTION_MAX),
    // Discord rejects a required option after an optional one; options are delivered by name, so order is free.
    options: [...command.options].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false)).map(slashOption),
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  }));
}

function slashOption(option: OptionSpec): APIApplicationCommandBasicOption {
  const base = {
    name: slashName(option.name),
    description: truncate(option.description || option.name, DESCRIPTION_MAX),
    required: option.required ?? false,
  };
  // Discord forbids choices together with autocomplete; autocomplete wins because it can offer more.
  const choices = !option.autocomplete && option.choices?.length ? option.choices.slice(0, CHOICES_MAX) : undefined;
  if (option.type === 'integer') {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer,
      ...(option.autocomplete ? { autocomplete: true } : choices ? { choices: choices.map((choice) => ({ name: choice, value: Number(choice) })) } : {}),
      ...(option.minValue !== undefined ? { min_value: option.minValue } : {}),
      ...(option.maxValue !== undefined ? { max_value: option.maxValue } : {}),
    };
  }
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    ...(option.autocomplete ? { autocomplete: true } : choices ? { choices: choices.map((choice) => ({ name: choice, value: choice })) } : {}),
  } as APIApplicationCommandBasicOption;
}

/** Discord names are lower-case, 1–32 characters of letters, digits, `-` and `_`. */
function slashName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^\p{Ll}\p{Lo}\p{N}_-]+/gu, '-')
    .slice(0, NAME_MAX);
  if (!cleaned) throw new Error(`command or option name "${name}" has no characters Discord accepts`);
  return cleaned;
}

import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';

/**
 * `.env` in the current directory, for `npm start`, `npm run demo` and every CLI command, the way
 * docker compose reads it: settings there apply unless the process environment already sets the
 * same key (the environment always wins, so `LOG_LEVEL=debug npm start` overrides the file). The
 * values go into the environment that loadConfig is given; nothing else reads them.
 */

export interface EnvFileResult {
  /** Keys taken from the file (those the environment did not already set). */
  applied: string[];
  /** A file that exists but cannot be read, as one line to print. */
  problem?: string;
}

export function applyEnvFile(env: Record<string, string | undefined>, path = '.env'): EnvFileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { applied: [] };
    return { applied: [], problem: `${path}: cannot read it (${code ?? 'error'}); settings come from the environment only` };
  }
  const applied: string[] = [];
  for (const [key, value] of Object.entries(parse(text))) {
    if (env[key] !== undefined) continue;
    env[key] = value;
    applied.push(key);
  }
  return { applied };
}

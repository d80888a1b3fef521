import { applyEnvFile } from './cli/env-file.js';

/**
 * Command-line entry: `npm run -s cli -- <subcommand> …` (tsx, no build step). Each subcommand
 * lives in src/cli/<name>.ts and is loaded on demand, so `preview` does not pay for discord.js.
 */
const SUBCOMMANDS: Record<string, { load: () => Promise<{ main(args: string[]): Promise<number> }>; help: string }> = {
  start: { load: () => import('./cli/start.js'), help: 'run the service (workers, scheduler, bots, console) [--role worker|scheduler|discord|telegram|http|all]' },
  console: { load: () => import('./cli/console.js'), help: 'console [--demo]: interactive prompt with the bot commands' },
  ask: { load: () => import('./cli/ask.js'), help: 'ask [--json] [--demo] "/thread <slug> [view]": print one reply and exit (--demo: the demo\'s data)' },
  ingest: { load: () => import('./cli/ingest.js'), help: 'ingest FILE.jsonl: push an article stream through the pipeline, then rank' },
  replay: { load: () => import('./cli/replay.js'), help: 'replay FILE.jsonl [--speed N] [--demo]: serve a stream as RSS feeds and run the real pipeline (--demo: on DEMO_REDIS_PREFIX, from scratch)' },
  'eval-threads': { load: () => import('./cli/eval-threads.js'), help: 'eval-threads FILE.jsonl: score threading against gold story labels' },
  export: { load: () => import('./cli/export.js'), help: 'export threads: one JSON line per thread (slug, topic, aliases, article ids, first/last seen, public/archived)' },
  'eval-find': { load: () => import('./cli/eval-find.js'), help: 'eval-find FILE.jsonl: can readers find each labelled story by its two most distinctive words?' },
  'eval-pages': { load: () => import('./cli/eval-pages.js'), help: 'eval-pages FILE.jsonl [--qa CHECKS.jsonl] [--clutter DIR]: measure the offline thread page (questions, framing, Q&A, clutter)' },
  sources: { load: () => import('./cli/sources.js'), help: 'sources check [FILE] | health | enable ID: validate the sources file, show polling health, re-enable a source' },
  preview: { load: () => import('./cli/preview.js'), help: 'preview <feed URL or file>...: fetch, parse and normalise without storing' },
  discord: { load: () => import('./cli/discord.js'), help: 'discord deploy [--guild ID]: register slash commands' },
};

function usage(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((name) => name.length));
  return ['usage: npm run -s cli -- <subcommand> [args]', '', ...Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(width)}  ${s.help}`)].join('\n');
}

async function run(argv: string[]): Promise<number> {
  // Settings in ./.env apply to every subcommand, under whatever the environment already sets.
  const envFile = applyEnvFile(process.env);
  if (envFile.problem) console.error(envFile.problem);
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const subcommand = SUBCOMMANDS[name];
  if (!subcommand) {
    console.error(`unknown subcommand "${name}"\n\n${usage()}`);
    return 2;
  }
  const module = await subcommand.load();
  return module.main(args);
}

// Subcommands close what they open, but a forgotten socket must never keep a finished command alive.
run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);

import { ConfigError, loadConfig } from '../config/config.js';
import { countSources, DEFAULT_SOURCES_FILE, loadSources, SourcesFileError } from '../config/sources.js';
import { LEANS } from '../core/lean.js';

/** `sources check [FILE]`: validate a sources file and print how balanced it is. */

const USAGE = 'usage: npm run -s cli -- sources check [FILE]   (default: SOURCES_FILE, else the built-in list)';

export async function main(args: string[]): Promise<number> {
  const [action, file, ...rest] = args;
  if (action !== 'check' || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  let path = file;
  if (path === undefined) {
    try {
      path = loadConfig(process.env).SOURCES_FILE ?? DEFAULT_SOURCES_FILE;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const line of error.lines) console.error(line);
      return 1;
    }
  }
  try {
    const sources = await loadSources(path);
    const counts = countSources(sources);
    const leans = LEANS.filter((lean) => lean !== 'unrated' || counts.byLean.unrated > 0).map((lean) => `${lean} ${counts.byLean[lean]}`);
    console.log(`${counts.total} sources: ${leans.join(', ')}`);
    const bucket = (a: number, b = 0) => a + b;
    console.log(
      `bias bar: left ${bucket(counts.byLean.left, counts.byLean['lean-left'])} · center ${counts.byLean.center} · right ${bucket(counts.byLean['lean-right'], counts.byLean.right)}`,
    );
    console.log(`countries: ${counts.byCountry.map(([country, count]) => `${country || 'unknown'} ${count}`).join(', ')}`);
    console.log(`outside the US: ${counts.outsideUs}`);
    console.log(`file: ${path}`);
    return 0;
  } catch (error) {
    if (!(error instanceof SourcesFileError)) throw error;
    for (const line of error.lines) console.error(line);
    return 1;
  }
}

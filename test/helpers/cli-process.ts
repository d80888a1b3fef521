import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  readonly output: string;
  /** Resolves once stdout or stderr matches `pattern`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGKILL: the process dies mid-work, with no shutdown hooks. */
  kill(): Promise<void>;
  /** SIGTERM and wait for exit: the graceful shutdown. Resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `npm run -s cli -- …` as a real child process (several worker or Discord processes on one Redis).
 * Only the environment the test passes: a developer's own REDIS_URL or tokens must not leak in.
 */
export function startCliProcess(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    get output() {
      return output;
    },
    waitForOutput(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`process ${args.join(' ')}: no output matching ${pattern} within ${timeoutMs} ms; output so far:\n${output.slice(-2_000)}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => {
          if (!pattern.test(output) && listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`process ${args.join(' ')} exited before printing ${pattern}; output:\n${output.slice(-2_000)}`));
          }
        });
        check();
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

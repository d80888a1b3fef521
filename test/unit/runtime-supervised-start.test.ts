import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { checkHealth, createComponentHealth } from '../../src/runtime/health.js';
import { retryDelayMs, superviseStart, type SupervisedPart } from '../../src/runtime/roles/supervised.js';

/** A part that fails its first `failures` start attempts with ECONNREFUSED-like errors. */
function flakyPart(failures: number) {
  let attempts = 0;
  let running = false;
  const part: SupervisedPart = {
    async start() {
      attempts += 1;
      if (attempts <= failures) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
      running = true;
    },
    async stop() {
      running = false;
    },
    describe: (error) => `cannot reach the API (${(error as { code?: string }).code})`,
  };
  return { part, attempts: () => attempts, running: () => running };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('supervised start of a platform role', () => {
  it('returns from start at once when the platform is down, reports down with the reason, and starts by itself later', async () => {
    const components = createComponentHealth();
    const component = components.component('discord');
    const notices: string[] = [];
    const failures: string[] = [];
    const flaky = flakyPart(3);
    const role = superviseStart({
      name: 'discord',
      label: 'Discord bot',
      part: flaky.part,
      component,
      logger: createLogger('silent'),
      notice: (line) => notices.push(line),
      countFailure: (call) => failures.push(call),
      retry: { initialMs: 5, maxMs: 20 },
    });
    await role.start();
    expect(flaky.running()).toBe(false);
    expect(component.current()).toMatchObject({ status: 'down', reason: 'cannot reach the API (ECONNREFUSED)' });
    await until(() => flaky.running());
    expect(component.current()?.status).toBe('ok');
    expect(flaky.attempts()).toBe(4);
    expect(failures).toEqual(['start', 'start', 'start']);
    // One line for the problem (repeats of the same reason only go to the log), one for the recovery; no stack.
    expect(notices).toEqual([
      expect.stringMatching(/^Discord bot: could not start: cannot reach the API \(ECONNREFUSED\)\. Retrying in \d+ ms; everything else keeps running\.$/),
      'Discord bot: started after 3 failed attempts.',
    ]);
    await role.stop!();
    expect(flaky.running()).toBe(false);
  });

  it('stops retrying once stopped, and never starts the part afterwards', async () => {
    const flaky = flakyPart(1_000);
    const role = superviseStart({
      name: 'telegram',
      label: 'Telegram bot',
      part: flaky.part,
      component: createComponentHealth().component('telegram'),
      logger: createLogger('silent'),
      notice: () => undefined,
      countFailure: () => undefined,
      retry: { initialMs: 5, maxMs: 5 },
    });
    await role.start();
    await until(() => flaky.attempts() >= 3);
    await role.stop!();
    const attempts = flaky.attempts();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(flaky.attempts()).toBe(attempts);
  });

  it('doubles the wait from the first delay up to the cap', () => {
    const policy = { initialMs: 1_000, maxMs: 60_000, random: () => 0.5 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => retryDelayMs(policy, attempt))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
  });
});

describe('/healthz with components', () => {
  const healthy = { ping: async () => 'PONG', workers: () => [{ name: 'poll-source', isRunning: () => true }] };

  it('is degraded, not down, while a platform component is down, and names it with its reason', async () => {
    const components = createComponentHealth();
    components.component('discord').report('down', 'cannot reach the Discord API at http://127.0.0.1:9/api (ECONNREFUSED)');
    components.component('telegram').report('ok');
    const report = await checkHealth({ ...healthy, components: () => components.snapshot() });
    expect(report.status).toBe('degraded');
    expect(report.components['discord']).toMatchObject({ status: 'down', reason: expect.stringContaining('ECONNREFUSED') });
    expect(report.components['telegram']).toMatchObject({ status: 'ok' });
    expect(report.components['telegram']).not.toHaveProperty('reason');
  });

  it('is ok again once every component is', async () => {
    const components = createComponentHealth();
    const discord = components.component('discord');
    discord.report('degraded', 'gateway shard 0 is reconnecting');
    discord.report('ok');
    expect((await checkHealth({ ...healthy, components: () => components.snapshot() })).status).toBe('ok');
  });

  it('tells every transition to onChange once, so the status gauge follows', () => {
    const seen: string[] = [];
    const components = createComponentHealth({ onChange: (name, state) => seen.push(`${name}=${state.status}`) });
    const llm = components.component('llm');
    llm.report('ok');
    llm.report('degraded', 'the LLM did not answer in time');
    llm.report('degraded', 'the LLM did not answer in time');
    llm.report('ok');
    expect(seen).toEqual(['llm=ok', 'llm=degraded', 'llm=ok']);
  });
});

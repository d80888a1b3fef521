import type { Job, Queue, Worker } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CommandRunner, Invocation } from '../../commands/command.js';
import { QUEUES } from '../../jobs/contracts.js';
import type { Reply } from '../core/reply.js';

/**
 * Prometheus metrics, derived from what workers already report (job return values and events)
 * and from Redis at scrape time, so job files carry no metrics code. One registry per app, so
 * tests and several apps in one process never share counters.
 */

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

export interface ScrapeSources {
  queues: readonly Queue[];
  /** Thread counts by status, read from Redis when Prometheus scrapes. */
  countThreads?: () => Promise<{ active: number; archived: number }>;
  /** Sources by health, read at scrape time. */
  countSources?: () => Promise<{ total: number; failing: number; disabled: number }>;
}

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'threadwatch_' });
  const sources: ScrapeSources = { queues: [] };

  const articlesIngested = new Counter({
    name: 'threadwatch_articles_ingested_total',
    help: 'New articles stored (each article once, however often it was seen).',
    registers: [registry],
  });
  const jobsCompleted = new Counter({ name: 'threadwatch_jobs_completed_total', help: 'Jobs completed, by queue.', labelNames: ['queue'], registers: [registry] });
  const jobFailures = new Counter({
    name: 'threadwatch_job_failures_total',
    help: 'Job attempts that failed, by queue; final="true" when no retry is left.',
    labelNames: ['queue', 'final'],
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'threadwatch_job_duration_seconds',
    help: 'Time from a job starting to finishing, by queue.',
    labelNames: ['queue'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const alertDeliveries = new Counter({
    name: 'threadwatch_alert_deliveries_total',
    help: 'Alert delivery jobs by platform and outcome (sent, skipped-duplicate, skipped-disabled, failed).',
    labelNames: ['platform', 'outcome'],
    registers: [registry],
  });
  const rankings = new Counter({ name: 'threadwatch_rankings_total', help: 'Ranking runs committed.', registers: [registry] });
  const rankedThreads = new Gauge({ name: 'threadwatch_ranked_threads', help: 'Threads in the latest ranking this process committed.', registers: [registry] });
  const alertsDecided = new Counter({
    name: 'threadwatch_alerts_total',
    help: 'Alerts decided by ranking runs (one per subscription and rank change), before delivery.',
    registers: [registry],
  });
  const articlesThreaded = new Counter({ name: 'threadwatch_articles_threaded_total', help: 'Articles placed in a story thread.', registers: [registry] });
  const threadsChanged = new Counter({
    name: 'threadwatch_thread_changes_total',
    help: 'Threads created, and threads changed (grown, merged, archived) by the threading stage.',
    labelNames: ['change'],
    registers: [registry],
  });
  const summaries = new Counter({ name: 'threadwatch_summaries_total', help: 'Thread digests written, by generator.', labelNames: ['generator'], registers: [registry] });
  const llmFallbacks = new Counter({
    name: 'threadwatch_llm_fallbacks_total',
    help: 'Summaries that fell back to the extractive summariser, by why (timeout, rate-limited, over-budget, server, malformed, …).',
    labelNames: ['reason'],
    registers: [registry],
  });
  const commandDuration = new Histogram({
    name: 'threadwatch_command_duration_seconds',
    help: 'Time to answer a command, by command and outcome.',
    labelNames: ['command', 'platform', 'outcome'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  const componentFailures = new Counter({
    name: 'threadwatch_component_failures_total',
    help: 'Failed calls to a platform this process talks to (discord, telegram, llm), by component and call (start, setMyCommands, gateway, …).',
    labelNames: ['component', 'call'],
    registers: [registry],
  });
  const componentStatus = new Gauge({
    name: 'threadwatch_component_status',
    help: '1 for the status each component (discord, telegram, llm) is in now (ok, degraded, down), 0 for the others.',
    labelNames: ['component', 'status'],
    registers: [registry],
  });

  new Gauge({
    name: 'threadwatch_queue_jobs',
    help: 'Jobs per queue and state, read from Redis at scrape time.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        sources.queues.map(async (queue) => {
          const counts = await queue.getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }),
      );
    },
  });
  new Gauge({
    name: 'threadwatch_threads',
    help: 'Story threads by status, read from Redis at scrape time.',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      if (!sources.countThreads) return;
      const counts = await sources.countThreads();
      this.set({ status: 'active' }, counts.active);
      this.set({ status: 'archived' }, counts.archived);
    },
  });
  new Gauge({
    name: 'threadwatch_sources',
    help: 'Configured sources by health (ok, failing = last poll failed, disabled).',
    labelNames: ['health'],
    registers: [registry],
    async collect() {
      if (!sources.countSources) return;
      const counts = await sources.countSources();
      this.set({ health: 'ok' }, counts.total - counts.failing - counts.disabled);
      this.set({ health: 'failing' }, counts.failing);
      this.set({ health: 'disabled' }, counts.disabled);
    },
  });

  /** Turns one completed job's return value into counters, per queue. */
  function recordResult(queue: string, result: unknown): void {
    const value = (key: string): number | undefined => {
      const field = result !== null && typeof result === 'object' ? (result as Record<string, unknown>)[key] : undefined;
      return typeof field === 'number' && Number.isFinite(field) ? field : undefined;
    };
    const text = (key: string): string | undefined => {
      const field = result !== null && typeof result === 'object' ? (result as Record<string, unknown>)[key] : undefined;
      return typeof field === 'string' ? field : undefined;
    };
    switch (queue) {
      case QUEUES.pollSource:
        articlesIngested.inc(value('stored') ?? 0);
        break;
      case QUEUES.threadArticle:
        articlesThreaded.inc(value('assigned') ?? 0);
        threadsChanged.inc({ change: 'created' }, value('newThreads') ?? 0);
        threadsChanged.inc({ change: 'changed' }, value('changedThreads') ?? 0);
        break;
      case QUEUES.rankThreads:
        if (text('status') !== 'ranked') break;
        rankings.inc();
        rankedThreads.set(value('ranked') ?? 0);
        alertsDecided.inc(value('alerts') ?? 0);
        break;
      case QUEUES.summarizeThread: {
        const generator = text('generator');
        if (generator) summaries.inc({ generator });
        break;
      }
      case QUEUES.deliverConsole:
      case QUEUES.deliverDiscord:
      case QUEUES.deliverTelegram:
        // 'sent', 'skipped-duplicate' (already delivered before a retry), 'skipped-disabled'.
        alertDeliveries.inc({ platform: queue.replace('deliver-', ''), outcome: text('status') ?? 'sent' });
        break;
    }
  }

  function observeWorker(worker: Worker): void {
    worker.on('completed', (job: Job, result: unknown) => {
      jobsCompleted.inc({ queue: worker.name });
      if (job.processedOn && job.finishedOn) jobDuration.observe({ queue: worker.name }, (job.finishedOn - job.processedOn) / 1000);
      recordResult(worker.name, result);
    });
    worker.on('failed', (job: Job | undefined) => {
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
      jobFailures.inc({ queue: worker.name, final: String(final) });
      if (final && worker.name.startsWith('deliver-')) alertDeliveries.inc({ platform: worker.name.replace('deliver-', ''), outcome: 'failed' });
    });
  }

  /** Same runner, every call timed into the command latency histogram. */
  function timeCommands(runner: CommandRunner): CommandRunner {
    const timed = async (name: string, invocation: Invocation, answer: () => Promise<Reply>): Promise<Reply> => {
      const stop = commandDuration.startTimer({ command: name || 'unknown', platform: invocation.platform });
      try {
        const reply = await answer();
        // The runner turns failures into error replies, so the tone is the outcome.
        stop({ outcome: reply.tone === 'error' ? 'error' : 'ok' });
        return reply;
      } catch (error) {
        stop({ outcome: 'internal-error' });
        throw error;
      }
    };
    const knownNames = new Set(runner.commands.map((command) => command.name));
    // Free text never becomes a label value: unknown names collapse to one series.
    const commandName = (line: string) => {
      const first = line.trim().replace(/^\//, '').split(/\s+/)[0]?.toLowerCase() ?? '';
      return knownNames.has(first) ? first : 'unknown';
    };
    return {
      commands: runner.commands,
      runLine: (line, invocation) => timed(commandName(line), invocation, () => runner.runLine(line, invocation)),
      run: (name, options, invocation) => timed(knownNames.has(name) ? name : 'unknown', invocation, () => runner.run(name, options, invocation)),
      complete: (query, limit) => runner.complete(query, limit),
    };
  }

  const total = async (counter: Counter, filter: (labels: Partial<Record<string, string | number>>) => boolean = () => true) =>
    (await counter.get()).values.filter((sample) => filter(sample.labels)).reduce((sum, sample) => sum + sample.value, 0);

  return {
    registry,
    articlesIngested,
    /** This process's running totals, for progress bars and closing summaries. */
    async totals() {
      return {
        articlesIngested: await total(articlesIngested),
        rankings: await total(rankings),
        alertsDecided: await total(alertsDecided),
        summaries: await total(summaries),
        alertsSent: await total(alertDeliveries, (labels) => labels['outcome'] === 'sent'),
        jobFailures: await total(jobFailures, (labels) => labels['final'] === 'true'),
      };
    },
    /** Tell the scrape-time gauges where to read from (queues and stores exist after the metrics). */
    setScrapeSources(next: ScrapeSources): void {
      Object.assign(sources, next);
    },
    observeWorker,
    recordResult,
    /** One failed call to a platform (a start attempt, an optional set-up call, a lost gateway). */
    countComponentFailure(component: string, call: string): void {
      componentFailures.inc({ component, call });
    },
    /** A component's current status, as the component registry reports it. */
    setComponentStatus(component: string, status: 'ok' | 'degraded' | 'down'): void {
      for (const candidate of ['ok', 'degraded', 'down'] as const) componentStatus.set({ component, status: candidate }, candidate === status ? 1 : 0);
    },
    /** The summarizer's `onFallback`: it knows why it fell back, a job's return value does not. */
    countLlmFallback(reason: string): void {
      llmFallbacks.inc({ reason });
    },
    timeCommands,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

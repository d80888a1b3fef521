import { randomUUID } from 'node:crypto';
import type { Lean } from '../lean.js';
import type { ThreadFacets, ThreadRecord } from '../thread.js';
import { createThreadingEngine, type Decision, type PlannedEntry, type ThreadingArticle, type ThreadingEngine, type ThreadingEntry, type ThreadingOptions } from './engine.js';
import { byStreamOrder } from './reorder.js';
import { SnapshotVersionError } from './snapshot.js';

export { byStreamOrder } from './reorder.js';
import type { AssignmentWrite, IndexSnapshot, LogEntry, MergeWrite, MoveWrite, WriteChain, WriteResult } from './store-writes.js';

/**
 * Keeps one process's in-memory threading index in step with the shared thread store and writes
 * its decisions there.
 *
 * Consistency between workers is optimistic: every write carries the store sequence number the
 * index had caught up to, and the store refuses it if anyone wrote since. The process then catches
 * up by replaying the store's log (or, if the log was trimmed past it, by restoring the latest
 * snapshot and replaying from there) and decides again. The thread-article queue runs with global
 * concurrency 1, so refusals are rare (a stalled job retried while its first run still finishes),
 * but correctness does not depend on it.
 */

/** The thread store as the indexer needs it (the Redis store and its in-memory twin satisfy it). */
export interface ThreadingStore {
  getSeq(): Promise<number>;
  getArticleThreadIds(articleIds: readonly string[]): Promise<(string | null)[]>;
  getThreads(ids: readonly string[]): Promise<(ThreadRecord | null)[]>;
  applyAssignment(write: AssignmentWrite): Promise<WriteResult>;
  applyMerge(write: MergeWrite): Promise<WriteResult>;
  applyMove(write: MoveWrite): Promise<WriteResult>;
  listActiveThreadIds(options?: { publicOnly?: boolean }): Promise<string[]>;
  firstLogSeq(): Promise<number>;
  archiveThreads(ids: readonly string[]): Promise<number>;
  readLog(afterSeq: number, limit: number): Promise<LogEntry[]>;
  loadSnapshot(): Promise<IndexSnapshot | null>;
  saveSnapshot(snapshot: IndexSnapshot): Promise<boolean>;
}

/** What threading reads from an article (`Article` satisfies it). */
export interface IndexableArticle extends ThreadingArticle {
  lean: Lean;
  country: string;
}

export interface ThreadChange {
  threadId: string;
  version: number;
  becamePublic: boolean;
}

export interface AssignResult {
  /** Articles newly placed in a thread by this call. */
  assigned: number;
  newThreads: number;
  /**
   * Threads whose state changed, plus threads of articles that were already assigned (a retried
   * job re-announces them, so a crash between writing and announcing loses nothing).
   */
  changes: ThreadChange[];
  merged: number;
  /** Strays that moved to a thread they fit better. */
  moved: number;
  archived: number;
}

export interface ThreadIndexerOptions {
  engine?: Partial<ThreadingOptions>;
  /** Write a snapshot after this many log entries, so catch-up and start-up stay short. */
  snapshotEvery?: number;
}

type StrayFacts = ReturnType<ThreadingEngine['strayFacts']>;

/** What a merge's or move's write needs, captured when it was committed. */
interface CapturedPlan {
  slugBase: string;
  facets: () => ThreadFacets;
  sourceFacets: (() => ThreadFacets) | undefined;
}

/** A commit of the batch waiting to be written (see `assign`). */
type PendingWrite =
  | {
      kind: 'assignment';
      /** Position of the article in the batch's pending list. */
      index: number;
      article: IndexableArticle;
      decision: Decision;
      threadId: string;
      slugBase: string;
      /** Captured at a facet point (see engine.ts), else undefined. */
      facets: (() => ThreadFacets) | undefined;
      evicted: string[];
    }
  | { kind: 'plan'; index: number; plan: PlannedEntry; facts: StrayFacts; captured: CapturedPlan };

const LOG_PAGE = 1_000;
/** Refusals in one call beyond this mean something else is writing continuously: let the job retry. */
const MAX_CATCH_UPS = 5;

export class ConcurrentThreadingError extends Error {
  override readonly name = 'ConcurrentThreadingError';
}

export function createThreadIndexer(store: ThreadingStore, options: ThreadIndexerOptions = {}) {
  const snapshotEvery = options.snapshotEvery ?? 5_000;
  let engine: ThreadingEngine = createThreadingEngine(options.engine);
  /** Store sequence number the in-memory index reflects; -1 = not loaded yet. */
  let seq = -1;
  let snapshotSeq = 0;

  async function rebuild(): Promise<void> {
    engine = createThreadingEngine(options.engine);
    const snapshot = await store.loadSnapshot();
    let restored = false;
    if (snapshot) {
      try {
        engine.restore(snapshot.data);
        restored = true;
      } catch (error) {
        // A snapshot of an older format: the log rebuilds the index when it still starts at 1.
        if (!(error instanceof SnapshotVersionError) || (await store.firstLogSeq()) > 1) throw error;
        engine = createThreadingEngine(options.engine);
      }
    }
    seq = restored ? snapshot!.seq : 0;
    snapshotSeq = seq;
    await replayFromLog();
    // A process that stopped between evicting threads and archiving them left them active in the
    // store: whatever is active there but no longer in the index was evicted.
    const live = new Set(engine.threadIds());
    const stale = (await store.listActiveThreadIds()).filter((id) => !live.has(id));
    if (stale.length > 0) await store.archiveThreads(stale);
  }

  /** Replays log entries after `seq`; false when the log no longer holds the next entry. */
  async function replayFromLog(): Promise<boolean> {
    for (;;) {
      const entries = await store.readLog(seq, LOG_PAGE);
      if (entries.length === 0) return true;
      if (entries[0]!.seq !== seq + 1) return false;
      for (const { seq: entrySeq, entry } of entries) {
        engine.commit(JSON.parse(entry) as ThreadingEntry);
        seq = entrySeq;
      }
      if (entries.length < LOG_PAGE) return true;
    }
  }

  async function catchUp(): Promise<void> {
    if (seq < 0) return rebuild();
    if ((await store.getSeq()) === seq) return;
    if (!(await replayFromLog())) await rebuild();
  }

  async function maybeSnapshot(): Promise<void> {
    if (seq - snapshotSeq < snapshotEvery) return;
    await store.saveSnapshot({ seq, data: engine.snapshot() });
    snapshotSeq = seq;
  }

  function recordChange(changes: Map<string, ThreadChange>, threadId: string, version: number, becamePublic: boolean): void {
    const previous = changes.get(threadId);
    changes.set(threadId, { threadId, version: Math.max(version, previous?.version ?? 0), becamePublic: becamePublic || (previous?.becamePublic ?? false) });
  }

  /** Writes one planned merge or move, with what its commit captured. */
  async function writePlan(plan: PlannedEntry, captured: CapturedPlan, facts: StrayFacts, order: { expectedSeq: number; chain?: WriteChain } = { expectedSeq: seq }): Promise<WriteResult> {
    if (plan.kind === 'merge') {
      return store.applyMerge({ from: plan.from, into: plan.into, facets: captured.facets(), slugBase: captured.slugBase, logEntry: JSON.stringify(plan), ...order });
    }
    if (!facts || !captured.sourceFacets) throw new Error(`move of ${plan.articleId}: not a stray of ${plan.from}`);
    return store.applyMove({
      article: { id: plan.articleId, outlet: facts.outlet, published: facts.published, lean: facts.lean as IndexableArticle['lean'], country: facts.country },
      from: plan.from,
      into: plan.into,
      fromFacets: captured.sourceFacets(),
      intoFacets: captured.facets(),
      slugBase: captured.slugBase,
      logEntry: JSON.stringify(plan),
      ...order,
    });
  }

  /** Commits the next planned merge or move and captures what its write needs. */
  function commitPlan(plan: PlannedEntry): { facts: StrayFacts; captured: CapturedPlan } {
    const facts = plan.kind === 'move' ? engine.strayFacts(plan.articleId) : undefined;
    const outcome = engine.commit(plan);
    return { facts, captured: { slugBase: outcome.slugBase, facets: outcome.captureFacets(), sourceFacets: outcome.source?.captureFacets() } };
  }

  /** See `assign`: the batch in stream order, written the way the module comment says. */
  async function assignBatch(articles: readonly IndexableArticle[]): Promise<AssignResult> {
    const unique = [...new Map(articles.map((article) => [article.id, article])).values()];
    const changes = new Map<string, ThreadChange>();
    const toArchive = new Set<string>();
    let assigned = 0;
    let newThreads = 0;
    let merged = 0;
    let moved = 0;

    /** Counts a merge or move the store applied. */
    function planApplied(plan: PlannedEntry, result: Extract<WriteResult, { status: 'applied' }>): void {
      seq = result.seq;
      if (plan.kind === 'merge') {
        merged += 1;
        changes.delete(plan.from);
        toArchive.delete(plan.from);
      } else {
        moved += 1;
        recordChange(changes, plan.from, result.version, false);
      }
      recordChange(changes, plan.into, result.version, result.becamePublic);
    }

    /** Commits and writes the plans of the last merge point; false when the store refused one. */
    async function runPlans(): Promise<boolean> {
      for (let plan = engine.pendingPlans()[0]; plan !== undefined; plan = engine.pendingPlans()[0]) {
        const { facts, captured } = commitPlan(plan);
        const result = await writePlan(plan, captured, facts);
        if (result.status !== 'applied') {
          seq = -1;
          return false;
        }
        planApplied(plan, result);
      }
      return true;
    }

    const existing = await store.getArticleThreadIds(unique.map((article) => article.id));
    const alreadyThreaded = [...new Set(existing.filter((id): id is string => id !== null))];
    let pending = unique.filter((_, index) => existing[index] === null).sort(byStreamOrder);
    /** Threads whose facets a refused write left behind: the next write for them carries facets. */
    const owed = new Set<string>();

    // At least once, even for a batch of duplicates: plans left by a process that stopped in the
    // middle of a merge pass are committed before anything else.
    for (let attempt = 0, first = true; first || pending.length > 0; attempt++, first = false) {
      if (attempt > MAX_CATCH_UPS) throw new ConcurrentThreadingError(`thread store kept changing under this worker (${pending.length} articles left)`);
      await catchUp();
      if (!(await runPlans())) continue;

      // Two passes. First the index decides and commits the whole batch (with the plans of its
      // merge points), keeping for each commit what its write needs: slug stems and facets are
      // captured as of their commit. Then the writes go out in order. Only the last facets a batch
      // has for a thread are worth building (a store keeps only the latest), so an assignment's
      // facets travel only when no later write of the batch carries that thread's facets: the
      // topic titles of superseded facet points are never built. Each write is still atomic with
      // its log entry, and what the store holds after the batch is what one-by-one writes leave.
      const ops: PendingWrite[] = [];
      for (let index = 0; index < pending.length; index++) {
        const article = pending[index]!;
        const decision = engine.decide(article);
        const outcome = engine.commit(decision.entry);
        const due = outcome.facetsDue || owed.delete(outcome.threadId);
        ops.push({
          kind: 'assignment',
          index,
          article,
          decision,
          threadId: outcome.threadId,
          slugBase: outcome.slugBase,
          facets: due ? outcome.captureFacets() : undefined,
          evicted: outcome.evicted,
        });
        for (let plan = engine.pendingPlans()[0]; plan !== undefined; plan = engine.pendingPlans()[0]) {
          ops.push({ kind: 'plan', index, plan, ...commitPlan(plan) });
        }
      }
      const lastFacets = new Map<string, number>();
      ops.forEach((op, position) => {
        if (op.kind === 'assignment') {
          if (op.facets) lastFacets.set(op.threadId, position);
        } else {
          lastFacets.set(op.plan.into, position);
          if (op.plan.kind === 'move') lastFacets.set(op.plan.from, position);
        }
      });

      /** One write of the batch, as the store takes it (async: whatever throws becomes its reply). */
      const send = async (op: PendingWrite, position: number, order: { expectedSeq: number; chain: WriteChain }): Promise<WriteResult> => {
        if (op.kind === 'plan') return writePlan(op.plan, op.captured, op.facts, order);
        const { article, decision } = op;
        const carries = op.facets !== undefined && lastFacets.get(op.threadId) === position;
        return store.applyAssignment({
          article: { id: article.id, outlet: article.outlet, published: article.published, lean: article.lean, country: article.country },
          threadId: op.threadId,
          ...(carries ? { facets: op.facets!() } : {}),
          slugBase: op.slugBase,
          logEntry: JSON.stringify(decision.entry),
          ...(decision.entry.stray ? { stray: true } : {}),
          ...order,
        });
      };

      // The writes go out back to back, each expecting the sequence number the ones before it leave,
      // chained by one token (WriteChain): a store applies them in order and refuses all that follow
      // a refused one, so one round trip serves the batch instead of one per write.
      const chain = randomUUID();
      const firstSeq = seq;
      const replies = ops.map((op, position) => send(op, position, { expectedSeq: firstSeq + position, chain: { token: chain, follows: position > 0 } }));
      // Replies after a refusal are read no further; their failures must not go unhandled.
      for (const reply of replies) reply.catch(() => undefined);
      let refusedAt = -1;
      let applied = 0;
      for (; applied < ops.length; applied++) {
        const op = ops[applied]!;
        const result = await replies[applied]!;
        if (result.status !== 'applied') {
          // The index now holds commits the store refused: it must be rebuilt from the store.
          seq = -1;
          if (op.kind === 'plan') refusedAt = op.index + 1;
          else {
            if (result.status === 'duplicate') alreadyThreaded.push(result.threadId);
            refusedAt = result.status === 'duplicate' ? op.index + 1 : op.index;
          }
          break;
        }
        if (op.kind === 'plan') {
          planApplied(op.plan, result);
          continue;
        }
        seq = result.seq;
        assigned += 1;
        if (op.decision.isNewThread) newThreads += 1;
        recordChange(changes, op.threadId, result.version, result.becamePublic);
        for (const id of op.evicted) toArchive.add(id);
      }
      // A refusal stops the batch: a thread whose facet points were written without their facets
      // (a later write was to carry them) is owed facets by its next write.
      for (let position = 0; position < applied; position++) {
        const op = ops[position]!;
        if (op.kind === 'assignment' && op.facets && (lastFacets.get(op.threadId) ?? -1) >= applied) owed.add(op.threadId);
      }
      pending = refusedAt < 0 ? [] : pending.slice(refusedAt);
    }

    const archived = toArchive.size > 0 ? await store.archiveThreads([...toArchive]) : 0;
    for (const id of toArchive) changes.delete(id);
    const unannounced = alreadyThreaded.filter((id) => !changes.has(id));
    if (unannounced.length > 0) {
      const records = await store.getThreads(unannounced);
      for (const record of records) {
        if (record && record.status !== 'merged') recordChange(changes, record.id, record.version, false);
      }
    }
    if (seq >= 0) await maybeSnapshot();
    return { assigned, newThreads, changes: [...changes.values()], merged, moved, archived };
  }

  return {
    /** Loads the index (snapshot + log) now rather than on the first batch. */
    async load(): Promise<void> {
      await catchUp();
    },

    /**
     * Threads a batch of articles in stream order (publish time, then id); already-threaded ones
     * are skipped. Merge points fall every `mergeEvery` articles of the stream, whatever the batch
     * sizes, so splitting a stream into batches differently changes no assignment.
     */
    async assign(articles: readonly IndexableArticle[]): Promise<AssignResult> {
      try {
        return await assignBatch(articles);
      } catch (error) {
        // A write that threw (a dropped connection, a timeout) may or may not have been applied, and
        // the index holds commits the store may never have seen: rebuild it from the store first.
        seq = -1;
        throw error;
      }
    },

    /** Live threads in this process's index (diagnostics, benches). */
    threadCount(): number {
      return engine.threadCount();
    },

    /** The engine's snapshot as this process holds it (tests compare processes with it). */
    snapshot(): string {
      return engine.snapshot();
    },
  };
}

export type ThreadIndexer = ReturnType<typeof createThreadIndexer>;

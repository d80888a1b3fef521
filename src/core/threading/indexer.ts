import type { Lean } from '../lean.js';
import type { ThreadRecord } from '../thread.js';
import { createThreadingEngine, type CommitOutcome, type PlannedEntry, type ThreadingArticle, type ThreadingEngine, type ThreadingEntry, type ThreadingOptions } from './engine.js';
import { byStreamOrder } from './reorder.js';
import { SnapshotVersionError } from './snapshot.js';

export { byStreamOrder } from './reorder.js';
import type { AssignmentWrite, IndexSnapshot, LogEntry, MergeWrite, MoveWrite, WriteResult } from './store-writes.js';

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

  /** Writes one planned merge or move the engine has just committed. */
  async function writePlan(plan: PlannedEntry, outcome: CommitOutcome, facts: ReturnType<ThreadingEngine['strayFacts']>): Promise<WriteResult> {
    if (plan.kind === 'merge') {
      return store.applyMerge({ from: plan.from, into: plan.into, facets: outcome.facets, slugBase: outcome.slugBase, expectedSeq: seq, logEntry: JSON.stringify(plan) });
    }
    if (!facts || !outcome.source) throw new Error(`move of ${plan.articleId}: not a stray of ${plan.from}`);
    return store.applyMove({
      article: { id: plan.articleId, outlet: facts.outlet, published: facts.published, lean: facts.lean as IndexableArticle['lean'], country: facts.country },
      from: plan.from,
      into: plan.into,
      fromFacets: outcome.source.facets,
      intoFacets: outcome.facets,
      slugBase: outcome.slugBase,
      expectedSeq: seq,
      logEntry: JSON.stringify(plan),
    });
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
      const unique = [...new Map(articles.map((article) => [article.id, article])).values()];
      const changes = new Map<string, ThreadChange>();
      const toArchive = new Set<string>();
      let assigned = 0;
      let newThreads = 0;
      let merged = 0;
      let moved = 0;

      /** Commits and writes the plans of the last merge point; false when the store refused one. */
      async function runPlans(): Promise<boolean> {
        for (let plan = engine.pendingPlans()[0]; plan !== undefined; plan = engine.pendingPlans()[0]) {
          const facts = plan.kind === 'move' ? engine.strayFacts(plan.articleId) : undefined;
          const outcome = engine.commit(plan);
          const result = await writePlan(plan, outcome, facts);
          if (result.status !== 'applied') {
            seq = -1;
            return false;
          }
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
        return true;
      }

      const existing = await store.getArticleThreadIds(unique.map((article) => article.id));
      const alreadyThreaded = [...new Set(existing.filter((id): id is string => id !== null))];
      let pending = unique.filter((_, index) => existing[index] === null).sort(byStreamOrder);

      // At least once, even for a batch of duplicates: plans left by a process that stopped in the
      // middle of a merge pass are committed before anything else.
      for (let attempt = 0, first = true; first || pending.length > 0; attempt++, first = false) {
        if (attempt > MAX_CATCH_UPS) throw new ConcurrentThreadingError(`thread store kept changing under this worker (${pending.length} articles left)`);
        await catchUp();
        if (!(await runPlans())) continue;
        let refusedAt = -1;
        for (let index = 0; index < pending.length; index++) {
          const article = pending[index]!;
          const decision = engine.decide(article);
          const outcome = engine.commit(decision.entry);
          const result = await store.applyAssignment({
            article: { id: article.id, outlet: article.outlet, published: article.published, lean: article.lean, country: article.country },
            threadId: outcome.threadId,
            ...(outcome.facetsDue ? { facets: outcome.facets } : {}),
            slugBase: outcome.slugBase,
            expectedSeq: seq,
            logEntry: JSON.stringify(decision.entry),
            ...(decision.entry.stray ? { stray: true } : {}),
          });
          if (result.status !== 'applied') {
            // The index now holds a commit the store refused: it must be rebuilt from the store.
            seq = -1;
            if (result.status === 'duplicate') alreadyThreaded.push(result.threadId);
            refusedAt = result.status === 'duplicate' ? index + 1 : index;
            break;
          }
          seq = result.seq;
          assigned += 1;
          if (decision.isNewThread) newThreads += 1;
          recordChange(changes, outcome.threadId, result.version, result.becamePublic);
          for (const id of outcome.evicted) toArchive.add(id);
          if (!(await runPlans())) {
            refusedAt = index + 1;
            break;
          }
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

// Bulk delete as a job persisted after every step: the popup may close and MV3 may kill the
// worker at any time, and a person must still learn exactly what was deleted.
import { browser } from 'wxt/browser';
import { errorKindOf } from '@/utils/apivideo/errors';
import type { Environment } from '@/utils/apivideo/types';
import { bulkDeleteItem, updateTokenCache, type BulkDeleteJob } from '@/utils/storage';
import type { ClientFactory } from './clients';
import { BackgroundError, toReplyError } from './errors';

/** Deletes in flight at once: api.video allows 200 writes a minute in production, 40 in sandbox. */
const CONCURRENCY = 3;
/** Tokens marked in flight with one storage write before they are sent. */
const BATCH_SIZE = 12;
/** Re-checks a running job after the worker was killed (alarms wake a dead worker; timers do not). */
export const BULK_DELETE_WATCHDOG = 'bulk-delete-watchdog';

export interface BulkDeleter {
  start(environment: Environment, tokens: string[]): Promise<BulkDeleteJob>;
  /** Continue a job left running by a worker that was killed. */
  resume(): Promise<void>;
  cancel(): Promise<BulkDeleteJob | undefined>;
  dismiss(): Promise<void>;
  /** Resolves when no job is running in this worker (for tests and shutdown). */
  idle(): Promise<void>;
  /** Stop at once without writing anything more, as a killed worker would. */
  dispose(): void;
}

export function createBulkDeleter(options: {
  clients: ClientFactory;
  now: () => number;
  onFinished: (environment: Environment) => Promise<void>;
}): BulkDeleter {
  const { clients, now } = options;
  let running: { job: BulkDeleteJob; cancelRequested: boolean; done: Promise<void> } | undefined;
  const lifetime = new AbortController();

  const save = async (job: BulkDeleteJob) => {
    if (lifetime.signal.aborted) return;
    job.updatedAt = now();
    await bulkDeleteItem.setValue(job);
  };

  async function run(job: BulkDeleteJob, cancelRequested: boolean): Promise<void> {
    const state = { job, cancelRequested, done: Promise.resolve() };
    running = state;
    const client = await clients.forEnvironment(job.environment);
    let lastSave = 0;
    const saveSoon = async () => {
      // Progress is written at most every 200 ms; batches are always written in full.
      if (now() - lastSave < 200) return;
      lastSave = now();
      await save(job);
    };

    // Tokens a killed worker had marked in flight go first: a 404 now most likely means its
    // request did delete them, so they count as deleted, not as already gone.
    let batch = [...job.inFlight];
    let recovered = true;
    for (;;) {
      if (!recovered) {
        if (state.cancelRequested || job.pending.length === 0) break;
        batch = job.pending.slice(0, BATCH_SIZE);
        job.pending = job.pending.slice(batch.length);
        job.inFlight = [...batch];
        await save(job);
      }
      const unsent: string[] = [];
      let cursor = 0;
      const worker = async () => {
        while (cursor < batch.length) {
          const token = batch[cursor++]!;
          if (lifetime.signal.aborted) return;
          if (state.cancelRequested && !recovered) {
            unsent.push(token);
            continue;
          }
          try {
            const result = await client.deleteUploadToken(token, { signal: lifetime.signal });
            if (lifetime.signal.aborted) return;
            (result === 'deleted' || recovered ? job.deleted : job.alreadyGone).push(token);
          } catch (error) {
            if (lifetime.signal.aborted) return;
            job.failed.push({ token, kind: errorKindOf(error), message: toReplyError(error).message });
          }
          job.inFlight = job.inFlight.filter((t) => t !== token);
          await saveSoon();
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      if (lifetime.signal.aborted) return;
      job.inFlight = [];
      // Never sent because of a cancel: back to pending, so the report counts them as not attempted.
      job.pending = [...unsent, ...job.pending];
      await save(job);
      recovered = false;
    }
    if (lifetime.signal.aborted) return;
    job.state = job.pending.length > 0 ? 'cancelled' : 'done';
    job.finishedAt = now();
    await save(job);
    await browser.alarms.clear(BULK_DELETE_WATCHDOG);
    const finished = new Set([...job.deleted, ...job.alreadyGone]);
    await updateTokenCache(job.environment, (tokens) => tokens.filter((t) => !finished.has(t.token)));
    await options.onFinished(job.environment);
  }

  function launch(job: BulkDeleteJob, cancelRequested = false) {
    const done = run(job, cancelRequested)
      .catch(async (error) => {
        // No client (key forgotten meanwhile): report every remaining token as failed.
        if (lifetime.signal.aborted) return;
        const { message } = toReplyError(error);
        const kind = error instanceof BackgroundError ? error.kind : errorKindOf(error);
        for (const token of [...job.inFlight, ...job.pending]) job.failed.push({ token, kind, message });
        job.inFlight = [];
        job.pending = [];
        job.state = 'done';
        job.finishedAt = now();
        await save(job);
      })
      .finally(() => {
        if (running?.job === job) running = undefined;
      });
    if (running?.job === job) running.done = done;
  }

  return {
    async start(environment, tokens) {
      const existing = await bulkDeleteItem.getValue();
      if (running || existing?.state === 'running' || existing?.state === 'cancelling') throw new BackgroundError('busy');
      const unique = [...new Set(tokens)];
      const job: BulkDeleteJob = {
        id: crypto.randomUUID(),
        environment,
        total: unique.length,
        pending: unique,
        inFlight: [],
        deleted: [],
        alreadyGone: [],
        failed: [],
        state: 'running',
        startedAt: now(),
        updatedAt: now(),
      };
      await save(job);
      await browser.alarms.create(BULK_DELETE_WATCHDOG, { periodInMinutes: 1 });
      launch(job);
      return job;
    },
    async resume() {
      if (running) return;
      const job = await bulkDeleteItem.getValue();
      if (!job || (job.state !== 'running' && job.state !== 'cancelling')) {
        await browser.alarms.clear(BULK_DELETE_WATCHDOG);
        return;
      }
      launch(job, job.state === 'cancelling');
    },
    async cancel() {
      if (running) {
        running.cancelRequested = true;
        running.job.state = 'cancelling';
        await save(running.job);
        return running.job;
      }
      const job = await bulkDeleteItem.getValue();
      if (job && job.state === 'running') {
        // Left by a killed worker: settle what it had in flight, then stop.
        job.state = 'cancelling';
        await save(job);
        launch(job, true);
      }
      return job ?? undefined;
    },
    async dismiss() {
      const job = await bulkDeleteItem.getValue();
      if (job && (job.state === 'running' || job.state === 'cancelling')) throw new BackgroundError('busy');
      await bulkDeleteItem.removeValue();
    },
    async idle() {
      while (running) await running.done;
    },
    dispose() {
      lifetime.abort();
    },
  };
}

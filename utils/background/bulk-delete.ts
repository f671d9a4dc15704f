// Bulk delete as a job persisted after every step: the popup may close and MV3 may kill the worker
// at any time, and a person must still learn exactly what was deleted. A job belongs to the key it
// was started with: when that key is replaced or forgotten, it stops at once and says so.
import { browser } from 'wxt/browser';
import { errorKindOf } from '@/utils/apivideo/errors';
import {
  bulkDeleteItem,
  isActive,
  keepMarksItem,
  readAccounts,
  type AccountId,
  type BulkDeleteJob,
} from '@/utils/storage';
import type { ClientFactory } from './clients';
import { BackgroundError, isOutcomeUnknown, toReplyError } from './errors';
import type { KeyRef, KeyRegistry } from './keys';
import type { DeleteOutcome } from './notes';

/** Deletes in flight at once: api.video allows 200 writes a minute in production, 40 in sandbox. */
const CONCURRENCY = 3;
/** Tokens marked in flight with one storage write before they are sent. */
const BATCH_SIZE = 12;
/**
 * Re-checks an account's running job after the worker was killed (alarms wake a dead worker;
 * timers do not): one alarm per account, named with the account's id after this prefix.
 */
export const BULK_DELETE_WATCHDOG_PREFIX = 'bulk-delete-watchdog:';

/** Failures after which the DELETE may have been carried out all the same. */
const OUTCOME_UNKNOWN_KINDS: ReadonlySet<string> = new Set(['network', 'timeout', 'server', 'bad-response']);

export interface BulkDeleter {
  /**
   * Starts a job for the saved key, for the person ('bulk') or the lifetime policy; refused with
   * 'busy' while another one runs.
   */
  start(ref: KeyRef, tokens: string[], via?: 'bulk' | 'policy'): Promise<BulkDeleteJob>;
  /** Runs the finished job again over the tokens that failed, adding to the same report. */
  retryFailed(ref: KeyRef): Promise<BulkDeleteJob>;
  /** Continue a job left running by a worker that was killed. */
  resume(): Promise<void>;
  /** Asks the running job to stop; a finished job is left as it is. */
  cancel(): Promise<void>;
  /** Removes the report of a finished (or unreadable) job. */
  dismiss(): Promise<void>;
  /** Resolves when no job is running in this worker (for tests and shutdown). */
  idle(): Promise<void>;
  /** Stop at once without writing anything more, as a killed worker would. */
  dispose(): void;
}

export interface BulkDeleteOptions {
  keys: KeyRegistry;
  clients: ClientFactory;
  now: () => number;
  /** After a job ends: the deleted tokens leave the cache and the badge is counted again. */
  onFinished: (ref: KeyRef, outcome: DeleteOutcome, via: 'bulk' | 'policy') => Promise<void>;
}

/** The bulk delete of one account: one job at a time in it, whatever the other accounts do. */
export function createBulkDeleter(account: AccountId, options: BulkDeleteOptions): BulkDeleter {
  const { keys, clients, now } = options;
  const item = bulkDeleteItem(account);
  const watchdog = `${BULK_DELETE_WATCHDOG_PREFIX}${account}`;
  /**
   * This worker's view of the job, loaded once: every decision to start, retry or cancel is taken
   * on it synchronously, so two requests arriving together cannot both start a job.
   */
  let job: BulkDeleteJob | undefined;
  let running: { job: BulkDeleteJob; cancelRequested: boolean; done: Promise<void> } | undefined;
  const lifetime = new AbortController();
  let loaded: Promise<void> | undefined;
  const load = () =>
    (loaded ??= item.getValue().then(
      (stored) => {
        job ??= stored ?? undefined;
      },
      () => {
        loaded = undefined;
      },
    ));

  const save = async (target: BulkDeleteJob) => {
    if (lifetime.signal.aborted) return;
    target.updatedAt = now();
    await item.setValue(target);
  };

  /** Runs `target` until it is done, cancelled, or its key goes away. */
  async function run(target: BulkDeleteJob, ref: KeyRef, state: { cancelRequested: boolean }): Promise<void> {
    const signal = AbortSignal.any([keys.signal(ref), lifetime.signal]);
    const client = clients.forRef(ref);
    let lastSave = 0;
    const saveSoon = async () => {
      // Progress is written at most every 200 ms; batches are always written in full.
      if (now() - lastSave < 200) return;
      lastSave = now();
      await save(target);
    };

    // Tokens a killed worker had marked in flight go first: a 404 now most likely means its
    // request did delete them, so they count as deleted, not as already gone.
    let batch = [...target.inFlight];
    let recovered = true;
    for (;;) {
      if (!recovered) {
        if (state.cancelRequested || target.pending.length === 0 || signal.aborted) break;
        batch = target.pending.slice(0, BATCH_SIZE);
        target.pending = target.pending.slice(batch.length);
        // The policy never deletes a token marked "Keep", even one marked while it runs.
        if (target.via === 'policy') {
          const marks = await keepMarksItem(account).getValue();
          const kept = new Set(marks?.keyId === ref.keyId ? marks.tokens : []);
          target.skipped = [...(target.skipped ?? []), ...batch.filter((token) => kept.has(token))];
          batch = batch.filter((token) => !kept.has(token));
        }
        target.inFlight = [...batch];
        await save(target);
      }
      const unsent: string[] = [];
      let cursor = 0;
      const worker = async () => {
        while (cursor < batch.length) {
          const token = batch[cursor++]!;
          if (signal.aborted || (state.cancelRequested && !recovered)) {
            unsent.push(token);
            continue;
          }
          try {
            const result = await client.deleteUploadToken(token, { signal });
            (result === 'deleted' || recovered ? target.deleted : target.alreadyGone).push(token);
          } catch (error) {
            // Aborted by a key change: sent, but no answer. It stays in flight and is reported
            // as unconfirmed below.
            if (signal.aborted) continue;
            target.failed.push({
              token,
              kind: errorKindOf(error),
              message: toReplyError(error).message,
              // An earlier attempt may have landed even when the last one was refused (a 429).
              ...(isOutcomeUnknown(error) ? { outcomeUnknown: true as const } : {}),
            });
          }
          target.inFlight = target.inFlight.filter((t) => t !== token);
          if (!signal.aborted) await saveSoon();
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      if (lifetime.signal.aborted) return;
      // Never sent (a cancel or a key change): back to pending, so the report counts them as not attempted.
      target.inFlight = target.inFlight.filter((token) => !unsent.includes(token));
      target.pending = [...unsent, ...target.pending];
      if (signal.aborted) break;
      target.inFlight = [];
      await save(target);
      recovered = false;
    }
    if (lifetime.signal.aborted) return;
    if (signal.aborted) finish(target, (await keys.current(ref.account)) ? 'key-changed' : 'key-forgotten');
    else finish(target);
  }

  /** Marks the job finished in memory: from here on it is not running, whatever else follows. */
  function finish(target: BulkDeleteJob, stopReason?: 'key-changed' | 'key-forgotten') {
    if (stopReason) {
      target.state = 'stopped';
      target.stopReason = stopReason;
      target.unconfirmed = [...target.unconfirmed, ...target.inFlight];
      target.inFlight = [];
    } else {
      target.state = target.pending.length > 0 ? 'cancelled' : 'done';
    }
    target.finishedAt = now();
  }

  function launch(target: BulkDeleteJob, ref: KeyRef, cancelRequested = false) {
    const state = { job: target, cancelRequested, done: Promise.resolve() };
    running = state;
    state.done = run(target, ref, state)
      .catch((error: unknown) => {
        // Anything unforeseen: report every remaining token as failed rather than leave a job
        // that claims to run.
        if (lifetime.signal.aborted) return;
        const { message } = toReplyError(error);
        const kind = error instanceof BackgroundError ? error.kind : errorKindOf(error);
        for (const token of [...target.inFlight, ...target.pending]) target.failed.push({ token, kind, message });
        target.inFlight = [];
        target.pending = [];
        target.state = 'done';
        target.finishedAt = now();
      })
      .then(async () => {
        if (lifetime.signal.aborted) return;
        // A job started at once after this one ended owns the stored report and the watchdog now.
        if (job === target) {
          await save(target);
          await browser.alarms.clear(watchdog);
        }
        await options.onFinished(
          ref,
          { deleted: new Set(target.deleted), alreadyGone: new Set(target.alreadyGone) },
          target.via ?? 'bulk',
        );
      })
      .catch(() => undefined)
      .finally(() => {
        // Only now: `idle()` waits until what follows a job (cache, history, count) is done too.
        if (running === state) running = undefined;
      });
  }

  function newJob(ref: KeyRef, tokens: string[], via: 'bulk' | 'policy'): BulkDeleteJob {
    const unique = [...new Set(tokens)];
    return {
      id: crypto.randomUUID(),
      via,
      account: ref.account,
      keyId: ref.keyId,
      total: unique.length,
      pending: unique,
      inFlight: [],
      deleted: [],
      alreadyGone: [],
      failed: [],
      unconfirmed: [],
      state: 'running',
      retries: 0,
      startedAt: now(),
      updatedAt: now(),
    };
  }

  /** Claims the job slot and starts `next` (synchronously up to the first write). */
  async function begin(ref: KeyRef, next: BulkDeleteJob): Promise<BulkDeleteJob> {
    job = next;
    launch(next, ref);
    await Promise.all([save(next), browser.alarms.create(watchdog, { periodInMinutes: 1 })]);
    return next;
  }

  const deleter: BulkDeleter = {
    async start(ref, tokens, via = 'bulk') {
      await load();
      // From here to the claim in `begin`, nothing awaits: a second start sees the first one. The
      // job's state, not `running`, decides: a job is over the moment its report says so.
      if (isActive(job)) throw new BackgroundError('busy');
      return begin(ref, newJob(ref, tokens, via));
    },
    async retryFailed(ref) {
      await load();
      if (isActive(job)) throw new BackgroundError('busy');
      if (!job || job.keyId !== ref.keyId || job.failed.length === 0) throw new BackgroundError('invalid-request');
      // A token whose request may have landed (no answer, a server error, an unreadable answer) is
      // retried as "in flight": a 404 then means that request deleted it.
      const uncertain = (failure: BulkDeleteJob['failed'][number]) =>
        failure.outcomeUnknown === true || OUTCOME_UNKNOWN_KINDS.has(failure.kind);
      const again: BulkDeleteJob = {
        ...job,
        inFlight: job.failed.filter(uncertain).map((failure) => failure.token),
        pending: job.failed.filter((failure) => !uncertain(failure)).map((failure) => failure.token),
        failed: [],
        state: 'running',
        retries: job.retries + 1,
      };
      delete again.finishedAt;
      return begin(ref, again);
    },
    async resume() {
      await load();
      if (running && isActive(running.job)) return;
      if (!job || !isActive(job)) {
        await browser.alarms.clear(watchdog);
        return;
      }
      const target = job;
      const ref = await keys.current(account);
      if ((running && isActive(running.job)) || job !== target) return;
      if (!ref || ref.keyId !== target.keyId) {
        // Its key was replaced or forgotten while no worker ran it: report, never touch the new account.
        finish(target, ref ? 'key-changed' : 'key-forgotten');
        await save(target);
        await browser.alarms.clear(watchdog);
        return;
      }
      launch(target, ref, target.state === 'cancelling');
    },
    async cancel() {
      await load();
      if (running && isActive(running.job)) {
        running.cancelRequested = true;
        running.job.state = 'cancelling';
        await save(running.job);
        return;
      }
      // Left running by a killed worker: settle what it had in flight, then stop.
      if (job?.state === 'running') {
        job.state = 'cancelling';
        await save(job);
        await deleter.resume();
      }
      // A finished job is finished: a late cancel changes nothing.
    },
    async dismiss() {
      await load();
      if (isActive(job)) throw new BackgroundError('busy');
      job = undefined;
      await item.removeValue();
    },
    async idle() {
      while (running) await running.done;
    },
    dispose() {
      lifetime.abort();
    },
  };
  return deleter;
}

/** Every account's bulk delete. */
export interface BulkDeleters {
  of(account: AccountId): BulkDeleter;
  /** Continues the jobs a killed worker left running, in every account. */
  resumeAll(): Promise<void>;
  /** Stops an account's job without writing more (the account is being removed) and forgets it. */
  drop(account: AccountId): void;
  /** Resolves when no job runs in this worker. */
  idle(): Promise<void>;
  dispose(): void;
}

export function createBulkDeleters(options: BulkDeleteOptions): BulkDeleters {
  const deleters = new Map<AccountId, BulkDeleter>();
  const of = (account: AccountId) => {
    let deleter = deleters.get(account);
    if (!deleter) {
      deleter = createBulkDeleter(account, options);
      deleters.set(account, deleter);
    }
    return deleter;
  };
  return {
    of,
    async resumeAll() {
      await Promise.all((await readAccounts()).map((account) => of(account.id).resume()));
    },
    drop(account) {
      deleters.get(account)?.dispose();
      deleters.delete(account);
    },
    async idle() {
      await Promise.all([...deleters.values()].map((deleter) => deleter.idle()));
    },
    dispose() {
      for (const deleter of deleters.values()) deleter.dispose();
    },
  };
}

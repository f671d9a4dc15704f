// Paces requests by api.video's rate-limit headers so a burst (listing every page with
// several requests in flight) slows down *before* the server answers 429.
//
// api.video counts reads (GET) and writes (POST/DELETE) in separate per-minute windows and
// reports on every non-auth response: X-RateLimit-Limit, X-RateLimit-Remaining and
// X-RateLimit-Retry-After (seconds until the window resets). The gate keeps, per budget, the
// lowest `remaining` seen in the current window and lets a request start only while
// `remaining - inFlight` leaves a spare request; when the budget is spent it waits for the
// window to reset. One gate lives in each client instance (no module state: the service
// worker can be killed at any time, and a new client learns the budget from its first answer).
import { ApiVideoError, throwIfAborted } from './errors';

export type RateLimitBudget = 'read' | 'write';

export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  retryAfterSeconds?: number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RateLimitGate {
  /** Resolves when a request may start; rejects 'aborted', or 'rate-limited' if the wait is too long. */
  acquire(budget: RateLimitBudget, signal?: AbortSignal): Promise<void>;
  /** Call once per acquire, with the response's headers when there was a response. */
  release(budget: RateLimitBudget, info: RateLimitInfo | undefined): void;
  /** The caller itself waited out a 429: assume a fresh window and probe it. */
  windowWaited(budget: RateLimitBudget): void;
}

/**
 * Reads keep one request spare for whatever else the person does meanwhile (open a token).
 * Writes keep none: a spare write would cost a bulk delete of 1,000 tokens at 200 writes a
 * minute a whole extra window (measured by `npm run bench`), and a write refused meanwhile is
 * either retried (DELETE) or reported with its wait (POST).
 */
const SPARE_REQUESTS: Record<RateLimitBudget, number> = { read: 1, write: 0 };
/** Window resets are reported in whole seconds; wait a little past them. */
const RESET_MARGIN_MS = 250;
/** Answers whose reset time differs by less than this belong to the same window. */
const SAME_WINDOW_SLACK_MS = 1500;

function headerInt(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? Math.ceil(value) : undefined;
}

export function readRateLimit(headers: Headers): RateLimitInfo | undefined {
  const info: RateLimitInfo = {};
  const limit = headerInt(headers, 'x-ratelimit-limit');
  const remaining = headerInt(headers, 'x-ratelimit-remaining');
  // Standard Retry-After (seconds form) as a fallback for proxies that add their own.
  const retryAfterSeconds = headerInt(headers, 'x-ratelimit-retry-after') ?? headerInt(headers, 'retry-after');
  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;
  if (retryAfterSeconds !== undefined) info.retryAfterSeconds = retryAfterSeconds;
  return Object.keys(info).length > 0 ? info : undefined;
}

interface BudgetState {
  /** Lowest remaining seen in the current window; undefined = unknown. */
  remaining?: number;
  /** When the current window resets (client clock). */
  resetAt?: number;
  inFlight: number;
  /** After a reset we know nothing: send one request at a time until an answer says more. */
  probing: boolean;
  wakeUps: Set<() => void>;
}

export function createRateLimitGate(options: { now: () => number; sleep: Sleep; maxWaitMs: number }): RateLimitGate {
  const { now, sleep, maxWaitMs } = options;
  const budgets: Record<RateLimitBudget, BudgetState> = {
    read: { inFlight: 0, probing: false, wakeUps: new Set() },
    write: { inFlight: 0, probing: false, wakeUps: new Set() },
  };

  function resetWindow(state: BudgetState): void {
    delete state.remaining;
    delete state.resetAt;
    state.probing = true;
  }

  function mayStart(state: BudgetState, budget: RateLimitBudget): boolean {
    if (state.remaining === undefined) return !state.probing || state.inFlight === 0;
    return state.remaining - state.inFlight > SPARE_REQUESTS[budget];
  }

  function nextRelease(state: BudgetState, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        state.wakeUps.delete(wake);
        reject(new ApiVideoError('aborted'));
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      state.wakeUps.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    async acquire(budget, signal) {
      const state = budgets[budget];
      for (;;) {
        throwIfAborted(signal);
        const time = now();
        if (state.resetAt !== undefined && time >= state.resetAt) resetWindow(state);
        if (mayStart(state, budget)) {
          state.inFlight++;
          return;
        }
        if (state.inFlight > 0) {
          // Their answers will update the budget; look again then.
          await nextRelease(state, signal);
          continue;
        }
        if (state.resetAt === undefined) {
          // Budget spent but no reset time given: probe with a single request.
          resetWindow(state);
          continue;
        }
        const waitMs = state.resetAt - time + RESET_MARGIN_MS;
        if (waitMs > maxWaitMs) {
          throw new ApiVideoError('rate-limited', { retryAfterSeconds: Math.ceil(waitMs / 1000) });
        }
        await sleep(waitMs, signal);
        throwIfAborted(signal);
        // Trust the wait, not the clock: an injected clock or sleep may not move together.
        resetWindow(state);
      }
    },

    release(budget, info) {
      const state = budgets[budget];
      state.inFlight = Math.max(0, state.inFlight - 1);
      if (info?.remaining !== undefined) {
        const time = now();
        const resetAt = info.retryAfterSeconds === undefined ? undefined : time + info.retryAfterSeconds * 1000;
        const known = state.remaining !== undefined && state.resetAt !== undefined && time < state.resetAt;
        if (!known || (resetAt !== undefined && resetAt > state.resetAt! + SAME_WINDOW_SLACK_MS)) {
          // First answer, or one from a newer window.
          state.remaining = info.remaining;
          if (resetAt === undefined) delete state.resetAt;
          else state.resetAt = resetAt;
        } else if (resetAt === undefined || resetAt > state.resetAt! - SAME_WINDOW_SLACK_MS) {
          // Same window: answers arrive out of order, the lowest count is the latest.
          state.remaining = Math.min(state.remaining!, info.remaining);
          // Retry-After is rounded up to whole seconds, so each answer bounds the reset from
          // above; the earliest bound is the closest. Waiting on the first answer's bound alone
          // loses up to a second per window (measured by `npm run bench`, bulk delete).
          if (resetAt !== undefined) state.resetAt = Math.min(state.resetAt!, resetAt);
        } // else: a late answer from the previous window; ignore it.
        state.probing = false;
      }
      const wakeUps = [...state.wakeUps];
      state.wakeUps.clear();
      for (const wake of wakeUps) wake();
    },

    windowWaited(budget) {
      resetWindow(budgets[budget]);
    },
  };
}

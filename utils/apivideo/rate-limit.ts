// Paces requests by api.video's rate-limit headers so a burst (listing every page with
// several requests in flight) slows down *before* the server answers 429, and so the extension
// takes only its share of each window: api.video's limits are per account, and the person's own
// backend (creating upload tokens and videos) draws on the same budget.
//
// api.video counts reads (GET) and writes (POST/DELETE) in separate per-minute windows and
// reports on every non-auth response: X-RateLimit-Limit, X-RateLimit-Remaining and
// X-RateLimit-Retry-After (seconds until the window resets). The gate keeps, per budget, the
// lowest `remaining` seen in the current window and how many requests it started itself in that
// window; when the budget or its share is spent it waits for the window to reset. One gate lives
// in each client instance (no module state: the service worker can be killed at any time, and a
// new client learns the budget from its first answer).
//
// The share rule. With a share s of a window of `limit` requests, a request may start only when
//   1. the extension's own requests in this window, those in flight included, stay below
//      max(1, floor(s × limit)): whatever the backend does, the extension spends at most its share;
//   2. `remaining - inFlight` leaves the spare request (below): the account's budget is never
//      overdrawn, so a backend that needs more than its part gets it, and the extension less.
// Rule 1 is what leaves the backend its (1 − s) × limit even when the backend is using it: a rule
// on `remaining` alone ("stop when s × limit are left") would count the backend's traffic against
// the extension and starve it, while one that ignored the account would let the extension eat the
// part the backend is about to use. Rule 2 is what lets a quiet window be no slower than before.
// The own count is conservative wherever the server could count otherwise: requests in flight at
// a reset count in the new window, and a window the gate did not see open (a restarted worker)
// counts everything already spent in it as the extension's.
import { ApiVideoError, throwIfAborted } from './errors';

export type RateLimitBudget = 'read' | 'write';

export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  retryAfterSeconds?: number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The share of each window the extension may spend, from 0 (exclusive) to 1; read before every request. */
export type RateLimitShare = () => number | Promise<number>;

export interface RateLimitGate {
  /** Resolves when a request may start; rejects 'aborted', or 'rate-limited' if the wait is too long. */
  acquire(budget: RateLimitBudget, signal?: AbortSignal): Promise<void>;
  /** Call once per acquire, with the response's headers when there was a response. */
  release(budget: RateLimitBudget, info: RateLimitInfo | undefined): void;
  /** The caller itself waited out a 429: assume a fresh window and probe it. */
  windowWaited(budget: RateLimitBudget): void;
}

/**
 * Of the account's budget (rule 2). Reads keep one request spare for whatever else the person
 * does meanwhile (open a token). Writes keep none: at a share of 100 % a spare write would cost a
 * bulk delete of 1,000 tokens at 200 writes a minute a whole extra window (measured by `npm run
 * bench`), and a write refused meanwhile is either retried (DELETE) or reported with its wait (POST).
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
  /** The window's size, from X-RateLimit-Limit; undefined = unknown (no share can be taken of it). */
  limit?: number;
  /** Requests this gate started in the current window, those in flight included. */
  own: number;
  /** The gate saw the current window open (false for a new gate until its first reset). */
  sawWindowOpen: boolean;
  /** When the current window resets (client clock). */
  resetAt?: number;
  inFlight: number;
  /** After a reset we know nothing: send one request at a time until an answer says more. */
  probing: boolean;
  wakeUps: Set<() => void>;
}

/** Rule 1: how many requests of a window of `limit` the extension may start itself. */
export function ownCap(limit: number, share: number): number {
  const bounded = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 1;
  return Math.max(1, Math.floor(bounded * limit));
}

export function createRateLimitGate(options: {
  now: () => number;
  sleep: Sleep;
  maxWaitMs: number;
  /** Default: the whole window. */
  share?: RateLimitShare;
}): RateLimitGate {
  const { now, sleep, maxWaitMs } = options;
  const share = options.share ?? (() => 1);
  const newState = (): BudgetState => ({
    inFlight: 0,
    own: 0,
    sawWindowOpen: false,
    probing: false,
    wakeUps: new Set(),
  });
  const budgets: Record<RateLimitBudget, BudgetState> = { read: newState(), write: newState() };

  function resetWindow(state: BudgetState): void {
    delete state.remaining;
    delete state.resetAt;
    state.probing = true;
    // Those in flight may be counted in the new window (rule 1 stays conservative).
    state.own = state.inFlight;
    state.sawWindowOpen = true;
  }

  function mayStart(state: BudgetState, budget: RateLimitBudget, fraction: number): boolean {
    if (state.remaining === undefined) return !state.probing || state.inFlight === 0;
    if (state.limit !== undefined && state.own >= ownCap(state.limit, fraction)) return false;
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
        // Read first (it may wait on storage), then decide and count without yielding, so that
        // concurrent callers cannot all pass the same check.
        const fraction = await share();
        throwIfAborted(signal);
        const time = now();
        if (state.resetAt !== undefined && time >= state.resetAt) resetWindow(state);
        if (mayStart(state, budget, fraction)) {
          state.inFlight++;
          state.own++;
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
        // The limit applies to the wait the server announced, not to the margin added to it:
        // with a 60 s limit, a full 60 s window of api.video's is waited out, not refused.
        if (waitMs - RESET_MARGIN_MS > maxWaitMs) {
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
        if (state.resetAt !== undefined && time >= state.resetAt) {
          // The window turned while nothing waited for it: this answer may be the new window's.
          resetWindow(state);
          state.own++;
        }
        const resetAt = info.retryAfterSeconds === undefined ? undefined : time + info.retryAfterSeconds * 1000;
        const known = state.remaining !== undefined && state.resetAt !== undefined;
        if (info.limit !== undefined) state.limit = info.limit;
        if (!known || (resetAt !== undefined && resetAt > state.resetAt! + SAME_WINDOW_SLACK_MS)) {
          // First answer, or one from a newer window.
          if (known) {
            // The window turned while requests were out: this one and those in flight may be the
            // new window's.
            state.own = state.inFlight + 1;
          } else if (!state.sawWindowOpen && info.limit !== undefined) {
            // A window this gate did not see open: what was spent in it may have been ours.
            state.own = Math.max(state.own, info.limit - info.remaining);
          }
          state.sawWindowOpen = true;
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

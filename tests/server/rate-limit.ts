// api.video's per-account limits: a fixed window that opens at the first counted request,
// reads and writes counted separately. Wall-clock time on purpose (not the injectable
// `now`): a test that freezes token time must still see windows reset.
import type { Limits } from './types';

export type RateCategory = 'reads' | 'writes';

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Which window of its category (1, 2, …) counted the request; absent when refused or unlimited. */
  window?: number;
}

interface Window {
  startedAt: number;
  count: number;
  /** 1 for the category's first window, then one more for each window opened. */
  index: number;
}

export class RateLimiter {
  private windows: Record<RateCategory, Window | undefined> = { reads: undefined, writes: undefined };
  private opened: Record<RateCategory, number> = { reads: 0, writes: 0 };

  constructor(
    private limits: Limits | false,
    private readonly clock: () => number = Date.now,
  ) {}

  setLimits(limits: Limits | false): void {
    this.limits = limits;
    this.windows = { reads: undefined, writes: undefined };
  }

  /** Counts one request; over the limit it is refused (and not counted). */
  take(category: RateCategory): RateDecision {
    if (!this.limits) return { allowed: true, headers: {} };
    const window = this.currentWindow(category, true);
    const allowed = window.count < this.limits[category];
    if (allowed) window.count++;
    return { allowed, headers: this.headersFor(category, window), ...(allowed ? { window: window.index } : {}) };
  }

  /** Headers describing the window without counting (for answers such as 401). */
  peek(category: RateCategory): Record<string, string> {
    if (!this.limits) return {};
    return this.headersFor(category, this.currentWindow(category, false));
  }

  private currentWindow(category: RateCategory, open: boolean): Window {
    const now = this.clock();
    const limits = this.limits as Limits;
    let window = this.windows[category];
    if (window && now - window.startedAt >= limits.windowMs) window = undefined;
    if (!window) {
      window = { startedAt: now, count: 0, index: this.opened[category] + 1 };
      if (open) {
        this.windows[category] = window;
        this.opened[category] = window.index;
      } else this.windows[category] = undefined;
    }
    return window;
  }

  private headersFor(category: RateCategory, window: Window): Record<string, string> {
    const limits = this.limits as Limits;
    const resetInMs = Math.max(0, window.startedAt + limits.windowMs - this.clock());
    return {
      'X-RateLimit-Limit': String(limits[category]),
      'X-RateLimit-Remaining': String(Math.max(0, limits[category] - window.count)),
      'X-RateLimit-Retry-After': String(Math.ceil(resetInMs / 1000)),
    };
  }
}

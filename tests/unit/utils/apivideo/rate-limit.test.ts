import { describe, expect, it } from 'vitest';
import {
  createRateLimitGate,
  readRateLimit,
  type RateLimitBudget,
  type RateLimitGate,
} from '@/utils/apivideo/rate-limit';

function setup(maxWaitMs = 60_000, share?: () => number | Promise<number>) {
  let clock = 1_000_000;
  const waits: number[] = [];
  const gate = createRateLimitGate({
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    maxWaitMs,
    ...(share ? { share } : {}),
  });
  return { gate, waits, advance: (ms: number) => (clock += ms) };
}

/**
 * Starts requests one after the other while the gate lets them start without waiting for an
 * answer or for the window to reset (the fake sleep returns at once but records the wait).
 */
async function startsAtOnce(gate: RateLimitGate, budget: RateLimitBudget, waits: number[]): Promise<number> {
  const waited = waits.length;
  for (let started = 0; started < 1000; started++)
    if (!(await settled(gate.acquire(budget))) || waits.length > waited) return started;
  return 1000;
}

/** Whether the promise settles within a few turns of the event loop. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
}

describe('readRateLimit', () => {
  it.each([
    [
      { 'X-RateLimit-Limit': '500', 'X-RateLimit-Remaining': '7', 'X-RateLimit-Retry-After': '12' },
      { limit: 500, remaining: 7, retryAfterSeconds: 12 },
    ],
    [{ 'Retry-After': '5' }, { retryAfterSeconds: 5 }],
    [{ 'X-RateLimit-Remaining': 'lots' }, undefined],
    // An empty header is no figure (Number('') would read it as 0), nor is a negative one.
    [{ 'X-RateLimit-Remaining': '', 'X-RateLimit-Limit': ' ' }, undefined],
    [{ 'X-RateLimit-Remaining': '-1', 'X-RateLimit-Limit': '500' }, { limit: 500 }],
    [{ 'X-RateLimit-Retry-After': '2.5' }, { retryAfterSeconds: 3 }],
    [{}, undefined],
  ])('reads %j', (headers, expected) => {
    expect(readRateLimit(new Headers(headers))).toEqual(expected);
  });
});

describe('rate-limit gate', () => {
  it('lets everything through while the server says nothing about limits', async () => {
    const { gate } = setup();
    await Promise.all(Array.from({ length: 20 }, () => gate.acquire('read')));
  });

  it('keeps remaining minus requests in flight above one spare request', async () => {
    const { gate } = setup();
    await gate.acquire('read');
    gate.release('read', { remaining: 3, retryAfterSeconds: 30 });
    await gate.acquire('read'); // 3 left, 0 in flight
    await gate.acquire('read'); // 3 left, 1 in flight
    const third = gate.acquire('read'); // 3 left, 2 in flight: only the spare remains
    expect(await settled(third)).toBe(false);
    gate.release('read', { remaining: 2, retryAfterSeconds: 30 });
    expect(await settled(third)).toBe(false); // 2 left, 1 in flight
    gate.release('read', { remaining: 10, retryAfterSeconds: 60 }); // a new window opened
    expect(await settled(third)).toBe(true);
  });

  it('spends the whole write budget (no spare write), then waits', async () => {
    const { gate } = setup();
    await gate.acquire('write');
    gate.release('write', { remaining: 2, retryAfterSeconds: 30 });
    await gate.acquire('write'); // 2 left, 0 in flight
    await gate.acquire('write'); // 2 left, 1 in flight: the last write may go too
    const third = gate.acquire('write');
    expect(await settled(third)).toBe(false);
  });

  it('takes the earliest reset that answers in the same window report (Retry-After is rounded up)', async () => {
    const { gate, waits, advance } = setup();
    await gate.acquire('write');
    gate.release('write', { remaining: 5, retryAfterSeconds: 12 }); // resets within 12 s from now
    advance(700);
    await gate.acquire('write');
    gate.release('write', { remaining: 0, retryAfterSeconds: 11 }); // within 11 s of +0.7 s: 11.7 s
    await gate.acquire('write');
    // 11 s + the margin, not 12 s - 0.7 s + the margin from the first answer alone.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeLessThan(11_300 + 1);
    expect(waits[0]).toBeGreaterThanOrEqual(11_000);
  });

  it('waits for the window to reset when the budget is spent, then probes one request at a time', async () => {
    const { gate, waits } = setup();
    await gate.acquire('read');
    gate.release('read', { remaining: 1, retryAfterSeconds: 7 });
    await gate.acquire('read');
    expect(waits).toEqual([7250]);
    const second = gate.acquire('read');
    expect(await settled(second)).toBe(false); // unknown budget after a reset: one at a time
    gate.release('read', { remaining: 499, retryAfterSeconds: 60 });
    expect(await settled(second)).toBe(true);
  });

  it('counts reads and writes separately', async () => {
    const { gate, waits } = setup();
    await gate.acquire('read');
    gate.release('read', { remaining: 0, retryAfterSeconds: 30 });
    await gate.acquire('write');
    expect(waits).toEqual([]);
  });

  it('keeps the lowest count of the same window when answers arrive out of order', async () => {
    const { gate, waits } = setup();
    await gate.acquire('read');
    await gate.acquire('read');
    gate.release('read', { remaining: 1, retryAfterSeconds: 20 });
    gate.release('read', { remaining: 5, retryAfterSeconds: 20 });
    await gate.acquire('read');
    expect(waits).toEqual([20_250]);
  });

  it('fails with rate-limited rather than wait longer than allowed', async () => {
    const { gate, waits } = setup(10_000);
    await gate.acquire('read');
    gate.release('read', { remaining: 0, retryAfterSeconds: 45 });
    await expect(gate.acquire('read')).rejects.toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 46 });
    expect(waits).toEqual([]);
  });

  it("waits out a whole window of api.video's when that is the longest wait allowed, margin included", async () => {
    const { gate, waits } = setup(60_000);
    await gate.acquire('read');
    gate.release('read', { remaining: 0, retryAfterSeconds: 60 });
    await gate.acquire('read');
    expect(waits).toEqual([60_250]);
  });

  it('stops waiting when aborted', async () => {
    const { gate } = setup();
    await gate.acquire('read');
    gate.release('read', { remaining: 2, retryAfterSeconds: 30 });
    await gate.acquire('read');
    const controller = new AbortController();
    const waiting = gate.acquire('read', controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('stops waiting for the answers in flight when aborted, and serves the next caller', async () => {
    const { gate, waits } = setup();
    await gate.acquire('read');
    await gate.acquire('read');
    gate.release('read', { remaining: 2, retryAfterSeconds: 30 }); // 2 left, 1 in flight: wait for it
    const controller = new AbortController();
    const waiting = gate.acquire('read', controller.signal);
    expect(await settled(waiting)).toBe(false);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'aborted' });
    gate.release('read', { remaining: 2, retryAfterSeconds: 30 });
    await gate.acquire('read');
    expect(waits).toEqual([]);
  });

  it('probes with one request, without waiting, when the budget is spent and no reset time was given', async () => {
    const { gate, waits } = setup();
    await gate.acquire('write');
    gate.release('write', { remaining: 0 });
    await gate.acquire('write');
    expect(waits).toEqual([]);
    expect(await settled(gate.acquire('write'))).toBe(false); // one at a time until an answer says more
  });

  it('forgets a window at its reset time exactly', async () => {
    const { gate, waits, advance } = setup();
    await gate.acquire('read');
    gate.release('read', { remaining: 0, retryAfterSeconds: 5 });
    advance(5000);
    await gate.acquire('read');
    expect(waits).toEqual([]);
  });

  it('keeps the reset time and lowers the count on an answer of the same window without Retry-After', async () => {
    const { gate, waits } = setup();
    await gate.acquire('write');
    gate.release('write', { remaining: 5, retryAfterSeconds: 30 });
    await gate.acquire('write');
    gate.release('write', { remaining: 2 }); // a proxy dropped the reset header
    expect(await startsAtOnce(gate, 'write', waits)).toBe(2); // the third is held for their answers
    gate.release('write', { remaining: 1 });
    gate.release('write', { remaining: 0 });
    // The held one waits out the window the first answer announced.
    expect(await settled(new Promise(() => undefined))).toBe(false);
    expect(waits).toEqual([30_250]);
  });

  it('forgets a window once its reset time has passed', async () => {
    const { gate, waits, advance } = setup();
    await gate.acquire('read');
    gate.release('read', { remaining: 0, retryAfterSeconds: 5 });
    advance(6000);
    await gate.acquire('read');
    expect(waits).toEqual([]);
  });
});

describe('rate-limit gate: a share of each window', () => {
  it('spends at most the share of the limit in a window, then waits for the next one', async () => {
    const { gate, waits } = setup(60_000, () => 0.5);
    await gate.acquire('write');
    gate.release('write', { limit: 10, remaining: 9, retryAfterSeconds: 30 });
    // 5 of 10 for the extension: the first one and four more, whatever is left on the account.
    expect(await startsAtOnce(gate, 'write', waits)).toBe(4);
    // The sixth, held above, waits for the answers, then for the next window, though 5 are left.
    for (const remaining of [8, 7, 6, 5]) gate.release('write', { limit: 10, remaining, retryAfterSeconds: 30 });
    expect(await settled(new Promise(() => undefined))).toBe(false);
    expect(waits).toEqual([30_250]);
  });

  it('counts its own requests in the window, not the account’s: the backend’s traffic does not shrink the share', async () => {
    const { gate, waits } = setup(60_000, () => 0.5);
    await gate.acquire('write');
    gate.release('write', { limit: 10, remaining: 9, retryAfterSeconds: 30 });
    await gate.acquire('write');
    gate.release('write', { limit: 10, remaining: 5, retryAfterSeconds: 30 }); // the backend took 3
    // Ours so far: 2 of 5; 3 more, which leave the backend the 2 it has not used of its 5.
    expect(await startsAtOnce(gate, 'write', waits)).toBe(3);
  });

  it('never takes what the account no longer has: a busy backend leaves it less than its share', async () => {
    const { gate, waits } = setup(60_000, () => 0.5);
    await gate.acquire('write');
    gate.release('write', { limit: 10, remaining: 8, retryAfterSeconds: 30 });
    await gate.acquire('write');
    gate.release('write', { limit: 10, remaining: 1, retryAfterSeconds: 30 }); // the backend took 6
    expect(await startsAtOnce(gate, 'write', waits)).toBe(1);
  });

  it('spends its share again in the next window', async () => {
    const { gate, waits } = setup(60_000, () => 0.5);
    await gate.acquire('write');
    gate.release('write', { limit: 4, remaining: 3, retryAfterSeconds: 20 });
    await gate.acquire('write'); // our 2 of 4
    gate.release('write', { limit: 4, remaining: 2, retryAfterSeconds: 20 });
    await gate.acquire('write'); // the window is waited out
    expect(waits).toEqual([20_250]);
    gate.release('write', { limit: 4, remaining: 3, retryAfterSeconds: 60 });
    expect(await startsAtOnce(gate, 'write', waits)).toBe(1);
  });

  it('counts requests in flight at a reset as the new window’s (the server may count them there)', async () => {
    const { gate, waits, advance } = setup(60_000, () => 0.5);
    await gate.acquire('write');
    gate.release('write', { limit: 4, remaining: 3, retryAfterSeconds: 5 });
    await gate.acquire('write'); // in flight across the reset
    advance(6_000);
    const probe = gate.acquire('write'); // the new window, probed once the one in flight answers
    expect(await settled(probe)).toBe(false);
    gate.release('write', { limit: 4, remaining: 3, retryAfterSeconds: 60 }); // counted in the new window
    expect(await settled(probe)).toBe(true); // ours in this window: 2 of 2
    expect(await startsAtOnce(gate, 'write', waits)).toBe(0);
  });

  it('counts afresh when an answer comes from a newer window: the answering request and those in flight are its', async () => {
    const { gate, waits } = setup(60_000, () => 0.5);
    await gate.acquire('write');
    gate.release('write', { limit: 10, remaining: 9, retryAfterSeconds: 30 });
    expect(await startsAtOnce(gate, 'write', waits)).toBe(4); // ours: 5 of 5, four in flight
    for (const remaining of [8, 7, 6]) gate.release('write', { limit: 10, remaining, retryAfterSeconds: 30 });
    // The last one is answered in a window that resets a minute later than the first: a new window.
    gate.release('write', { limit: 10, remaining: 9, retryAfterSeconds: 90 });
    // 1 of 5 spent in it; the sixth, held by startsAtOnce above, goes now, and three more.
    expect(await startsAtOnce(gate, 'write', waits)).toBe(3);
  });

  it('keeps the limit it learnt when a later answer leaves it out', async () => {
    const { gate, waits } = setup(60_000, () => 0.5);
    await gate.acquire('write');
    gate.release('write', { limit: 10, remaining: 9, retryAfterSeconds: 30 });
    await gate.acquire('write');
    gate.release('write', { remaining: 8, retryAfterSeconds: 30 });
    expect(await startsAtOnce(gate, 'write', waits)).toBe(3); // 5 of 10, 2 spent
  });

  it('starts counting afresh when an answer shows the window turned while nothing waited', async () => {
    const { gate, waits, advance } = setup(60_000, () => 0.5);
    await gate.acquire('write');
    gate.release('write', { limit: 4, remaining: 3, retryAfterSeconds: 5 });
    await gate.acquire('write'); // ours: 2 of 2 in the first window
    advance(6_000);
    gate.release('write', { limit: 4, remaining: 2, retryAfterSeconds: 60 }); // the backend took one too
    expect(await startsAtOnce(gate, 'write', waits)).toBe(1);
  });

  it('assumes a window it did not see open may be all its own (a worker restarted mid-window)', async () => {
    const { gate, waits } = setup(60_000, () => 0.5);
    await gate.acquire('write');
    // 7 of 10 already spent, perhaps by the worker this one replaces: at most 5 are ours to spend.
    gate.release('write', { limit: 10, remaining: 3, retryAfterSeconds: 30 });
    expect(await startsAtOnce(gate, 'write', waits)).toBe(0);
  });

  it('rounds the share down but always allows one request', async () => {
    const { gate, waits } = setup(60_000, () => 0.1);
    await gate.acquire('write');
    gate.release('write', { limit: 5, remaining: 4, retryAfterSeconds: 30 });
    expect(await startsAtOnce(gate, 'write', waits)).toBe(0); // 10 % of 5 is 0.5: one request, spent
  });

  it('applies a changed share to the next request, even within the window', async () => {
    let share = 0.5;
    const { gate, waits } = setup(60_000, () => share);
    await gate.acquire('read');
    gate.release('read', { limit: 100, remaining: 99, retryAfterSeconds: 30 });
    expect(await startsAtOnce(gate, 'read', waits)).toBe(49); // 50 of 100
    share = 0.8;
    expect(await startsAtOnce(gate, 'read', waits)).toBe(30); // 80 of 100
    share = 0.2;
    expect(await startsAtOnce(gate, 'read', waits)).toBe(0);
  });

  it('reads the share asynchronously (the background reads it from storage)', async () => {
    const { gate } = setup(60_000, () => Promise.resolve(0.3));
    await gate.acquire('write');
    gate.release('write', { limit: 10, remaining: 9, retryAfterSeconds: 30 });
    const started: Promise<void>[] = Array.from({ length: 5 }, () => gate.acquire('write'));
    const done = await Promise.all(started.map(settled));
    expect(done.filter(Boolean)).toHaveLength(2);
  });

  it('keeps its one spare read at a share of 100 %', async () => {
    const { gate, waits } = setup(60_000, () => 1);
    await gate.acquire('read');
    gate.release('read', { limit: 5, remaining: 4, retryAfterSeconds: 30 });
    expect(await startsAtOnce(gate, 'read', waits)).toBe(3);
  });

  it('spends the whole budget at a share of 100 % and without one', async () => {
    for (const share of [() => 1, undefined]) {
      const { gate, waits } = setup(60_000, share);
      await gate.acquire('write');
      gate.release('write', { limit: 5, remaining: 4, retryAfterSeconds: 30 });
      expect(await startsAtOnce(gate, 'write', waits)).toBe(4);
    }
  });
});

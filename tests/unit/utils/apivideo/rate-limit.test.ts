import { describe, expect, it } from 'vitest';
import { createRateLimitGate, readRateLimit } from '@/utils/apivideo/rate-limit';

function setup(maxWaitMs = 60_000) {
  let clock = 1_000_000;
  const waits: number[] = [];
  const gate = createRateLimitGate({
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    maxWaitMs,
  });
  return { gate, waits, advance: (ms: number) => (clock += ms) };
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

  it('forgets a window once its reset time has passed', async () => {
    const { gate, waits, advance } = setup();
    await gate.acquire('read');
    gate.release('read', { remaining: 0, retryAfterSeconds: 5 });
    advance(6000);
    await gate.acquire('read');
    expect(waits).toEqual([]);
  });
});

import { describe, expect } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackground } from '@/utils/background';
import { BULK_DELETE_WATCHDOG_PREFIX } from '@/utils/background/bulk-delete';
import { bulkDeleteItem, type BulkDeleteJob } from '@/utils/storage';
import {
  cachedTokens,
  extensionPageSender,
  it,
  TEST_CLIENT_TUNING,
  type TestBackground,
} from '../../../helpers/background';

async function waitForJob(predicate: (job: BulkDeleteJob) => boolean, timeoutMs = 10_000): Promise<BulkDeleteJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await bulkDeleteItem('production').getValue();
    if (job && predicate(job)) return job;
    if (Date.now() > deadline) throw new Error(`job never reached the state; last: ${JSON.stringify(job?.state)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The tokens the server still has, sorted. */
function stillOnServer(server: TestBackground['server']): string[] {
  return server
    .tokens('production')
    .map((t) => t.token)
    .sort();
}

/** DELETE requests the server answered 204 for each token. */
function successfulDeletes(h: TestBackground) {
  const counts = new Map<string, number>();
  for (const r of h.server.requests) {
    if (r.method !== 'DELETE' || r.status !== 204) continue;
    const token = decodeURIComponent(r.path.split('/').pop()!);
    counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  return counts;
}

describe('bulk delete', () => {
  it('deletes exactly the tokens asked for, reports each, and empties the badge', async ({ startBackground }) => {
    const harness = await startBackground({ seed: { count: 40, neverExpiring: 25 } });
    const { server, request, background } = harness;
    await request('refreshList', { account: 'production' });
    const never = server
      .tokens('production')
      .filter((t) => t.ttl === 0)
      .map((t) => t.token);
    const others = server
      .tokens('production')
      .filter((t) => t.ttl !== 0)
      .map((t) => t.token);
    // One of them is deleted elsewhere meanwhile: it must be reported as already gone.
    await request('deleteToken', { account: 'production', token: never[0]! });

    expect(await request('startBulkDelete', { account: 'production', tokens: never })).toEqual({ ok: true });
    expect(await bulkDeleteItem('production').getValue()).toMatchObject({ state: 'running', total: 25 });
    expect(await fakeBrowser.alarms.get(`${BULK_DELETE_WATCHDOG_PREFIX}production`)).toBeDefined();
    expect(await request('startBulkDelete', { account: 'production', tokens: others })).toMatchObject({
      ok: false,
      error: { kind: 'busy' },
    });
    await background.bulk.idle();

    const job = await bulkDeleteItem('production').getValue();
    expect(job).toMatchObject({ state: 'done', pending: [], inFlight: [], failed: [] });
    expect(job!.deleted.sort()).toEqual(never.slice(1).sort());
    expect(job!.alreadyGone).toEqual([never[0]]);
    expect(stillOnServer(server)).toEqual(others.sort());
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await fakeBrowser.alarms.get(`${BULK_DELETE_WATCHDOG_PREFIX}production`)).toBeUndefined();
    expect((await cachedTokens('production'))!.tokens.map((t) => t.token).sort()).toEqual(others.sort());

    expect(await request('dismissBulkDelete', { account: 'production' })).toEqual({ ok: true });
    expect(await bulkDeleteItem('production').getValue()).toBeNull();
  });

  it('cancel stops before the rest, and reports what was not attempted', async ({ startBackground }) => {
    const harness = await startBackground({ seed: { count: 60, neverExpiring: 60 }, serverOptions: { latencyMs: 15 } });
    const { server, request, background } = harness;
    const tokens = server.tokens('production').map((t) => t.token);
    await request('startBulkDelete', { account: 'production', tokens });
    await waitForJob((job) => job.deleted.length >= 3);
    expect(await request('cancelBulkDelete', { account: 'production' })).toEqual({ ok: true });
    expect((await bulkDeleteItem('production').getValue())?.state).toBe('cancelling');
    await background.bulk.idle();
    const job = (await bulkDeleteItem('production').getValue())!;
    expect(job.state).toBe('cancelled');
    expect(job.pending.length).toBeGreaterThan(0);
    expect(job.deleted.length + job.pending.length + job.alreadyGone.length + job.failed.length).toBe(60);
    // What the report says was deleted is exactly what the server lost.
    expect(stillOnServer(server)).toEqual(job.pending.slice().sort());
  });

  it('reports failures with their reason and keeps those tokens', async ({ startBackground }) => {
    const harness = await startBackground({ seed: { count: 5, neverExpiring: 5 } });
    const { server, request, background } = harness;
    const tokens = server.tokens('production').map((t) => t.token);
    server.inject({ kind: 'server-error-html', times: 1000, match: { method: 'DELETE' } });
    await request('startBulkDelete', { account: 'production', tokens });
    await background.bulk.idle();
    const job = (await bulkDeleteItem('production').getValue())!;
    expect(job.state).toBe('done');
    expect(job.failed).toHaveLength(5);
    expect(job.failed[0]).toMatchObject({ kind: 'server', message: expect.stringMatching(/server error/) });
    expect(server.tokens('production')).toHaveLength(5);
  });

  it('survives the worker being killed mid-way: nothing deleted twice, nothing left undeleted', async ({
    startBackground,
  }) => {
    const harness = await startBackground({ seed: { count: 80, neverExpiring: 80 }, serverOptions: { latencyMs: 10 } });
    const { server, request, background } = harness;
    const tokens = server.tokens('production').map((t) => t.token);
    await request('startBulkDelete', { account: 'production', tokens });
    await waitForJob((job) => job.deleted.length >= 10 && job.inFlight.length > 0);
    // The worker dies: in-flight requests are abandoned, nothing more is written.
    background.dispose();
    const atDeath = (await bulkDeleteItem('production').getValue())!;
    expect(atDeath.state).toBe('running');

    // A new worker starts from storage alone (same storage, new background instance).
    const reborn = createBackground({ hosts: server.urls, clientTuning: TEST_CLIENT_TUNING });
    await reborn.onWorkerStart();
    await reborn.bulk.idle();
    reborn.dispose();

    const job = (await bulkDeleteItem('production').getValue())!;
    expect(job.state).toBe('done');
    expect(job.failed).toEqual([]);
    expect(job.alreadyGone).toEqual([]);
    expect(job.deleted.sort()).toEqual(tokens.slice().sort());
    expect(server.tokens('production')).toHaveLength(0);
    for (const [token, count] of successfulDeletes(harness)) expect(count, token).toBe(1);
    expect(successfulDeletes(harness).size).toBe(80);
  });

  it('a cancel after the worker died settles what was in flight, then stops', async ({ startBackground }) => {
    const harness = await startBackground({ seed: { count: 40, neverExpiring: 40 }, serverOptions: { latencyMs: 10 } });
    const { server, request, background } = harness;
    await request('startBulkDelete', {
      account: 'production',
      tokens: server.tokens('production').map((t) => t.token),
    });
    await waitForJob((job) => job.deleted.length >= 3 && job.inFlight.length > 0);
    background.dispose();

    const reborn = createBackground({ hosts: server.urls, clientTuning: TEST_CLIENT_TUNING });
    const cancelled = await reborn.handleMessage(
      { type: 'cancelBulkDelete', payload: { account: 'production' } },
      extensionPageSender(),
    );
    expect(cancelled.ok).toBe(true);
    await reborn.bulk.idle();
    reborn.dispose();
    const job = (await bulkDeleteItem('production').getValue())!;
    expect(job.state).toBe('cancelled');
    expect(job.inFlight).toEqual([]);
    expect(stillOnServer(server)).toEqual(job.pending.slice().sort());
    expect(job.deleted.length + job.pending.length).toBe(40);
  });
});

// A bulk delete takes only its share of api.video's write windows (the setting, 50 % by default),
// and follows the setting when it changes while the job runs: checked against the local server's
// ledger of which window counted each DELETE, with small, time-scaled windows.
import { describe, expect } from 'vitest';
import { bulkDeleteItem, readSettings } from '@/utils/storage';
import { countedPerWindow } from '@/tests/helpers/rate-windows';
import { it } from '../../../helpers/background';

describe('bulk delete and the share of the rate limit', () => {
  it('deletes at most the default 50 % of each write window', async ({ startBackground }) => {
    const { server, request, background } = await startBackground({
      seed: { count: 12, neverExpiring: 12 },
      serverOptions: { rateLimit: { production: { reads: 100, writes: 8, windowMs: 1000 } } },
    });
    expect((await readSettings()).settings.rateLimitSharePercent).toBe(50);
    const tokens = server.tokens('production').map((token) => token.token);
    expect(await request('startBulkDelete', { account: 'production', tokens })).toMatchObject({ ok: true });
    await background.bulk.idle();

    expect(await bulkDeleteItem('production').getValue()).toMatchObject({ state: 'done', failed: [], pending: [] });
    expect(server.tokens('production')).toEqual([]);
    expect(countedPerWindow(server.requests, 'DELETE')).toEqual([4, 4, 4]);
    expect(server.stats().rateLimited).toBe(0);
  });

  it('follows a share changed in the settings while it runs, within the same window', async ({ startBackground }) => {
    const { server, request, background } = await startBackground({
      seed: { count: 8, neverExpiring: 8 },
      serverOptions: { rateLimit: { production: { reads: 100, writes: 10, windowMs: 3000 } } },
    });
    expect(await request('updateSettings', { rateLimitSharePercent: 20 })).toEqual({ ok: true });
    const tokens = server.tokens('production').map((token) => token.token);
    // The first two DELETEs (20 % of 10) are counted, then held: the job cannot send a third.
    const held = server.hold({ method: 'DELETE', times: 2, phase: 'after' });
    await request('startBulkDelete', { account: 'production', tokens });
    await held.arrivals(2);
    expect(await request('updateSettings', { rateLimitSharePercent: 60 })).toEqual({ ok: true });
    held.release();
    await background.bulk.idle();

    expect(await bulkDeleteItem('production').getValue()).toMatchObject({ state: 'done', failed: [], pending: [] });
    // 6 of 10 in the window where the share was raised, the last 2 in the next one.
    expect(countedPerWindow(server.requests, 'DELETE')).toEqual([6, 2]);
    expect(server.stats().rateLimited).toBe(0);
  });
});

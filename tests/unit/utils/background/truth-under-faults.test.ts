// Two ways the badge or a bulk-delete report could disagree with api.video under the faults of
// the chaos end-to-end test (tests/e2e/chaos.test.ts), made deterministic here: a count asked
// for while another one is answering, and a delete that landed but whose last attempt was
// refused. Timing is fixed by holding a response at the server until the test releases it.
import { describe, expect } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { bulkDeleteItem } from '@/utils/storage';
import { it } from '../../../helpers/background';

const A = 'production' as const;

/** One turn of the event loop: promise callbacks and the fake browser's storage run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Turns of the event loop until `find` finds something (the server's records are live). */
async function until<T>(find: () => T | undefined): Promise<T> {
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    await settle();
  }
}

describe('a delete made while a count is answering', () => {
  it('is counted again after it: the badge shows what api.video has after the delete, not before', async ({
    startBackground,
  }) => {
    const harness = await startBackground({ seed: { count: 6, neverExpiring: 3, seed: 1 } });
    const { server, request, background } = harness;
    expect(await fakeBrowser.action.getBadgeText({})).toBe('3');
    const victim = server.tokens(A).find((token) => token.ttl === 0)!.token;

    // A count (the refresh alarm, say) has read the list; its answer is on the way.
    const held = server.hold({ method: 'GET', pathPrefix: '/upload-tokens', phase: 'after' });
    const counting = background.refresher.refreshCount(A);
    await held.arrived;
    // Meanwhile the person deletes a never-expiring token; the delete asks for a count of its own.
    const deleting = request('deleteToken', { account: A, token: victim });
    const deleteRequest = await until(() => server.requests.find((r) => r.method === 'DELETE' && r.status === 204));
    // Its answer handled (a cache update and a storage read, no network), it waits on the count.
    for (let turn = 0; turn < 20; turn++) await settle();
    expect(deleteRequest.path).toBe(`/upload-tokens/${victim}`);
    held.release();
    await counting;
    expect(await deleting).toEqual({ ok: true, result: 'deleted' });

    expect(server.tokens(A).filter((token) => token.ttl === 0)).toHaveLength(2);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
  });
});

describe('a bulk delete whose first attempt deleted the token but whose last was refused', () => {
  it('retries it as a request that may have landed: the 404 then is this job’s delete, not “already gone”', async ({
    startBackground,
  }) => {
    const harness = await startBackground({ seed: { count: 3, neverExpiring: 3, seed: 2 } });
    const { server, request, background } = harness;
    const tokens = server.tokens(A).map((token) => token.token);
    const match = { method: 'DELETE', pathPrefix: `/upload-tokens/${tokens[0]}` };
    // Attempt 1 deletes it but is answered 500; attempts 2–4 are refused with 429: the call
    // fails as rate-limited, yet its first attempt did delete the token.
    server.inject({ kind: 'server-error-json', phase: 'after', match });
    const firstAttempt = server.hold({ ...match, phase: 'after' });
    await request('startBulkDelete', { account: A, tokens });
    await firstAttempt.arrived;
    server.inject({ kind: 'rate-limit', times: 3, retryAfterSeconds: 1, match });
    firstAttempt.release();
    await background.bulk.idle();
    const first = (await bulkDeleteItem('production').getValue())!;
    expect(first.failed.map((failure) => [failure.token, failure.kind])).toEqual([[tokens[0], 'rate-limited']]);
    expect(server.operations.deleted.map((op) => op.token)).toContain(tokens[0]);

    server.clearFaults();
    expect(await request('retryBulkDelete', { account: A })).toEqual({ ok: true });
    await background.bulk.idle();
    const job = (await bulkDeleteItem('production').getValue())!;
    expect(job).toMatchObject({ state: 'done', failed: [], alreadyGone: [], retries: 1 });
    expect(job.deleted.sort()).toEqual(tokens.slice().sort());
    expect(server.operations.deleted.map((op) => op.token).sort()).toEqual(tokens.slice().sort());
  });
});

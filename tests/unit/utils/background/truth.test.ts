// Ordinary sequences that once made the extension say something untrue: a key changed while work
// runs, a double click, an answer that arrives late or never. Two accounts (two valid keys) live
// in the same environment of the local api.video, so acting on the wrong one is observable.
// Timing is made deterministic by holding a request at the server until the test releases it.
import { describe, expect } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { COUNT_RETRY_ALARM_PREFIX } from '@/utils/background/refresh';
import { authTokenItem, bulkDeleteItem, listProgressItem, snapshotItem, type BulkDeleteJob } from '@/utils/storage';
import { DEFAULT_KEYS, OTHER_KEYS, type RecordedRequest } from '../../../server';
import { cachedTokens, it, savedKeyId, type BackgroundFixtures } from '../../../helpers/background';

const A = 'production' as const;

/** Account A (the default key) with `a` tokens, account B (the other key) with `b`. */
async function twoAccounts(
  startBackground: BackgroundFixtures['startBackground'],
  a: { count: number; neverExpiring: number },
  b: { count: number; neverExpiring: number },
) {
  const harness = await startBackground({ seed: { ...a, seed: 1 } });
  const accountB = harness.server.account(A, OTHER_KEYS.production);
  accountB.seed({ ...b, seed: 2 });
  return { ...harness, accountB, keyB: OTHER_KEYS.production };
}

/** Resolves with the job once it matches (the storage item is the job's only channel). */
function jobWhere(predicate: (job: BulkDeleteJob) => boolean): Promise<BulkDeleteJob> {
  return new Promise((resolve) => {
    const stop = bulkDeleteItem('production').watch((found) => {
      if (found.state === 'ok' && predicate(found.value)) {
        stop();
        resolve(found.value);
      }
    });
    void bulkDeleteItem('production')
      .getValue()
      .then((job) => {
        if (job && predicate(job)) {
          stop();
          resolve(job);
        }
      });
  });
}

/** Every value written to one storage key from now on (undefined for a removal). */
function recordWrites(area: 'local' | 'session', key: string): unknown[] {
  const writes: unknown[] = [];
  fakeBrowser.storage[area].onChanged.addListener((changes: Record<string, { newValue?: unknown }>) => {
    if (key in changes) writes.push(changes[key]!.newValue);
  });
  return writes;
}

/** Resolves once the server has sent its answer to a recorded request. */
async function answered(record: RecordedRequest): Promise<void> {
  while (record.status === 0) await new Promise((resolve) => setImmediate(resolve));
}

/** Makes the stored access token look expired, so the next call refreshes it first. */
async function expireStoredAccessToken() {
  const stored = (await authTokenItem(A).getValue())!;
  await authTokenItem(A).setValue({ ...stored, expiresAt: Date.now() - 1 });
}

describe('1. a key saved while the old key is still being refreshed', () => {
  it('never stores the old account’s tokens under the new key: list, badge, delete and create all act on the new account', async ({
    startBackground,
  }) => {
    const { server, request, background, accountB, keyB } = await twoAccounts(
      startBackground,
      { count: 6, neverExpiring: 4 },
      { count: 3, neverExpiring: 1 },
    );
    await expireStoredAccessToken();
    const slowRefresh = server.hold({ pathPrefix: '/auth/refresh' });
    const counting = background.refresher.refreshCount(A); // refreshes A's access token first
    const refresh = await slowRefresh.arrived;

    expect(await request('saveKey', { account: A, apiKey: keyB })).toMatchObject({ ok: true });
    const sessionWrites = recordWrites('session', `authTokens:${A}`);
    slowRefresh.release();
    await counting;
    await answered(refresh);

    // The session store holds the new key's tokens, bound to its id.
    const bKeyId = await savedKeyId(A);
    expect((await authTokenItem(A).getValue())?.keyId).toBe(bKeyId);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect(await request('refreshList', { account: A })).toEqual({ ok: true });
    expect((await cachedTokens(A))!.tokens.map((t) => t.token).sort()).toEqual(
      accountB
        .tokens()
        .map((t) => t.token)
        .sort(),
    );

    const victim = accountB.tokens()[0]!.token;
    expect(await request('deleteToken', { account: A, token: victim })).toEqual({ ok: true, result: 'deleted' });
    expect(accountB.tokens().map((t) => t.token)).not.toContain(victim);
    const created = await request('createToken', { account: A, ttl: 60 });
    expect(created.ok && accountB.tokens().map((t) => t.token)).toContain(created.ok && created.token.token);
    expect(server.tokens(A)).toHaveLength(6); // account A untouched
    // Long after A's refresh was answered: nothing of A was ever written under B.
    expect(
      sessionWrites
        .map((value) => (value as { keyId?: string } | undefined)?.keyId ?? null)
        .filter((id) => id !== bKeyId && id !== null),
    ).toEqual([]);
  });

  it('a refresh answered after “Forget key” brings nothing back', async ({ startBackground }) => {
    const { server, request, background } = await twoAccounts(
      startBackground,
      { count: 2, neverExpiring: 1 },
      { count: 0, neverExpiring: 0 },
    );
    await expireStoredAccessToken();
    const slowRefresh = server.hold({ pathPrefix: '/auth/refresh' });
    const counting = background.refresher.refreshCount(A);
    const refresh = await slowRefresh.arrived;
    expect(await request('removeAccount', { account: A })).toEqual({ ok: true });
    const sessionWrites = recordWrites('session', `authTokens:${A}`);
    slowRefresh.release();
    await counting;
    await answered(refresh);
    // One more round trip through the same server: the refresh's answer has long been handled.
    await request('saveKey', { account: 'sandbox', apiKey: DEFAULT_KEYS.sandbox });
    expect(sessionWrites).toEqual([]);
    expect(await fakeBrowser.storage.session.get([`authTokens:${A}`, `authTokens:${A}$`])).toEqual({});
    expect(await snapshotItem(A).getValue()).toBeNull();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('?');
  });
});

describe('2. a bulk delete running when its key is replaced', () => {
  it('stops at once, touches nothing in the new account, and says what it did and did not do', async ({
    startBackground,
  }) => {
    const { server, request, background, accountB, keyB } = await twoAccounts(
      startBackground,
      { count: 30, neverExpiring: 30 },
      { count: 5, neverExpiring: 5 },
    );
    const aTokens = server.tokens(A).map((t) => t.token);
    const bBefore = accountB
      .tokens()
      .map((t) => t.token)
      .sort();
    const deletes = server.hold({ method: 'DELETE', times: 1 });
    expect(await request('startBulkDelete', { account: A, tokens: aTokens })).toEqual({ ok: true });
    await deletes.arrived;

    expect(await request('saveKey', { account: A, apiKey: keyB })).toMatchObject({ ok: true });
    await background.bulk.idle();
    deletes.release();
    const job = (await bulkDeleteItem('production').getValue())!;

    expect(job).toMatchObject({ state: 'stopped', stopReason: 'key-changed', alreadyGone: [], failed: [] });
    expect(job.deleted.length + job.unconfirmed.length + job.pending.length).toBe(30);
    expect(job.pending.length).toBeGreaterThan(0);
    // Nothing of account B was touched, and nothing was deleted with B's key at all.
    expect(
      accountB
        .tokens()
        .map((t) => t.token)
        .sort(),
    ).toEqual(bBefore);
    expect(server.operations.deleted.every((op) => op.account === server.account(A, DEFAULT_KEYS.production).key)).toBe(
      true,
    );
    // What the report calls deleted really is gone from A; what it calls not attempted is still there.
    const stillInA = new Set(server.tokens(A).map((t) => t.token));
    for (const token of job.deleted) expect(stillInA.has(token), token).toBe(false);
    for (const token of job.pending) expect(stillInA.has(token), token).toBe(true);
    // The new key gets no "retry the failed ones" for a job of another key.
    expect(await request('retryBulkDelete', { account: A })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-request' },
    });
  });
});

describe('3. two bulk deletes asked for at once (double submit, popup plus popup.html in a tab)', () => {
  it('starts exactly one; the other is refused and deletes nothing', async ({ startBackground }) => {
    const { server, request, background } = await twoAccounts(
      startBackground,
      { count: 10, neverExpiring: 10 },
      { count: 0, neverExpiring: 0 },
    );
    const tokens = server.tokens(A).map((t) => t.token);
    const [first, second] = await Promise.all([
      request('startBulkDelete', { account: A, tokens: tokens.slice(0, 5) }),
      request('startBulkDelete', { account: A, tokens: tokens.slice(5) }),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    expect(first.ok ? second : first).toMatchObject({ ok: false, error: { kind: 'busy' } });
    await background.bulk.idle();
    const job = (await bulkDeleteItem('production').getValue())!;
    const started = first.ok ? tokens.slice(0, 5) : tokens.slice(5);
    expect(job.deleted.sort()).toEqual(started.slice().sort());
    expect(
      server
        .tokens(A)
        .map((t) => t.token)
        .sort(),
    ).toEqual(tokens.filter((t) => !started.includes(t)).sort());
  });
});

describe('4. a key saved while the old key is being counted', () => {
  it('counts the new key at once; the old count, answered later, changes nothing', async ({ startBackground }) => {
    const { server, request, background, keyB } = await twoAccounts(
      startBackground,
      { count: 9, neverExpiring: 7 },
      { count: 4, neverExpiring: 2 },
    );
    const slowCount = server.hold({ method: 'GET', pathPrefix: '/upload-tokens', times: 1 });
    const oldCount = background.refresher.refreshCount(A);
    await slowCount.arrived;
    expect(await request('saveKey', { account: A, apiKey: keyB })).toMatchObject({ ok: true });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    slowCount.release();
    await oldCount;
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect(await snapshotItem(A).getValue()).toMatchObject({ keyId: await savedKeyId(A), neverExpiring: 2 });
  });

  it('an old key’s failure, answered after the new key is saved, never paints KEY or OFF on it', async ({
    startBackground,
  }) => {
    const { server, request, background, keyB } = await twoAccounts(
      startBackground,
      { count: 3, neverExpiring: 3 },
      { count: 2, neverExpiring: 1 },
    );
    server.inject({
      kind: 'server-error-html',
      phase: 'after',
      times: 100,
      match: { method: 'GET', pathPrefix: '/upload-tokens' },
    });
    const failing = server.hold({ method: 'GET', pathPrefix: '/upload-tokens', times: 1, phase: 'after' });
    const oldCount = background.refresher.refreshCount(A);
    await failing.arrived;
    server.clearFaults();
    expect(await request('saveKey', { account: A, apiKey: keyB })).toMatchObject({ ok: true });
    failing.release();
    await oldCount;
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect((await snapshotItem(A).getValue())?.lastError).toBeUndefined();
  });
});

describe('5. a bulk delete whose report says finished', () => {
  it('is finished: a cancel changes nothing and a new start is accepted, even while the follow-up count is under way', async ({
    startBackground,
  }) => {
    const { server, request, background } = await twoAccounts(
      startBackground,
      { count: 6, neverExpiring: 6 },
      { count: 0, neverExpiring: 0 },
    );
    const tokens = server.tokens(A).map((t) => t.token);
    // The count that follows the job is held: the job's own report is already final.
    const followUpCount = server.hold({ method: 'GET', pathPrefix: '/upload-tokens' });
    expect(await request('startBulkDelete', { account: A, tokens: tokens.slice(0, 3) })).toEqual({ ok: true });
    await followUpCount.arrived;
    const done = await jobWhere((job) => job.state === 'done');
    expect(done.deleted).toHaveLength(3);

    expect(await request('cancelBulkDelete', { account: 'production' })).toEqual({ ok: true });
    expect((await bulkDeleteItem('production').getValue())?.state).toBe('done');
    expect(await request('startBulkDelete', { account: A, tokens: tokens.slice(3) })).toEqual({ ok: true });
    followUpCount.release();
    await background.bulk.idle();
    expect(await jobWhere((job) => job.state === 'done' && job.total === 3 && job.deleted.length === 3)).toBeTruthy();
    expect(server.tokens(A)).toHaveLength(0);
  });
});

describe('6. unreadable answers and failures that pass', () => {
  it('a failed count is retried on a back-off alarm, not left to the next refresh', async ({ startBackground }) => {
    const { server, background } = await twoAccounts(
      startBackground,
      { count: 5, neverExpiring: 2 },
      { count: 0, neverExpiring: 0 },
    );
    server.inject({ kind: 'bad-gateway-html', times: 100 });
    await background.refresher.refreshCount(A);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
    const retry = await fakeBrowser.alarms.get(`${COUNT_RETRY_ALARM_PREFIX}${A}`);
    expect(retry).toBeDefined();
    expect(retry!.scheduledTime - Date.now()).toBeLessThanOrEqual(30_000);
    expect(retry!.periodInMinutes).toBeUndefined();

    // Still failing: the next retry waits longer.
    await background.onAlarm({ name: `${COUNT_RETRY_ALARM_PREFIX}${A}` });
    const second = await fakeBrowser.alarms.get(`${COUNT_RETRY_ALARM_PREFIX}${A}`);
    expect(second!.scheduledTime - Date.now()).toBeGreaterThan(30_000);

    server.clearFaults();
    await background.onAlarm({ name: `${COUNT_RETRY_ALARM_PREFIX}${A}` });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect(await fakeBrowser.alarms.get(`${COUNT_RETRY_ALARM_PREFIX}${A}`)).toBeUndefined();
    expect((await snapshotItem(A).getValue())?.failedAttempts).toBeUndefined();
  });

  it('a bulk delete report with failures offers to retry just those, adding to the same report', async ({
    startBackground,
  }) => {
    const { server, request, background } = await twoAccounts(
      startBackground,
      { count: 8, neverExpiring: 8 },
      { count: 0, neverExpiring: 0 },
    );
    const tokens = server.tokens(A).map((t) => t.token);
    const stubborn = tokens.slice(0, 2);
    for (const token of stubborn) {
      server.inject({
        kind: 'server-error-json',
        times: 100,
        match: { method: 'DELETE', pathPrefix: `/upload-tokens/${token}` },
      });
    }
    await request('startBulkDelete', { account: A, tokens });
    await background.bulk.idle();
    const first = (await bulkDeleteItem('production').getValue())!;
    expect(first.failed.map((f) => f.token).sort()).toEqual(stubborn.slice().sort());
    expect(first.deleted).toHaveLength(6);

    server.clearFaults();
    expect(await request('retryBulkDelete', { account: A })).toEqual({ ok: true });
    await background.bulk.idle();
    const again = (await bulkDeleteItem('production').getValue())!;
    expect(again).toMatchObject({ id: first.id, state: 'done', failed: [], retries: 1, total: 8 });
    expect(again.deleted.sort()).toEqual(tokens.slice().sort());
    expect(server.tokens(A)).toHaveLength(0);
    for (const token of tokens)
      expect(server.operations.deleteAttempts(token)).toBeLessThanOrEqual(
        token === stubborn[0] || token === stubborn[1] ? 100 : 1,
      );
  });

  it('a retried token that the failed attempt did delete is reported deleted, not “already gone”', async ({
    startBackground,
  }) => {
    const { server, request, background } = await twoAccounts(
      startBackground,
      { count: 3, neverExpiring: 3 },
      { count: 0, neverExpiring: 0 },
    );
    const tokens = server.tokens(A).map((t) => t.token);
    const match = { method: 'DELETE', pathPrefix: `/upload-tokens/${tokens[0]}` };
    // The first attempt deletes it but its answer is a 500; every retry of this run fails before the operation.
    server.inject({ kind: 'server-error-json', phase: 'after', match });
    server.inject({ kind: 'server-error-json', times: 20, match });
    await request('startBulkDelete', { account: A, tokens });
    await background.bulk.idle();
    expect((await bulkDeleteItem('production').getValue())!.failed.map((f) => f.token)).toEqual([tokens[0]]);
    server.clearFaults();
    await request('retryBulkDelete', { account: A });
    await background.bulk.idle();
    const job = (await bulkDeleteItem('production').getValue())!;
    expect(job).toMatchObject({ state: 'done', failed: [], alreadyGone: [] });
    expect(job.deleted.sort()).toEqual(tokens.slice().sort());
    expect(server.operations.deleted.map((op) => op.token).sort()).toEqual(tokens.slice().sort());
  });
});

describe('7. a create whose answer is lost', () => {
  it('finds the token it did create and shows it, without creating another', async ({ startBackground }) => {
    const { server, request } = await twoAccounts(
      startBackground,
      { count: 4, neverExpiring: 0 },
      { count: 0, neverExpiring: 0 },
    );
    server.inject({ kind: 'drop-connection', phase: 'after', match: { method: 'POST', pathPrefix: '/upload-tokens' } });
    const reply = await request('createToken', { account: A, ttl: 900 });
    expect(reply).toMatchObject({ ok: true, recovered: true, token: { ttl: 900 } });
    expect(server.operations.created).toHaveLength(1);
    expect(reply.ok && reply.token.token).toBe(server.operations.created[0]!.token);
    expect((await cachedTokens(A))?.tokens.map((t) => t.token) ?? [reply.ok && reply.token.token]).toContain(
      reply.ok && reply.token.token,
    );
  });

  it('when nothing was created, says the token may exist and never creates it again', async ({ startBackground }) => {
    const { server, request } = await twoAccounts(
      startBackground,
      { count: 4, neverExpiring: 0 },
      { count: 0, neverExpiring: 0 },
    );
    server.inject({ kind: 'drop-connection', match: { method: 'POST', pathPrefix: '/upload-tokens' } });
    const reply = await request('createToken', { account: A, ttl: 0 });
    expect(reply.ok).toBe(false);
    if (!reply.ok)
      expect(reply.error.message).toMatch(/may or may not exist\. Refresh the list before you create another/);
    expect(server.requests.filter((r) => r.method === 'POST' && r.path === '/upload-tokens')).toHaveLength(1);
    expect(server.operations.created).toHaveLength(0);
  });
});

describe('8. stored data that cannot be read', () => {
  it('a broken bulk-delete record blocks nothing: a new job starts, and the record can be dismissed', async ({
    startBackground,
  }) => {
    const { server, request, background } = await twoAccounts(
      startBackground,
      { count: 2, neverExpiring: 2 },
      { count: 0, neverExpiring: 0 },
    );
    await fakeBrowser.storage.local.set({ 'bulkDelete:production': { id: 'x', state: 'running' } });
    expect(await request('dismissBulkDelete', { account: 'production' })).toEqual({ ok: true });
    await fakeBrowser.storage.local.set({ 'bulkDelete:production': { id: 'x', state: 'running' } });
    expect(await request('startBulkDelete', { account: A, tokens: server.tokens(A).map((t) => t.token) })).toEqual({
      ok: true,
    });
    await background.bulk.idle();
    expect(await bulkDeleteItem('production').getValue()).toMatchObject({ state: 'done', total: 2 });
  });

  it('list progress of a replaced key is never shown for the new one', async ({ startBackground }) => {
    const { server, request, keyB } = await twoAccounts(
      startBackground,
      { count: 250, neverExpiring: 0 },
      { count: 1, neverExpiring: 0 },
    );
    const page2 = server.hold({ method: 'GET', pathPrefix: '/upload-tokens', times: 2 });
    const listing = request('refreshList', { account: A });
    await page2.arrivals(1);
    page2.release();
    expect(await request('saveKey', { account: A, apiKey: keyB })).toMatchObject({ ok: true });
    expect(await listing).toMatchObject({ ok: false });
    const progress = await listProgressItem('production').getValue();
    expect(progress === null || progress.keyId === (await savedKeyId(A))).toBe(true);
  });
});

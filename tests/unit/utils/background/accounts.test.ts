// Accounts (issue 12): several api.video projects in one badge, each with its own key, caches,
// jobs and schedule, against the local api.video where every key is its own account.
import { describe, expect } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { REFRESH_ALARM } from '@/utils/background/schedule';
import { COUNT_RETRY_ALARM_PREFIX } from '@/utils/background/refresh';
import {
  bulkDeleteItem,
  keyInfoItem,
  readAccounts,
  readSnapshot,
  settingsItem,
  DEFAULT_SETTINGS,
} from '@/utils/storage';
import { DEFAULT_KEYS, OTHER_KEYS } from '@/tests/server';
import { cachedTokens, it, savedKeyId, type TestBackground } from '../../../helpers/background';
import { waitForJob } from '../../../helpers/jobs';

/** Adds the local server's second production project as the account "Acme staging". */
async function addStaging(h: TestBackground, name = 'Acme staging'): Promise<string> {
  const reply = await h.request('addAccount', { name, environment: 'production', apiKey: OTHER_KEYS.production });
  if (!reply.ok) throw new Error(`addAccount failed: ${reply.error.kind}`);
  return reply.account;
}

async function everything(): Promise<{ keys: string[]; text: string }> {
  const [local, session, sync] = await Promise.all([
    fakeBrowser.storage.local.get(null),
    fakeBrowser.storage.session.get(null),
    fakeBrowser.storage.sync.get(null),
  ]);
  return {
    keys: [...Object.keys(local), ...Object.keys(session), ...Object.keys(sync)],
    text: JSON.stringify([local, session, sync]),
  };
}

describe('adding accounts', () => {
  it('adds a second project of the same environment under its own id, and the badge sums both', async ({
    startBackground,
  }) => {
    const h = await startBackground({ seed: { count: 10, neverExpiring: 4 } });
    h.server.account('production', OTHER_KEYS.production).seed({ count: 8, neverExpiring: 3, seed: 2 });
    const id = await addStaging(h);
    expect(id).toMatch(/^production-[a-z0-9]{8}$/);
    expect(await readAccounts()).toEqual([
      expect.objectContaining({ id: 'production', name: 'Production', environment: 'production', watched: true }),
      expect.objectContaining({ id, name: 'Acme staging', environment: 'production', watched: true }),
    ]);
    expect(await readSnapshot(id, await savedKeyId(id))).toMatchObject({ neverExpiring: 3 });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('7');
    const title = (await fakeBrowser.action.getTitle({})).split('\n');
    expect(title[0]).toBe('7 upload tokens never expire in 2 accounts');
    expect(title[1]).toMatch(/^4 upload tokens never expire \(Production\)/);
    expect(title[2]).toMatch(/^3 upload tokens never expire \(Acme staging\)/);
  });

  it('refuses a key that another account already has, naming that account, and stores nothing', async ({
    startBackground,
  }) => {
    const h = await startBackground();
    const before = await everything();
    const requestsBefore = h.server.requests.length;
    const reply = await h.request('addAccount', {
      name: 'Copy',
      environment: 'production',
      apiKey: DEFAULT_KEYS.production,
    });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'duplicate-key' } });
    if (!reply.ok) expect(reply.error.message).toContain('“Production”');
    expect(await everything()).toEqual(before);
    expect(h.server.requests.length).toBe(requestsBefore); // refused before asking api.video
  });

  it('refuses the same key added twice at once: one account gets it, the other add is refused', async ({
    startBackground,
  }) => {
    const h = await startBackground();
    const checks = h.server.hold({ pathPrefix: '/auth/api-key', times: 2 });
    const add = (name: string) =>
      h.request('addAccount', { name, environment: 'production', apiKey: OTHER_KEYS.production });
    const first = add('First');
    const second = add('Second');
    await checks.arrivals(2); // both keys are being checked before either is saved
    checks.release();
    const replies = await Promise.all([first, second]);
    expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
    expect(replies.filter((reply) => !reply.ok)).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ kind: 'duplicate-key' }) }),
    ]);
    expect((await readAccounts()).map((account) => account.name)).toEqual(['Production', 'First']);
  });

  it('refuses a replacement key that another account has', async ({ startBackground }) => {
    const h = await startBackground();
    const id = await addStaging(h);
    const keyId = await savedKeyId(id);
    expect(await h.request('saveKey', { account: id, apiKey: DEFAULT_KEYS.production })).toMatchObject({
      ok: false,
      error: { kind: 'duplicate-key' },
    });
    expect(await savedKeyId(id)).toBe(keyId);
  });
});

describe('renaming and replacing a key', () => {
  it('renames an account: the list and the badge’s tooltip follow, nothing else changes', async ({
    startBackground,
  }) => {
    const h = await startBackground({ seed: { count: 3, neverExpiring: 1 } });
    const id = await addStaging(h);
    const keyId = await savedKeyId(id);
    expect(await h.request('updateAccount', { account: id, name: '  Shop (EU)  ' })).toEqual({ ok: true });
    expect((await readAccounts()).find((account) => account.id === id)?.name).toBe('Shop (EU)');
    expect(await fakeBrowser.action.getTitle({})).toContain('(Shop (EU))');
    expect(await savedKeyId(id)).toBe(keyId);
  });

  it('replaces an account’s key: what was learnt with the old key goes, the new key is counted', async ({
    startBackground,
  }) => {
    const h = await startBackground({ seed: { count: 6, neverExpiring: 2 } });
    h.server.account('production', OTHER_KEYS.production).seed({ count: 9, neverExpiring: 5, seed: 3 });
    await h.request('refreshList', { account: 'production' });
    const oldKeyId = await savedKeyId('production');
    expect(await h.request('saveKey', { account: 'production', apiKey: OTHER_KEYS.production })).toEqual({ ok: true });
    const newKeyId = await savedKeyId('production');
    expect(newKeyId).not.toBe(oldKeyId);
    expect(await cachedTokens('production')).toBeNull();
    expect(await readSnapshot('production', newKeyId)).toMatchObject({ neverExpiring: 5 });
    expect((await everything()).text).not.toContain(oldKeyId);
    expect(await readAccounts()).toEqual([expect.objectContaining({ id: 'production', name: 'Production' })]);
  });

  it('says so when the account was removed meanwhile', async ({ startBackground }) => {
    const h = await startBackground();
    const id = await addStaging(h);
    expect(await h.request('removeAccount', { account: id })).toEqual({ ok: true });
    expect(await h.request('saveKey', { account: id, apiKey: OTHER_KEYS.production })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-request' },
    });
    expect(await keyInfoItem(id).getValue()).toBeNull();
  });
});

describe('removing an account', () => {
  it('leaves nothing of it in any storage area, and the other account whole', async ({ startBackground }) => {
    const h = await startBackground({ seed: { count: 12, neverExpiring: 4 } });
    const staging = h.server.account('production', OTHER_KEYS.production);
    const [first] = staging.seed({ count: 30, neverExpiring: 6, seed: 4 });
    const id = await addStaging(h);
    const keyId = (await savedKeyId(id))!;
    await h.request('refreshList', { account: id });
    await h.request('refreshList', { account: 'production' });
    await h.request('setLabel', { account: id, token: first!.token, label: 'Kiosk' });
    await h.request('markLooked', { account: id });
    const never = staging.tokens().filter((token) => token.ttl === 0);
    await h.request('startBulkDelete', { account: id, tokens: [never[0]!.token] });
    await waitForJob(id, (job) => job.state === 'done');
    await fakeBrowser.alarms.create(`${COUNT_RETRY_ALARM_PREFIX}${id}`, { delayInMinutes: 1 });
    const before = await everything();
    expect(before.keys.filter((key) => key.includes(id)).length).toBeGreaterThan(8);
    const productionKeys = before.keys.filter((key) => key.endsWith(':production'));

    expect(await h.request('removeAccount', { account: id })).toEqual({ ok: true });

    const after = await everything();
    expect(after.keys.filter((key) => key.includes(id))).toEqual([]);
    expect(after.text).not.toContain(keyId);
    expect(after.text).not.toContain(OTHER_KEYS.production);
    expect(after.text).not.toContain('Kiosk');
    expect(await fakeBrowser.alarms.getAll()).not.toContainEqual(
      expect.objectContaining({ name: expect.stringContaining(id) }),
    );
    // The other account keeps everything it had.
    expect(after.keys.filter((key) => key.endsWith(':production'))).toEqual(productionKeys);
    expect((await cachedTokens('production'))?.tokens).toHaveLength(12);
    expect(await readAccounts()).toEqual([expect.objectContaining({ id: 'production' })]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('4');
    // Its tokens stay on api.video: removing an account forgets, it deletes nothing.
    expect(staging.tokens()).toHaveLength(29);
  });

  it('stops its running bulk delete at once, and writes nothing of it afterwards', async ({ startBackground }) => {
    const h = await startBackground();
    const staging = h.server.account('production', OTHER_KEYS.production);
    staging.seed({ count: 20, neverExpiring: 20, seed: 5 });
    const id = await addStaging(h);
    const deletes = h.server.hold({ method: 'DELETE', times: 1 });
    await h.request('startBulkDelete', { account: id, tokens: staging.tokens().map((token) => token.token) });
    await deletes.arrived;
    expect(await h.request('removeAccount', { account: id })).toEqual({ ok: true });
    const sent = h.server.requests.filter((request) => request.method === 'DELETE').length;
    deletes.release();
    await h.background.bulk.idle();
    expect((await everything()).keys.filter((key) => key.includes(id))).toEqual([]);
    // Nothing more was sent for the removed account once it was removed.
    expect(h.server.requests.filter((request) => request.method === 'DELETE')).toHaveLength(sent);
    expect(staging.tokens().length).toBeGreaterThan(20 - sent - 1);
  });
});

describe('the badge over several accounts', () => {
  it('shows a failing account in its state and names it, keeping the others’ counts', async ({ startBackground }) => {
    const h = await startBackground({ seed: { count: 10, neverExpiring: 4 } });
    const staging = h.server.account('production', OTHER_KEYS.production);
    staging.seed({ count: 5, neverExpiring: 2, seed: 6 });
    const id = await addStaging(h);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('6');

    staging.revokeKey(); // deleted in api.video's dashboard
    h.server.expireAccessTokens('production');
    await h.background.onAlarm({ name: REFRESH_ALARM });

    expect(await readSnapshot(id, await savedKeyId(id))).toMatchObject({ lastError: { kind: 'invalid-key' } });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('6'); // its last known count still counts
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([0x84, 0x30, 0xce, 255]);
    const title = (await fakeBrowser.action.getTitle({})).split('\n');
    expect(title[1]).toMatch(/^4 upload tokens never expire \(Production\)/);
    expect(title[2]).toMatch(/^The API key of Acme staging was rejected/);
  });

  it('counts only the watched accounts', async ({ startBackground }) => {
    const h = await startBackground({ seed: { count: 10, neverExpiring: 4 } });
    h.server.account('production', OTHER_KEYS.production).seed({ count: 5, neverExpiring: 2, seed: 7 });
    const id = await addStaging(h);
    expect(await h.request('updateAccount', { account: id, watched: false })).toEqual({ ok: true });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('4');
    expect(await fakeBrowser.action.getTitle({})).not.toContain('Acme staging');
  });
});

describe('per-account work', () => {
  it('a bulk delete in one account while another account’s list is read: both end exact', async ({
    startBackground,
  }) => {
    const h = await startBackground({ seed: { count: 150, neverExpiring: 30 } });
    const staging = h.server.account('production', OTHER_KEYS.production);
    staging.seed({ count: 40, neverExpiring: 25, seed: 8 });
    const id = await addStaging(h);
    // The production listing waits on its first page while the other account deletes.
    const listing = h.server.hold({ method: 'GET', pathPrefix: '/upload-tokens', times: 1 });
    const listed = h.request('refreshList', { account: 'production' });
    await listing.arrived;
    const never = staging.tokens().filter((token) => token.ttl === 0);
    expect(await h.request('startBulkDelete', { account: id, tokens: never.map((token) => token.token) })).toEqual({
      ok: true,
    });
    const job = await waitForJob(id, (found) => found.state === 'done');
    expect(job.deleted).toHaveLength(25);
    listing.release();
    expect(await listed).toEqual({ ok: true });

    expect(staging.tokens().filter((token) => token.ttl === 0)).toEqual([]);
    expect(h.server.tokens('production').filter((token) => token.ttl === 0)).toHaveLength(30);
    expect((await cachedTokens('production'))?.tokens).toHaveLength(150);
    expect(await bulkDeleteItem('production').getValue()).toBeNull();
    expect(await readSnapshot(id, await savedKeyId(id))).toMatchObject({ neverExpiring: 0 });
  });

  it('20 accounts: the refresh alarm counts every one, each within its own share of its own limit', async ({
    startBackground,
  }) => {
    const keys = Array.from({ length: 20 }, (_, i) => `key_account_${String(i).padStart(2, '0')}_0123456789abcdef`);
    const h = await startBackground({ withKey: false, serverOptions: { keys: { production: keys, sandbox: [] } } });
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, rateLimitSharePercent: 50 });
    const ids: string[] = [];
    for (const [i, key] of keys.entries()) {
      const reply = await h.request('addAccount', { name: `Customer ${i}`, environment: 'production', apiKey: key });
      if (!reply.ok) throw new Error(reply.error.kind);
      ids.push(reply.account);
    }
    for (const [i, key] of keys.entries()) {
      const account = h.server.account('production', key);
      account.seed({ count: 20 + i, neverExpiring: i, seed: i + 1 });
      // A small limit: half of it is 4 reads a window.
      account.setRateLimit({ reads: 8, writes: 4, windowMs: 60_000 });
    }
    await h.background.onAlarm({ name: REFRESH_ALARM });
    for (const [i, id] of ids.entries())
      expect(await readSnapshot(id, await savedKeyId(id))).toMatchObject({
        neverExpiring: i,
        checkedAt: expect.any(Number),
      });
    for (const key of keys) {
      const stats = h.server.account('production', key).stats();
      expect(stats.rateLimited).toBe(0);
      expect(stats.reads).toBeLessThanOrEqual(4);
    }
    expect(await fakeBrowser.action.getBadgeText({})).toBe(String((19 * 20) / 2));
  });
});

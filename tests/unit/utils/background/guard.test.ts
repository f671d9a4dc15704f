// The guard (issue 14): new never-expiring tokens put the badge in an attention state until the
// person looks, may raise a notification, and an opt-in lifetime policy deletes old forever-tokens
// through the same exact, resumable, key-bound job as a bulk delete.
import { describe, expect, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackground } from '@/utils/background';
import { BADGE_COLORS } from '@/utils/background/badge';
import { REFRESH_ALARM } from '@/utils/background/schedule';
import { activityOf } from '@/utils/history';
import {
  alertItem,
  bulkDeleteItem,
  popupIntentItem,
  readHistory,
  settingsItem,
  DEFAULT_SETTINGS,
  type BulkDeleteJob,
} from '@/utils/storage';
import { cachedTokens, it, savedKeyId, TEST_CLIENT_TUNING, type TestBackground } from '../../../helpers/background';

import { apiDate as iso, DAY_MS as DAY, seedAges, waitForJob as waitForAccountJob } from '@/tests/helpers/jobs';

const waitForJob = (done: (job: BulkDeleteJob) => boolean) => waitForAccountJob('production', done);

/** Starts the background with a listed, looked-at account: the state the popup leaves behind. */
async function looked(startBackground: (o?: object) => Promise<TestBackground>, options: object = {}) {
  const h = await startBackground({ seed: { count: 20, neverExpiring: 5 }, ...options });
  expect(await h.request('refreshList', { account: 'production' })).toEqual({ ok: true });
  await h.request('markLooked', { account: 'production' });
  return h;
}

describe('the alert about new never-expiring tokens', () => {
  it('appears when a refresh finds one, names it in the tooltip, and clears when the person looks', async ({
    startBackground,
  }) => {
    const h = await looked(startBackground);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('5');
    const fresh = h.server.addToken('production', { ttl: 0 }); // a backend forgot the ttl
    h.server.addToken('production', { ttl: 3600 }); // this one expires: no news

    await h.background.onAlarm({ name: REFRESH_ALARM });

    expect((await alertItem('production').getValue())?.tokens).toEqual([fresh.token]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('6');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([0xb0, 0x00, 0x8a, 255]);
    expect((await fakeBrowser.action.getTitle({})).split('\n')[0]).toBe(
      '1 new never-expiring token in Production since you last looked',
    );

    await h.request('markLooked', { account: 'production' });
    expect(await alertItem('production').getValue()).toBeNull();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('6');
    const color = await fakeBrowser.action.getBadgeBackgroundColor({});
    expect(color).not.toEqual([0xb0, 0x00, 0x8a, 255]);
    expect(BADGE_COLORS.danger).toBe('#c5221f');
  });

  it('says nothing of the tokens there at the first listing, of tokens created here, or of a refresh in the popup', async ({
    startBackground,
  }) => {
    const h = await startBackground({ seed: { count: 20, neverExpiring: 5 } });
    await h.background.onAlarm({ name: REFRESH_ALARM }); // nothing cached yet: a count
    await h.request('refreshList', { account: 'production' }); // the first listing: a baseline
    await h.background.onAlarm({ name: REFRESH_ALARM });
    expect(await alertItem('production').getValue()).toBeNull();

    expect((await h.request('createToken', { account: 'production', ttl: 0 })).ok).toBe(true);
    h.server.addToken('production', { ttl: 0 });
    await h.request('refreshList', { account: 'production' }); // the popup shows it itself
    await h.background.onAlarm({ name: REFRESH_ALARM });
    expect(await alertItem('production').getValue()).toBeNull();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('7');
  });

  it('takes a list cached before there was a history (an update) as what was there already', async ({
    startBackground,
  }) => {
    const h = await looked(startBackground);
    await fakeBrowser.storage.local.remove(['tokenHistory:production', 'tokenHistory:production$']);
    await h.background.onAlarm({ name: REFRESH_ALARM });
    expect(await alertItem('production').getValue()).toBeNull();
    const fresh = h.server.addToken('production', { ttl: 0 });
    await h.background.onAlarm({ name: REFRESH_ALARM });
    expect((await alertItem('production').getValue())?.tokens).toEqual([fresh.token]);
  });

  it('forgets a new token deleted before the person looked', async ({ startBackground }) => {
    const h = await looked(startBackground);
    const fresh = h.server.addToken('production', { ttl: 0 });
    await h.background.onAlarm({ name: REFRESH_ALARM });
    expect((await alertItem('production').getValue())?.tokens).toEqual([fresh.token]);
    expect(await h.request('deleteToken', { account: 'production', token: fresh.token })).toMatchObject({ ok: true });
    expect(await alertItem('production').getValue()).toBeNull();
  });
});

describe('the notification', () => {
  it('is created when the setting is on and the permission granted, and not otherwise', async ({ startBackground }) => {
    let granted = false;
    const h = await looked(startBackground);
    const background = createBackground({
      hosts: h.server.urls,
      clientTuning: TEST_CLIENT_TUNING,
      notificationsPermitted: async () => granted,
    });
    try {
      // Off (the default): nothing, whatever the permission.
      granted = true;
      h.server.addToken('production', { ttl: 0 });
      await background.onAlarm({ name: REFRESH_ALARM });
      expect(await fakeBrowser.notifications.getAll()).toEqual({});

      // On, but the permission was refused: nothing, and the badge still says it.
      await settingsItem.setValue({ ...DEFAULT_SETTINGS, notifyNewForever: true });
      granted = false;
      h.server.addToken('production', { ttl: 0 });
      await background.onAlarm({ name: REFRESH_ALARM });
      expect(await fakeBrowser.notifications.getAll()).toEqual({});
      expect((await alertItem('production').getValue())?.tokens).toHaveLength(2);

      // On and granted: one notification for the account, naming how many are new.
      granted = true;
      h.server.addToken('production', { ttl: 0 });
      h.server.addToken('production', { ttl: 0 });
      await background.onAlarm({ name: REFRESH_ALARM });
      expect(await fakeBrowser.notifications.getAll()).toEqual({
        'new-forever:production': expect.objectContaining({
          type: 'basic',
          message: '2 new never-expiring upload tokens in Production. Click to see them.',
        }),
      });
    } finally {
      background.dispose();
    }
  });

  it('opens the popup on the new tokens when clicked, or the options page where the popup cannot open', async ({
    startBackground,
  }) => {
    const h = await looked(startBackground);
    // WXT's fake browser cannot open a popup (as some browsers cannot from a notification).
    const openOptionsPage = vi.fn(async () => {});
    fakeBrowser.runtime.openOptionsPage = openOptionsPage;
    await h.background.onNotificationClicked('new-forever:production');
    expect(await popupIntentItem.getValue()).toMatchObject({ account: 'production', show: 'new' });
    expect(openOptionsPage).toHaveBeenCalledOnce();
    await h.background.onNotificationClicked('someone-else');
    expect(openOptionsPage).toHaveBeenCalledOnce();
  });
});

describe('the lifetime policy', () => {
  it('previews exactly what it then deletes: old never-expiring tokens without a Keep mark, nothing else', async ({
    startBackground,
  }) => {
    const h = await startBackground({ withKey: true });
    const ages = seedAges(h.server);
    await h.request('refreshList', { account: 'production' });
    const [kept, ...due] = ages.oldForever;
    await h.request('setLabel', { account: 'production', token: due[0]!, label: 'Old kiosk' });
    expect(await h.request('setKeep', { account: 'production', token: kept!, keep: true })).toEqual({ ok: true });

    const preview = await h.request('previewPolicy', { account: 'production', maxAgeDays: 30 });
    if (!preview.ok) throw new Error(preview.error.kind);
    expect(preview.tokens.map((token) => token.token).sort()).toEqual([...due].sort());
    expect(h.server.operations.deleted).toHaveLength(0); // a preview deletes nothing

    expect(await h.request('updateAccount', { account: 'production', policyDays: 30 })).toEqual({ ok: true });
    const job = await waitForJob((found) => found.state === 'done');
    await h.background.bulk.idle(); // its report is written before the history
    expect(job.via).toBe('policy');
    const deleted = h.server.operations.deleted.map((operation) => operation.token).sort();
    expect(deleted).toEqual(preview.tokens.map((token) => token.token).sort());
    const left = h.server.tokens('production').map((token) => token.token);
    for (const token of [kept!, ...ages.youngForever, ...ages.oldExpiring]) expect(left).toContain(token);

    // The activity log says the same as the server, with the label the token had.
    const history = await readHistory('production', await savedKeyId('production'));
    const activity = activityOf(history!.events);
    expect(activity.map((entry) => entry.token).sort()).toEqual(deleted);
    expect(activity.every((entry) => entry.by === 'policy')).toBe(true);
    expect(activity.find((entry) => entry.token === due[0])?.label).toBe('Old kiosk');
    expect((await cachedTokens('production'))?.tokens.map((token) => token.token)).not.toContain(due[1]);
  });

  it('runs on the refresh alarm, and never touches a token marked Keep while it runs', async ({ startBackground }) => {
    const h = await startBackground();
    await h.request('refreshList', { account: 'production' });
    await h.request('updateAccount', { account: 'production', policyDays: 30 }); // nothing due yet
    expect(await bulkDeleteItem('production').getValue()).toBeNull();
    const now = Date.now();
    const old = Array.from(
      { length: 30 },
      (_, i) => h.server.addToken('production', { ttl: 0, createdAt: iso(now - (40 + i) * DAY) }).token,
    );
    const deletes = h.server.hold({ method: 'DELETE', times: 1 });
    const alarm = h.background.onAlarm({ name: REFRESH_ALARM });
    await deletes.arrived;
    // The oldest go first; one of the last ones is marked Keep while the first is in flight.
    const spared = old[0]!;
    expect(await h.request('setKeep', { account: 'production', token: spared, keep: true })).toEqual({ ok: true });
    deletes.release();
    await alarm;
    const job = await waitForJob((found) => found.state === 'done');
    expect(job.skipped).toEqual([spared]);
    expect(h.server.tokens('production').map((token) => token.token)).toEqual([spared]);
    expect(job.deleted).toHaveLength(29);
  });

  it('turned off mid-run, stops: what was not yet sent stays on api.video', async ({ startBackground }) => {
    const h = await startBackground();
    const now = Date.now();
    for (let i = 0; i < 40; i++) h.server.addToken('production', { ttl: 0, createdAt: iso(now - (40 + i) * DAY) });
    await h.request('refreshList', { account: 'production' });
    const deletes = h.server.hold({ method: 'DELETE', times: 1 });
    const turnedOn = h.request('updateAccount', { account: 'production', policyDays: 30 });
    await deletes.arrived;
    await turnedOn;
    expect(await h.request('updateAccount', { account: 'production', policyDays: null })).toEqual({ ok: true });
    deletes.release();
    const job = await waitForJob((found) => found.state === 'cancelled');
    expect(job.pending.length).toBeGreaterThan(0);
    expect(h.server.tokens('production')).toHaveLength(job.pending.length);
    expect(job.deleted.length + job.pending.length).toBe(40);
  });

  it('interrupted by a worker restart, resumes and deletes each due token exactly once', async ({
    startBackground,
  }) => {
    const h = await startBackground({ serverOptions: { latencyMs: 10 } });
    const now = Date.now();
    for (let i = 0; i < 36; i++) h.server.addToken('production', { ttl: 0, createdAt: iso(now - (40 + i) * DAY) });
    await h.request('refreshList', { account: 'production' });
    await h.request('updateAccount', { account: 'production', policyDays: 30 });
    await waitForJob((job) => job.deleted.length >= 3 && job.inFlight.length > 0);
    h.background.dispose(); // MV3 killed the worker mid-run

    const reborn = createBackground({ hosts: h.server.urls, clientTuning: TEST_CLIENT_TUNING });
    try {
      await reborn.onWorkerStart();
      await reborn.bulk.idle();
      const job = await waitForJob((found) => found.state === 'done');
      expect(job.via).toBe('policy');
      expect(job.deleted).toHaveLength(36);
      expect(h.server.tokens('production')).toEqual([]);
      for (const token of job.deleted) expect(h.server.operations.deleteAttempts(token)).toBeLessThanOrEqual(2);
      expect(new Set(h.server.operations.deleted.map((operation) => operation.token)).size).toBe(36);
    } finally {
      reborn.dispose();
    }
  });

  it('refuses a policy under a day or over ten years', async ({ startBackground }) => {
    const h = await startBackground();
    for (const policyDays of [0, 3651, 1.5])
      expect(await h.request('updateAccount', { account: 'production', policyDays })).toMatchObject({
        ok: false,
        error: { kind: 'invalid-request' },
      });
  });
});

describe('the activity log', () => {
  it('matches the server’s log of deletions: single, bulk and policy, each with who did it', async ({
    startBackground,
  }) => {
    const h = await startBackground();
    const now = Date.now();
    for (let i = 0; i < 6; i++) h.server.addToken('production', { ttl: 0, createdAt: iso(now - DAY) });
    const old = [0, 1].map((i) => h.server.addToken('production', { ttl: 0, createdAt: iso(now - (50 + i) * DAY) }));
    await h.request('refreshList', { account: 'production' });
    const tokens = h.server.tokens('production');
    const oldTokens = new Set(old.map((token) => token.token));
    const young = tokens.filter((token) => !oldTokens.has(token.token));
    await h.request('deleteToken', { account: 'production', token: young[0]!.token });
    await h.request('startBulkDelete', { account: 'production', tokens: [young[1]!.token, young[2]!.token] });
    await waitForJob((job) => job.state === 'done');
    await h.background.bulk.idle();
    await h.request('dismissBulkDelete', { account: 'production' });
    await h.request('updateAccount', { account: 'production', policyDays: 30 });
    await waitForJob((job) => job.state === 'done' && job.via === 'policy');
    await h.background.bulk.idle();

    const activity = activityOf((await readHistory('production', await savedKeyId('production')))!.events);
    const server = h.server.operations.deleted.map((operation) => operation.token);
    expect(activity.map((entry) => entry.token).sort()).toEqual([...server].sort());
    expect(
      activity
        .filter((entry) => entry.by === 'policy')
        .map((entry) => entry.token)
        .sort(),
    ).toEqual(old.map((token) => token.token).sort());
    expect(
      activity
        .filter((entry) => entry.by === 'you')
        .map((entry) => entry.via)
        .sort(),
    ).toEqual(['bulk', 'bulk', 'single']);
    // Newest first.
    expect(activity[0]!.at).toBeGreaterThanOrEqual(activity.at(-1)!.at);
  });
});

// The guard's notification (issue 14) end to end, in Firefox ESR: the one browser here in which
// the optional `notifications` permission can be granted without a person at the prompt (its
// preference extensions.webextOptionalPermissionPrompts = false answers optional permission
// requests "yes", as a person clicking "Allow" would; headless Chromium leaves the prompt
// unanswered, see ../guard.test.ts). The setting is turned on by a real click on the settings
// page, and what the background shows is read with the extension's own notifications API.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_KEYS } from '../../server';
import { waitForBadge, type UiPage } from '../driver';
import { launchFirefox, type FirefoxSession } from '../firefox';
import { addAccountOk } from '../steps';

const NOTIFY = 'Notify me when a new never-expiring token appears';
const NOTIFICATION_ID = 'new-forever:production';

type ExtensionGlobal = {
  browser: {
    runtime: { sendMessage(message: unknown): Promise<{ ok: boolean }> };
    alarms: { create(name: string, info: { when: number }): void };
    notifications?: { getAll(): Promise<Record<string, { message?: string }>> };
    permissions: { contains(p: { permissions: string[] }): Promise<boolean> };
  };
};

let session: FirefoxSession;
let options: UiPage;

/** What the settings page can see of the notifications (the API exists once the permission is granted). */
function notifications(page: UiPage) {
  return page.evaluate(async () => {
    const { browser } = globalThis as unknown as ExtensionGlobal;
    return {
      granted: await browser.permissions.contains({ permissions: ['notifications'] }),
      shown: browser.notifications ? await browser.notifications.getAll() : null,
    };
  }, undefined);
}

/** The refresh alarm, fired now (the background's own alarm name). */
function fireRefreshAlarm(page: UiPage) {
  return page.evaluate(() => {
    (globalThis as unknown as ExtensionGlobal).browser.alarms.create('refresh-badge', { when: Date.now() + 50 });
  }, undefined);
}

async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  session = await launchFirefox({
    extensionDir: inject('firefoxExtensionDir'),
    prefs: { 'extensions.webextOptionalPermissionPrompts': false },
  });
  session.server.seed('production', { count: 10, neverExpiring: 3, seed: 61 });
  options = await session.waitForOptionsTab();
  await addAccountOk(options, 'production', DEFAULT_KEYS.production, 'Acme production');
  await waitForBadge(session, '3', 20_000);
  // What the popup does when it shows the list: read it, and remember the person looked.
  const sent = await options.evaluate(async () => {
    const { browser } = globalThis as unknown as ExtensionGlobal;
    const listed = await browser.runtime.sendMessage({ type: 'refreshList', payload: { account: 'production' } });
    const looked = await browser.runtime.sendMessage({ type: 'markLooked', payload: { account: 'production' } });
    return listed.ok && looked.ok;
  }, undefined);
  expect(sent).toBe(true);
});

afterAll(async () => {
  await session?.close();
});

describe('the notification about a new never-expiring token (Firefox)', () => {
  it('is not shown while the setting is off: the badge alone says it', async () => {
    session.server.addToken('production', { ttl: 0 });
    await fireRefreshAlarm(options);
    await waitUntil(
      () => session.badgeTitle(),
      (title) => title.startsWith('1 new never-expiring token in Acme production'),
      'the badge’s attention state',
    );
    expect(await notifications(options)).toEqual({ granted: false, shown: null });
  });

  it('turned on by a click, asks for the permission, and then a new token is notified', async () => {
    await options.click({ role: 'checkbox', name: NOTIFY });
    await waitUntil(
      async () => (await session.storage('local'))['settings'] as { notifyNewForever?: boolean } | undefined,
      (settings) => settings?.notifyNewForever === true,
      'the setting saved once the permission was granted',
    );
    expect((await notifications(options)).granted).toBe(true);

    session.server.addToken('production', { ttl: 0 });
    await fireRefreshAlarm(options);
    const { shown } = await waitUntil(
      () => notifications(options),
      (found) => found.shown !== null && NOTIFICATION_ID in found.shown,
      'the notification',
    );
    expect(shown![NOTIFICATION_ID]!.message).toBe(
      '1 new never-expiring upload token in Acme production. Click to see it.',
    );
  });

  it('turned off, gives the permission back: the next new token is not notified', async () => {
    await options.click({ role: 'checkbox', name: NOTIFY });
    await waitUntil(
      () => notifications(options),
      (found) => !found.granted,
      'the permission given back',
    );
    expect(((await session.storage('local'))['settings'] as { notifyNewForever?: boolean }).notifyNewForever).toBe(
      false,
    );
  });
});

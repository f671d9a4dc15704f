// Firefox runs the background as an event page and unloads it when idle (Chromium kills its
// service worker the same way). Here Firefox itself unloads it, after a short idle time set by
// its own preference: the refresh alarm still wakes it to repaint the badge, and a bulk delete
// cut short by an unload carries on when the watchdog alarm wakes it, and reports exactly.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_KEYS } from '../../server';
import { secretLeaks } from '../audit';
import { waitForBadge, type UiPage } from '../driver';
import { launchFirefox, type FirefoxSession } from '../firefox';
import { POPUP_VIEWPORT, addAccountOk, startBulkDelete, waitForBulkDeleteReport } from '../steps';

const TOTAL = 20;
const NEVER = 8;
/** Idle time after which Firefox unloads the event page (its default is 30 s). */
const IDLE_MS = 2_000;
/** Alarms fire once a minute at the fastest: allow two periods and the wake-up. */
const ALARM_WAIT_MS = 150_000;

let session: FirefoxSession;
let options: UiPage;

async function waitForUnload(timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await session.backgroundLoaded()) {
    if (Date.now() > deadline) throw new Error(`the event page was still loaded after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  session = await launchFirefox({ extensionDir: inject('firefoxExtensionDir'), backgroundIdleMs: IDLE_MS });
  session.server.seed('production', { count: TOTAL, neverExpiring: NEVER, expiringSoon: 2, seed: 41 });
  options = await session.waitForOptionsTab();
  await addAccountOk(options, 'production', DEFAULT_KEYS.production);
  await waitForBadge(session, String(NEVER), 20_000);
});

afterAll(async () => {
  if (!session) return;
  try {
    expect(secretLeaks(session.server.requests, [DEFAULT_KEYS.production])).toEqual([]);
    expect(session.server.validationErrors).toEqual([]);
  } finally {
    await session.close();
  }
});

describe('the event page, unloaded when idle', () => {
  it('is unloaded by Firefox, and the refresh alarm wakes it to repaint the badge', async () => {
    await options.fill({ label: 'Check for tokens every (minutes)' }, '1');
    await options.click({ role: 'button', name: 'Save settings' });
    await options.waitFor({ text: 'Settings saved.' });

    await waitForUnload();
    const requestsBefore = session.server.requests.length;
    // A change nobody tells the extension about: only a refresh started by the alarm can see it.
    session.server.addToken('production', { ttl: 0 });
    await waitForBadge(session, String(NEVER + 1), ALARM_WAIT_MS);
    const since = session.server.requests.slice(requestsBefore);
    expect(since.some((request) => request.method === 'GET' && request.path === '/upload-tokens')).toBe(true);
  }, 240_000);

  it('resumes a bulk delete cut short by an unload, and reports exactly what was deleted', async () => {
    const never = NEVER + 1;
    const popup = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
    await popup.click({ role: 'radio', name: `Never expires (${never})` });
    // The first DELETE is carried out, and its answer held: the event page is unloaded meanwhile.
    const held = session.server.hold({ method: 'DELETE', pathPrefix: '/upload-tokens/', phase: 'after' });

    await startBulkDelete(popup, never);

    const first = await held.arrived;
    await waitForUnload();
    // Its answer now goes to a page that is gone.
    held.release();

    await waitForBulkDeleteReport(popup, { deleted: never, failed: 0 }, ALARM_WAIT_MS);
    expect(session.server.tokens('production').filter((token) => token.ttl === 0)).toEqual([]);
    expect(session.server.operations.deleted).toHaveLength(never);
    // The token whose answer was lost was asked again by the resumed job (404: already gone), and
    // counted once as deleted.
    const lost = decodeURIComponent(first.path.slice('/upload-tokens/'.length));
    expect(session.server.operations.deleteAttempts(lost)).toBe(2);
    await waitForBadge(session, '');
  }, 240_000);
});

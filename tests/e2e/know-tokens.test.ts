// Issue 13 in Chromium, the production build: label a token, find it by its label, export the
// list, and read the file the browser saved (an <a download> of a Blob URL: no downloads permission).
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { maskToken } from '@/utils/mask';
import type { UploadToken } from '@/utils/apivideo/types';
import { DEFAULT_KEYS } from '../server';
import { expectAccessible } from './axe';
import { chromiumUiPage } from './chromium-driver';
import type { UiPage } from './driver';
import { launchExtension, type ExtensionSession } from './fixtures';
import {
  button,
  inAccount,
  newestFirst,
  POPUP_VIEWPORT,
  addAccountOk,
  showing,
  text,
  tokenList,
  waitForList,
} from './steps';

const LABEL = 'Mobile app — iOS';

let session: ExtensionSession;
let page: Page;
let popup: UiPage;
let tokens: UploadToken[];

beforeAll(async () => {
  session = await launchExtension({ extensionDir: inject('extensionDir') });
  session.server.seed('production', { count: 5, neverExpiring: 2, seed: 21 });
  tokens = newestFirst(session.server.tokens('production'));
  const options = await chromiumUiPage(await session.waitForOptionsTab());
  await addAccountOk(options, 'production', DEFAULT_KEYS.production);
  page = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
  popup = await chromiumUiPage(page);
  await waitForList(popup, 5);
});

afterAll(async () => {
  await session?.close();
});

/** Clicks "Export" in the dialog and returns the file the browser saved. */
async function exportFile(): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), popup.click(button('Export'))]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

describe('know your tokens (Chromium)', () => {
  it('labels a token in its details', async () => {
    const target = tokens[2]!;
    await popup.click([tokenList, button(new RegExp(`^${maskToken(target.token)}`))]);
    await popup.fill({ label: 'Label' }, LABEL);
    await popup.click(button('Save label'));
    await popup.waitFor(text(`Label of ${maskToken(target.token)} saved`));
    await expectAccessible(page, 'token details with its label and history');
    await popup.click(button('Back'));
    await popup.waitFor([tokenList, button(new RegExp(LABEL))]);
  });

  it('finds it by its label', async () => {
    await popup.fill({ label: 'Search tokens' }, 'mobile app');
    await popup.waitFor(showing(1, 5));
    expect(await popup.text([tokenList, { role: 'listitem' }])).toContain(maskToken(tokens[2]!.token));
  });

  it('exports the shown list as CSV, with no full token in it', async () => {
    await popup.click(button('Export…'));
    await popup.waitFor({ role: 'dialog', name: 'Export tokens' });
    const file = await exportFile();
    expect(file.name).toMatch(/^upload-tokens-production-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = file.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Token (masked),Label,Created,Expires,First seen,Created here');
    expect(lines[1]).toMatch(new RegExp(`^${maskToken(tokens[2]!.token)},${LABEL},`));
    expect(lines.filter((line) => line !== '')).toHaveLength(2);
    for (const token of tokens) expect(file.text.includes(token.token)).toBe(false);
  });

  it('exports every token as JSON with the full tokens when asked', async () => {
    await popup.click(button('Export…'));
    await popup.click({ role: 'radio', name: /^JSON/ });
    await popup.click({ role: 'radio', name: 'All 5' });
    await popup.click({ role: 'checkbox', name: 'Include the full tokens (they are secrets)' });
    await expectAccessible(page, 'export dialog');
    const file = await exportFile();
    expect(file.name).toMatch(/\.json$/);
    const parsed = JSON.parse(file.text) as {
      tokens: { token: string; label: string | null; neverExpires: boolean }[];
    };
    expect(parsed.tokens.map((entry) => entry.token).sort()).toEqual(tokens.map((token) => token.token).sort());
    expect(parsed.tokens.find((entry) => entry.token === tokens[2]!.token)?.label).toBe(LABEL);
    expect(parsed.tokens.filter((entry) => entry.neverExpires)).toHaveLength(2);
  });

  it('imports labels on the settings page, accessibly, with a report', async () => {
    const options = await session.openExtensionPage('options.html');
    const optionsUi = await chromiumUiPage(options);
    await optionsUi.click(inAccount('Production', button('Rename, replace key, import labels')));
    await optionsUi.waitFor(inAccount('Production', { role: 'heading', name: 'Import labels' }));
    await expectAccessible(options, 'settings page with the label import');
    const file = JSON.stringify({
      tokens: [{ token: tokens[0]!.token, label: 'Imported' }, { token: 'toNope', label: 'x' }, 42],
    });
    await options.getByLabel('JSON export file').setInputFiles({
      name: 'export.json',
      mimeType: 'application/json',
      buffer: Buffer.from(file),
    });
    await optionsUi.waitFor(text('1 matched, 1 unknown, 1 malformed.'));
    // The popup, still open, follows: its search is cleared to show every row again.
    await popup.fill({ label: 'Search tokens' }, '');
    await popup.waitFor([tokenList, button(/Imported/)]);
    await options.close();
  });

  it('keeps labels in storage.local only, never in sync', async () => {
    expect(JSON.stringify(await session.storage('sync'))).not.toContain(LABEL);
    expect(JSON.stringify(await session.storage('local'))).toContain(LABEL);
  });
});

// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
import { describe, expect } from 'vitest';
import { screen, waitFor, within } from '@testing-library/preact';
import type userEvent from '@testing-library/user-event';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { apiKeyItem, readAccounts, readLabels, readSettings, readSnapshot, readTokenCache } from '@/utils/storage';
import { OTHER_KEYS } from '@/tests/server';
import { cachedTokens, it, savedKeyId, type TestBackground } from '../../helpers/background';
import { setUpOptions } from './options-harness';

const setUp = setUpOptions;

/** The region of the options page given to one account, named after it. */
const accountGroup = (name: string) => screen.findByRole('region', { name });
const addForm = () => screen.getByRole('region', { name: 'Add account' });

/** Opens an account's "Rename, replace key, import labels" disclosure. */
async function manage(user: ReturnType<typeof userEvent.setup>, group: HTMLElement) {
  const toggle = within(group).getByRole('button', { name: 'Rename, replace key, import labels' });
  expect(toggle.getAttribute('aria-expanded')).toBe('false');
  expect(within(group).queryByLabelText('New API key')).toBeNull();
  await user.click(toggle);
  expect(toggle.getAttribute('aria-expanded')).toBe('true');
}

/** A second account, Sandbox, with its own tokens, added the way the page adds one. */
async function addSandbox(background: TestBackground, seed = { count: 3, neverExpiring: 2 }) {
  background.server.seed('sandbox', seed);
  const added = await background.request('addAccount', {
    name: 'Sandbox',
    environment: 'sandbox',
    apiKey: background.keys.sandbox,
  });
  if (!added.ok) throw new Error(added.error.message);
  return added.account;
}

async function fillAddForm(
  user: ReturnType<typeof userEvent.setup>,
  { name, apiKey, environment }: { name: string; apiKey: string; environment?: 'Production' | 'Sandbox' },
) {
  const form = addForm();
  await user.clear(within(form).getByLabelText('Account name'));
  await user.type(within(form).getByLabelText('Account name'), name);
  await user.type(within(form).getByLabelText('API key'), apiKey);
  if (environment) await user.click(within(form).getByRole('radio', { name: environment }));
  await user.click(within(form).getByRole('button', { name: 'Save' }));
}

describe('options page: adding an account', () => {
  it('starts with Add account first, refuses a wrong key and stores nothing, then adds a checked one', async ({
    startBackground,
  }) => {
    const { user, background } = await setUp(startBackground, { withKey: false });
    const form = addForm();
    // First run: adding an account comes before everything else on the page.
    expect(screen.getAllByRole('heading', { level: 2 })[0]?.textContent).toBe('Add account');
    expect(within(form).getByText(/Start here/)).toBeTruthy();
    expect(screen.getByText(/No account yet/)).toBeTruthy();
    const key = within(form).getByLabelText<HTMLInputElement>('API key');
    expect(key.type).toBe('password');
    expect(key.getAttribute('autocomplete')).toBe('off');
    expect(within(form).getByRole('group', { name: 'Environment' })).toBeTruthy();
    expect(within(form).getByRole<HTMLInputElement>('radio', { name: 'Production' }).checked).toBe(true);
    expect(within(form).getByLabelText<HTMLInputElement>('Account name').maxLength).toBe(60);

    await fillAddForm(user, { name: 'Acme live', apiKey: 'not-a-real-key-1234567890' });
    expect((await within(form).findByRole('alert')).textContent).toContain('api.video rejected this API key');
    expect(await readAccounts()).toEqual([]);
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).filter((key) => key.includes('apiKey'))).toEqual([]);

    await user.clear(key);
    await user.type(key, background.keys.production);
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText('Account Acme live added: api.video accepted its key.')).toBeTruthy();
    expect(key.value).toBe('');
    const group = await accountGroup('Acme live');
    expect(await within(group).findByText(`••••••••${background.keys.production.slice(-4)}`)).toBeTruthy();
    expect(within(group).getByText('Production')).toBeTruthy();
    expect(await readAccounts()).toMatchObject([{ id: 'production', name: 'Acme live', environment: 'production' }]);
    expect((await apiKeyItem('production').getValue())?.apiKey).toBe(background.keys.production);
    // The secret never reaches the page in full.
    expect(document.body.innerHTML).not.toContain(background.keys.production);
  });

  it('offers to switch to the environment a key works in, and adds it there in one click', async ({
    startBackground,
  }) => {
    const { user, background } = await setUp(startBackground, { withKey: false });
    await fillAddForm(user, { name: 'Tests', apiKey: background.keys.sandbox });
    const form = addForm();
    expect((await within(form).findByRole('alert')).textContent).toMatch(/works for sandbox/i);
    await user.click(within(form).getByRole('button', { name: 'Switch to Sandbox and save' }));

    expect(await within(form).findByText('Account Tests added: api.video accepted its key.')).toBeTruthy();
    expect(await readAccounts()).toMatchObject([{ id: 'sandbox', name: 'Tests', environment: 'sandbox' }]);
    expect(within(await accountGroup('Tests')).getByText('Sandbox')).toBeTruthy();
  });

  it('asks for a name and a key before sending anything', async ({ startBackground }) => {
    const { user, background } = await setUp(startBackground, { withKey: false });
    const form = addForm();
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    const name = within(form).getByLabelText('Account name');
    expect(within(form).getByText('Enter a name for the account.')).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(name);
    await user.type(name, 'Acme');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Enter an API key first.');
    expect(background.server.requests).toHaveLength(0);
  });

  it('refuses a key another account already has, naming that account', async ({ startBackground }) => {
    const { user, background } = await setUp(startBackground);
    await fillAddForm(user, { name: 'Copy', apiKey: background.keys.production });
    const alert = await within(addForm()).findByRole('alert');
    expect(alert.textContent).toBe(
      'This API key is already saved as the account “Production”. A key can belong to one account only.',
    );
    expect((await readAccounts()).map((account) => account.name)).toEqual(['Production']);
    expect(screen.queryByRole('region', { name: 'Copy' })).toBeNull();
  });

  it('adds a second account of the same environment beside the first', async ({ startBackground }) => {
    const { user, background } = await setUp(startBackground);
    background.server.account('production', OTHER_KEYS.production).seed({ count: 2, neverExpiring: 1 });
    await fillAddForm(user, { name: 'Acme staging', apiKey: OTHER_KEYS.production });
    const group = await accountGroup('Acme staging');
    const accounts = await readAccounts();
    expect(accounts.map((account) => account.name)).toEqual(['Production', 'Acme staging']);
    expect(accounts[1]?.id).toMatch(/^production-[a-z0-9]+$/);
    await waitFor(() => expect(within(group).getByText('Never expire').nextElementSibling?.textContent).toBe('1'));
  });
});

describe('options page: one account', () => {
  it('shows the account with its masked key, last check and counts', async ({ startBackground }) => {
    const { user, background } = await setUp(startBackground, {
      seed: { count: 5, neverExpiring: 2, expiringSoon: 1 },
    });
    const group = await accountGroup('Production');
    const fact = (term: string) => within(group).getByText(term).nextElementSibling?.textContent;
    expect(fact('Environment')).toBe('Production');
    await waitFor(() => expect(fact('Key')).toBe(`••••••••${background.keys.production.slice(-4)}`));
    expect(fact('Key')).toBe(`••••••••${background.keys.production.slice(-4)}`);
    await waitFor(() => expect(fact('Never expire')).toBe('2'));
    expect(fact('Last check')).not.toBe('Not yet');
    // Total and expiring soon come from the cached list, once there is one.
    expect(fact('Total')).toBe('Not known yet');
    await user.click(within(group).getByRole('button', { name: 'Check now: Production' }));
    await waitFor(() => expect(fact('Total')).toBe('5'));
    expect(fact('Expiring soon')).toBe('1');
    expect(within(group).getByRole<HTMLInputElement>('checkbox', { name: 'Watch in the badge' }).checked).toBe(true);
  });

  it('checks an account now, and shows a revoked key’s failure as its last check', async ({ startBackground }) => {
    const { user, background } = await setUp(startBackground);
    background.server.account('production', background.keys.production).revokeKey();
    const group = await accountGroup('Production');
    await user.click(await within(group).findByRole('button', { name: 'Check now: Production' }));
    expect((await within(group).findByRole('alert')).textContent).toContain('api.video rejected this API key');
    await waitFor(() =>
      expect(within(group).getByText('Last check').nextElementSibling?.textContent).toMatch(
        /^Failed: api\.video rejected this API key/,
      ),
    );
    expect(await fakeBrowser.action.getBadgeText({})).toBe('KEY');
  });

  it('renames an account', async ({ startBackground }) => {
    const { user } = await setUp(startBackground);
    const group = await accountGroup('Production');
    await manage(user, group);
    const name = within(group).getByLabelText<HTMLInputElement>('Account name');
    expect(name.value).toBe('Production');
    await user.clear(name);
    await user.click(within(group).getByRole('button', { name: 'Rename' }));
    expect(within(group).getByText('Enter a name for the account.')).toBeTruthy();
    expect((await readAccounts())[0]?.name).toBe('Production');

    await user.type(name, 'Acme live');
    await user.click(within(group).getByRole('button', { name: 'Rename' }));
    const renamed = await accountGroup('Acme live');
    expect(within(renamed).getByText('Renamed to Acme live.')).toBeTruthy();
    expect((await readAccounts())[0]?.name).toBe('Acme live');
    await waitFor(async () => expect(await fakeBrowser.action.getTitle({})).toContain('Acme live'));
  });

  it('replaces the key: what the old key learnt is gone, the new key is counted', async ({ startBackground }) => {
    const { user, background } = await setUp(startBackground, { seed: { count: 4, neverExpiring: 3 } });
    await background.request('refreshList', { account: 'production' });
    const oldKeyId = await savedKeyId('production');
    expect((await cachedTokens('production'))?.tokens).toHaveLength(4);
    background.server.account('production', OTHER_KEYS.production).seed({ count: 2, neverExpiring: 1 });

    const group = await accountGroup('Production');
    await manage(user, group);
    const key = within(group).getByLabelText<HTMLInputElement>('New API key');
    expect(key.type).toBe('password');
    await user.type(key, OTHER_KEYS.production);
    await user.click(within(group).getByRole('button', { name: 'Replace key' }));

    expect(await within(group).findByText('Key replaced: api.video accepted the new key for Production.')).toBeTruthy();
    expect(key.value).toBe('');
    const newKeyId = await savedKeyId('production');
    expect(newKeyId).not.toBe(oldKeyId);
    expect(await readTokenCache('production', oldKeyId)).toBeNull();
    expect(await cachedTokens('production')).toBeNull();
    expect((await readSnapshot('production', newKeyId))?.neverExpiring).toBe(1);
    expect(within(group).getByText(`••••••••${OTHER_KEYS.production.slice(-4)}`)).toBeTruthy();
    await waitFor(() => expect(within(group).getByText('Never expire').nextElementSibling?.textContent).toBe('1'));
  });

  it('refuses to replace a key with another account’s', async ({ startBackground }) => {
    const { user, background } = await setUp(startBackground);
    await addSandbox(background);
    const group = await accountGroup('Production');
    await manage(user, group);
    const oldKeyId = await savedKeyId('production');
    await user.type(within(group).getByLabelText('New API key'), background.keys.sandbox);
    await user.click(within(group).getByRole('button', { name: 'Replace key' }));
    expect((await within(group).findByRole('alert')).textContent).toContain('“Sandbox”');
    expect(await savedKeyId('production')).toBe(oldKeyId);
  });
});

describe('options page: several accounts', () => {
  it('counts only the watched accounts in the badge', async ({ startBackground }) => {
    const { user, background } = await setUp(startBackground, { seed: { count: 5, neverExpiring: 3 } });
    await addSandbox(background, { count: 3, neverExpiring: 2 });
    await waitFor(async () => expect(await fakeBrowser.action.getBadgeText({})).toBe('5'));
    const title = (await fakeBrowser.action.getTitle({})).split('\n');
    expect(title[0]).toBe('5 upload tokens never expire in 2 accounts');
    expect(title[1]).toMatch(/^3 upload tokens never expire \(Production\)/);
    expect(title[2]).toMatch(/^2 upload tokens never expire \(Sandbox\)/);

    const production = await accountGroup('Production');
    const watch = within(production).getByRole<HTMLInputElement>('checkbox', { name: 'Watch in the badge' });
    await user.click(watch);
    await waitFor(async () => expect(await fakeBrowser.action.getBadgeText({})).toBe('2'));
    expect(await fakeBrowser.action.getTitle({})).not.toContain('Production');
    expect((await readAccounts()).find((account) => account.id === 'production')?.watched).toBe(false);
    await waitFor(() => expect(watch.checked).toBe(false));

    await user.click(watch);
    await waitFor(async () => expect(await fakeBrowser.action.getBadgeText({})).toBe('5'));
  });

  it('removes an account only after confirmation, and nothing of it remains in any storage area', async ({
    startBackground,
  }) => {
    const { user, background } = await setUp(startBackground, { seed: { count: 3, neverExpiring: 1 } });
    const removed = await addSandbox(background);
    await background.request('refreshList', { account: removed });
    await background.request('refreshList', { account: 'production' });
    const [token] = background.server.tokens('sandbox');
    await background.request('setLabel', { account: removed, token: token!.token, label: 'mine' });
    await background.request('markLooked', { account: removed });
    const removedKeyId = (await savedKeyId(removed))!;
    const keptKeyId = (await savedKeyId('production'))!;
    const areas = async () => ({
      ...(await fakeBrowser.storage.local.get(null)),
      ...(await fakeBrowser.storage.session.get(null)),
    });
    // The account did leave traces to remove.
    expect(Object.keys(await areas()).filter((key) => key.includes(removed)).length).toBeGreaterThan(4);

    const group = await accountGroup('Sandbox');
    await user.click(within(group).getByRole('button', { name: 'Remove account' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Remove the account Sandbox?' });
    expect(dialog.textContent).toContain(
      'Its key, cached tokens, labels and history are forgotten in this browser; its tokens stay on api.video.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(await readAccounts()).toHaveLength(2);

    await user.click(within(group).getByRole('button', { name: 'Remove account' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Remove account' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Sandbox' })).toBeNull());
    // The focus goes to the account before it (none after it).
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Production'));
    expect(await screen.findByText('Account Sandbox removed.')).toBeTruthy();

    const left = await areas();
    for (const [key, value] of Object.entries(left)) {
      expect(key).not.toContain(removed);
      expect(JSON.stringify(value)).not.toContain(removedKeyId);
    }
    expect((await readAccounts()).map((account) => account.id)).toEqual(['production']);
    // The other account keeps everything.
    expect((await cachedTokens('production'))?.tokens).toHaveLength(3);
    expect(Object.values(left).some((value) => JSON.stringify(value).includes(keptKeyId))).toBe(true);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect(background.server.tokens('sandbox')).toHaveLength(3); // its tokens stay on api.video
  });

  it('after removing the last account, the focus goes to Add account', async ({ startBackground }) => {
    const { user } = await setUp(startBackground);
    const group = await accountGroup('Production');
    await user.click(within(group).getByRole('button', { name: 'Remove account' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Remove account' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Add account'));
    expect(await readAccounts()).toEqual([]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('?');
  });
});

describe('options page: twenty accounts', () => {
  it('lists every account in its own group, compact, each with its own controls', async ({ startBackground }) => {
    const keys = Array.from({ length: 20 }, (_, i) => `prod_key_scale_${String(i).padStart(2, '0')}_0123456789abcdef`);
    const { background } = await setUp(startBackground, {
      withKey: false,
      serverOptions: { keys: { production: keys } },
    });
    for (const [i, apiKey] of keys.entries()) {
      const added = await background.request('addAccount', {
        name: `Customer ${i + 1}`,
        environment: 'production',
        apiKey,
      });
      if (!added.ok) throw new Error(added.error.message);
    }
    await waitFor(() => expect(screen.getAllByRole('region', { name: /^Customer \d+$/ })).toHaveLength(20));
    const groups = screen.getAllByRole('region', { name: /^Customer \d+$/ });
    expect(groups.map((group) => within(group).getByRole('heading', { level: 3 }).textContent)).toEqual(
      keys.map((_, i) => `Customer ${i + 1}`),
    );
    // Rename, key and labels stay folded away until asked for: one field per page, the add form's.
    expect(screen.getAllByLabelText('Account name')).toHaveLength(1);
    expect(screen.queryAllByLabelText('New API key')).toHaveLength(0);
    for (const group of groups) {
      expect(within(group).getByRole('checkbox', { name: 'Watch in the badge' })).toBeTruthy();
      expect(within(group).getByRole('button', { name: 'Remove account' })).toBeTruthy();
    }
    await waitFor(async () =>
      expect(await fakeBrowser.action.getTitle({})).toMatch(/^0 upload tokens never expire in 20 accounts/),
    );
  });
});

describe('options page: settings', () => {
  it('validates the numbers with clear messages before saving them', async ({ startBackground }) => {
    const { user } = await setUp(startBackground);
    const refresh = screen.getByLabelText<HTMLInputElement>('Check for tokens every (minutes)');
    const soon = screen.getByLabelText<HTMLInputElement>('“Expiring soon” means within (hours)');
    expect(refresh.value).toBe('15');
    expect(soon.value).toBe('24');

    await user.clear(refresh);
    await user.type(refresh, '0');
    await user.clear(soon);
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText('Enter 1 or more.')).toBeTruthy();
    expect(screen.getByText('Enter a number.')).toBeTruthy();
    expect(refresh.getAttribute('aria-invalid')).toBe('true');
    expect(refresh.getAttribute('aria-describedby')).toContain(screen.getByText('Enter 1 or more.').id);
    await waitFor(() => expect(document.activeElement).toBe(refresh));
    expect((await readSettings()).settings.refreshIntervalMinutes).toBe(15);

    await user.clear(refresh);
    await user.type(refresh, '30');
    await user.type(soon, '48');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    expect(refresh.getAttribute('aria-invalid')).toBeNull();
    const { settings } = await readSettings();
    expect(settings.refreshIntervalMinutes).toBe(30);
    expect(settings.expiringSoonHours).toBe(48);
  });
});

describe('options page: share of the rate limit', () => {
  const label = "Use at most this share of api.video's rate limit (%)";

  it('shows the share with its bounds and what it leaves, and saves a new one', async ({ startBackground }) => {
    const { user } = await setUp(startBackground);
    const share = screen.getByLabelText<HTMLInputElement>(label);
    expect(share.value).toBe('50');
    expect(share.min).toBe('10');
    expect(share.max).toBe('100');
    const hint = document.getElementById(share.getAttribute('aria-describedby')!.split(' ')[0]!);
    expect(hint?.textContent).toMatch(/your own backend.*From 10 to 100 %/);

    await user.clear(share);
    await user.type(share, '80');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    const { settings } = await readSettings();
    expect(settings.rateLimitSharePercent).toBe(80);
    expect(settings.refreshIntervalMinutes).toBe(15); // the other settings are kept
  });

  it.for<[string, string]>([
    ['5', 'Enter 10 or more.'],
    ['150', 'Enter 100 or less.'],
    ['', 'Enter a number.'],
  ])('refuses %j with “%s”, focuses it and saves nothing', async ([typed, message], { startBackground }) => {
    const { user } = await setUp(startBackground);
    const share = screen.getByLabelText<HTMLInputElement>(label);
    await user.clear(share);
    if (typed !== '') await user.type(share, typed);
    await user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText(message)).toBeTruthy();
    expect(share.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(share));
    expect((await readSettings()).settings.rateLimitSharePercent).toBe(50);
  });
});

describe('options page: help', () => {
  it('links to the dashboard in a new tab and says how the key is stored', async ({ startBackground }) => {
    await setUp(startBackground);
    const link = screen.getByRole('link', { name: /API keys/ });
    expect(link.getAttribute('href')).toBe('https://dashboard.api.video/project-settings/api-keys');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(screen.getByText(/not synced/).textContent).toMatch(/ws\.api\.video.*sandbox\.api\.video/);
  });
});

describe('options page: import labels', () => {
  it('merges the labels of a JSON export into one account and reports matched, unknown and malformed entries', async ({
    startBackground,
  }) => {
    const { user, background } = await setUp(startBackground, { seed: { count: 2 } });
    const [a, b] = background.server.tokens('production').map((token) => token.token);
    await background.request('setLabel', { account: 'production', token: b!, label: 'set here' });
    const file = new File(
      [
        JSON.stringify({
          format: 'apivideo-upload-tokens',
          tokens: [
            { token: a, label: 'Mobile' },
            { token: b, label: 'Other' },
            { token: 'toGoneGoneGoneGoneGone12', label: 'Gone' },
            { maskedToken: 'to1tcm…KMKb', label: 'no full token' },
          ],
        }),
      ],
      'upload-tokens-production.json',
      { type: 'application/json' },
    );
    const group = await accountGroup('Production');
    await within(group).findByRole('button', { name: 'Check now: Production' }); // the key is read
    await manage(user, group);
    const section = within(group).getByRole('region', { name: 'Import labels' });
    expect(within(section).getByText(/into Production/)).toBeTruthy();
    await user.upload(within(section).getByLabelText('JSON export file'), file);
    expect(
      await within(section).findByText(
        '2 matched, 1 unknown, 1 malformed. 1 of them already had another label here, which was kept.',
      ),
    ).toBeTruthy();
    expect((await readLabels('production', await savedKeyId('production')))?.labels).toEqual({
      [a!]: 'Mobile',
      [b!]: 'set here',
    });
  });

  it('refuses a file that is not JSON with a clear error, and loses no label', async ({ startBackground }) => {
    const { user, background } = await setUp(startBackground, { seed: { count: 1 } });
    const [a] = background.server.tokens('production').map((token) => token.token);
    await background.request('setLabel', { account: 'production', token: a!, label: 'mine' });
    const group = await accountGroup('Production');
    await within(group).findByRole('button', { name: 'Check now: Production' }); // the key is read
    await manage(user, group);
    const section = within(group).getByRole('region', { name: 'Import labels' });
    await user.upload(
      within(section).getByLabelText('JSON export file'),
      new File(['token,label\nto1,x'], 'labels.csv', { type: 'application/json' }),
    );
    expect((await within(section).findByRole('alert')).textContent).toContain('This file is not JSON');
    expect((await readLabels('production', await savedKeyId('production')))?.labels).toEqual({ [a!]: 'mine' });
  });
});

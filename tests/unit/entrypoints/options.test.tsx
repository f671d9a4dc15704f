// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
import { describe, expect } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { Announcer } from '@/components/Announcer';
import { App } from '@/entrypoints/options/App';
import { apiKeyItems, readLabels, readSettings } from '@/utils/storage';
import { it, savedKeyId, type BackgroundFixtures, type TestBackgroundOptions } from '../../helpers/background';

async function setUp(startBackground: BackgroundFixtures['startBackground'], options: TestBackgroundOptions = {}) {
  const background = await startBackground(options);
  const user = userEvent.setup();
  render(
    <Announcer>
      <App />
    </Announcer>,
  );
  const production = await screen.findByRole('group', { name: 'Production' });
  const sandbox = screen.getByRole('group', { name: 'Sandbox' });
  return { user, background, production, sandbox };
}

describe('options page: API keys', () => {
  it('saves a valid key after api.video accepts it, then clears the input', async ({ startBackground }) => {
    const { user, background, production } = await setUp(startBackground, { withKey: false });
    expect(within(production).getByText('No key saved yet.')).toBeTruthy();

    const input = within(production).getByLabelText<HTMLInputElement>('API key');
    expect(input.type).toBe('password');
    expect(input.getAttribute('autocomplete')).toBe('off');
    await user.type(input, background.keys.production);
    await user.click(within(production).getByRole('button', { name: 'Save' }));

    expect(await within(production).findByText('Saved: api.video accepted the key for Production.')).toBeTruthy();
    expect(input.value).toBe('');
    expect(
      await within(production).findByText(`Saved key: ••••••••${background.keys.production.slice(-4)}`),
    ).toBeTruthy();
    expect((await apiKeyItems.production.getValue())?.apiKey).toBe(background.keys.production);
  });

  it('says why an invalid key was refused, and stores nothing', async ({ startBackground }) => {
    const { user, production } = await setUp(startBackground, { withKey: false });
    await user.type(within(production).getByLabelText('API key'), 'not-a-real-key-1234567890');
    await user.click(within(production).getByRole('button', { name: 'Save' }));

    const alert = await within(production).findByRole('alert');
    expect(alert.textContent).toContain('api.video rejected this API key');
    expect(await apiKeyItems.production.getValue()).toBeNull();
    expect(within(production).getByText('No key saved yet.')).toBeTruthy();
  });

  it('offers, in one click, to save a key under the environment it belongs to', async ({ startBackground }) => {
    const { user, background, production, sandbox } = await setUp(startBackground, { withKey: false });
    await user.type(within(production).getByLabelText('API key'), background.keys.sandbox);
    await user.click(within(production).getByRole('button', { name: 'Save' }));

    const offer = await within(production).findByRole('button', { name: 'Save it as the Sandbox key' });
    expect(within(production).getByRole('alert').textContent).toMatch(/works for sandbox/i);
    await user.click(offer);

    expect(await within(production).findByText('Saved: api.video accepted the key for Sandbox.')).toBeTruthy();
    expect((await apiKeyItems.sandbox.getValue())?.apiKey).toBe(background.keys.sandbox);
    expect(await apiKeyItems.production.getValue()).toBeNull();
    expect(await within(sandbox).findByText(`Saved key: ••••••••${background.keys.sandbox.slice(-4)}`)).toBeTruthy();
  });

  it('asks for a key before sending an empty one', async ({ startBackground }) => {
    const { user, background, production } = await setUp(startBackground, { withKey: false });
    await user.click(within(production).getByRole('button', { name: 'Save' }));
    expect((await within(production).findByRole('alert')).textContent).toBe('Enter an API key first.');
    expect(background.server.requests).toHaveLength(0);
  });

  it('reveals the key on demand with a pressed toggle', async ({ startBackground }) => {
    const { user, production } = await setUp(startBackground, { withKey: false });
    const input = within(production).getByLabelText<HTMLInputElement>('API key');
    const toggle = within(production).getByRole('button', { name: 'Show API key' });
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(input.type).toBe('text');
  });

  it('forgets a key only after confirmation, and returns focus to the key input', async ({ startBackground }) => {
    const { user, production } = await setUp(startBackground);
    await user.click(await within(production).findByRole('button', { name: 'Forget key' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'Forget the Production API key?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('Your tokens on api.video are not changed.');
    // Cancel first: nothing happens.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(await apiKeyItems.production.getValue()).not.toBeNull();

    await user.click(within(production).getByRole('button', { name: 'Forget key' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Forget key' }));

    expect(await within(production).findByText('Key forgotten.')).toBeTruthy();
    expect(await within(production).findByText('No key saved yet.')).toBeTruthy();
    expect(await apiKeyItems.production.getValue()).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(within(production).getByLabelText('API key')));
  });
});

describe('options page: settings', () => {
  it('switches the active environment', async ({ startBackground }) => {
    const { user } = await setUp(startBackground);
    const environments = screen.getByRole('group', { name: 'Environment to watch' });
    expect(within(environments).getByRole<HTMLInputElement>('radio', { name: 'Production' }).checked).toBe(true);
    await user.click(within(environments).getByRole('radio', { name: /Sandbox/ }));
    expect(await within(environments).findByText('Now watching Sandbox.')).toBeTruthy();
    expect((await readSettings()).settings.activeEnvironment).toBe('sandbox');
  });

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
  it('merges the labels of a JSON export and reports matched, unknown and malformed entries', async ({
    startBackground,
  }) => {
    const { user, background } = await setUp(startBackground, { seed: { count: 2 } });
    const [a, b] = background.server.tokens('production').map((token) => token.token);
    await background.request('setLabel', { environment: 'production', token: b!, label: 'set here' });
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
    const section = screen.getByRole('region', { name: 'Import labels' });
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
    await background.request('setLabel', { environment: 'production', token: a!, label: 'mine' });
    const section = screen.getByRole('region', { name: 'Import labels' });
    await user.upload(
      within(section).getByLabelText('JSON export file'),
      new File(['token,label\nto1,x'], 'labels.csv', { type: 'application/json' }),
    );
    expect((await within(section).findByRole('alert')).textContent).toContain('This file is not JSON');
    expect((await readLabels('production', await savedKeyId('production')))?.labels).toEqual({ [a!]: 'mine' });
  });
});

// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
// Labels, "New since I last looked" and the export (issue 13), driven in the real popup against
// the real background and the local api.video.
import { describe, expect } from 'vitest';
import { screen, waitFor, within } from '@testing-library/preact';
import { maskToken } from '@/utils/mask';
import { captureDownloads } from '@/tests/helpers/jobs';
import { ageCachedList, it, rows, shownMaskedTokens, waitForListTotal } from './popup-harness';

/** Resolves once Date.now() has moved on: events before and after compare strictly. */
async function nextMillisecond() {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setImmediate(resolve));
}

describe('popup: labels', () => {
  it('labels a token in its details, then finds it by its label and sorts by label', async ({ startPopup }) => {
    const { user, background } = await startPopup({ seed: { count: 3 } });
    await waitForListTotal(3);
    const [first, second] = background.server.tokens('production');
    const list = screen.getByRole('list', { name: 'Upload tokens' });

    await user.click(within(list).getByRole('button', { name: new RegExp(`^${maskToken(first!.token)}`) }));
    const field = await screen.findByRole('textbox', { name: 'Label' });
    await user.type(field, 'Mobile app — iOS');
    await user.click(screen.getByRole('button', { name: 'Save label' }));
    expect(await screen.findByText(`Label of ${maskToken(first!.token)} saved`)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Back' }));

    const row = await within(list).findByRole('button', { name: /Mobile app — iOS/ });
    expect(row.textContent).toContain(maskToken(first!.token));
    // Back puts the focus on the row it came from; type in the search box only once it has.
    await waitFor(() => expect(document.activeElement).toBe(row));

    await user.type(screen.getByRole('searchbox', { name: 'Search tokens' }), 'mobile APP');
    await waitFor(() => expect(shownMaskedTokens()).toEqual([maskToken(first!.token)]));
    await user.clear(screen.getByRole('searchbox', { name: 'Search tokens' }));
    await waitFor(() => expect(rows()).toHaveLength(3));

    expect(
      (await background.request('setLabel', { account: 'production', token: second!.token, label: 'Admin' })).ok,
    ).toBe(true);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort' }), 'By label');
    await waitFor(() =>
      expect(shownMaskedTokens().slice(0, 2)).toEqual([maskToken(second!.token), maskToken(first!.token)]),
    );
  });

  it('refuses a label over 100 characters with a clear message, keeping what was saved', async ({ startPopup }) => {
    const { user, background } = await startPopup({ seed: { count: 1 } });
    await waitForListTotal(1);
    const [only] = background.server.tokens('production');
    await background.request('setLabel', { account: 'production', token: only!.token, label: 'kept' });
    await user.click(screen.getByRole('button', { name: new RegExp(`^${maskToken(only!.token)}`) }));
    const field = await screen.findByRole('textbox', { name: 'Label' });
    await waitFor(() => expect((field as HTMLInputElement).value).toBe('kept'));
    await user.clear(field);
    await user.type(field, 'x'.repeat(101));
    await user.click(screen.getByRole('button', { name: 'Save label' }));
    expect(await screen.findByText('A label holds at most 100 characters.')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('button', { name: /kept/ })).toBeTruthy();
  });

  it('gives a label in the create form', async ({ startPopup }) => {
    const { user, background } = await startPopup({ seed: { count: 0 } });
    await user.click(await screen.findByRole('button', { name: 'New token' }));
    await user.click(await screen.findByRole('radio', { name: '1 hour' }));
    await user.type(screen.getByRole('textbox', { name: 'Label' }), 'Staging uploader');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await screen.findByRole('heading', { name: 'Your new upload token' });
    await user.click(screen.getByRole('button', { name: 'Done' }));
    const [created] = background.server.tokens('production');
    const row = await screen.findByRole('button', { name: /Staging uploader/ });
    expect(row.textContent).toContain(maskToken(created!.token));
    await user.click(row);
    expect(await screen.findByText('Yes, with a lifetime of 1 h')).toBeTruthy();
  });
});

describe('popup: new since I last looked', () => {
  it('shows the tokens first seen since the popup was last opened', async ({ startPopup }) => {
    let fresh = '';
    const { user } = await startPopup({ seed: { count: 3 } }, async (bg) => {
      // An earlier look at the list: listed, then looked at.
      expect((await bg.request('refreshList', { account: 'production' })).ok).toBe(true);
      await nextMillisecond();
      expect((await bg.request('markLooked', { account: 'production' })).ok).toBe(true);
      await nextMillisecond();
      // Meanwhile a backend creates a token that never expires.
      fresh = bg.server.addToken('production', { ttl: 0 }).token;
      await ageCachedList();
    });
    await waitForListTotal(4);
    const newFilter = await screen.findByRole('radio', { name: 'New (1)' });
    await user.click(newFilter);
    await waitFor(() => expect(shownMaskedTokens()).toEqual([maskToken(fresh)]));
    expect(rows()[0]!.querySelector('.tag--new')?.textContent).toBe('New');
    await user.click(screen.getByRole('button', { name: new RegExp(`^${maskToken(fresh)}`) }));
    expect(await screen.findByText('No, created elsewhere')).toBeTruthy();
  });

  it('shows nothing as new the first time, and says why the filter is empty', async ({ startPopup }) => {
    const { user } = await startPopup({ seed: { count: 2 } });
    await waitForListTotal(2);
    await user.click(await screen.findByRole('radio', { name: 'New (0)' }));
    expect(await screen.findByText('No token was first seen since you last opened this popup.')).toBeTruthy();
  });
});

describe('popup: export', () => {
  it('exports the shown list as JSON without the full tokens, and all of it as CSV with them', async ({
    startPopup,
  }) => {
    const files = captureDownloads();
    const { user, background } = await startPopup({ seed: { count: 4, neverExpiring: 2 } });
    await waitForListTotal(4);
    const tokens = background.server.tokens('production').map((token) => token.token);
    const never = background.server
      .tokens('production')
      .filter((token) => token.ttl === 0)
      .map((token) => token.token);
    await background.request('setLabel', { account: 'production', token: never[0]!, label: '=cmd|"/c calc"!A1' });
    await user.click(screen.getByRole('radio', { name: 'Never expires (2)' }));

    await user.click(screen.getByRole('button', { name: 'Export…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Export tokens' });
    await user.click(within(dialog).getByRole('radio', { name: /JSON/ }));
    expect(within(dialog).getByRole('radio', { name: 'The 2 shown (filter and search applied)' })).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(files).toHaveLength(1));
    expect(screen.queryByRole('dialog')).toBeNull();
    const json = await files[0]!.blob.text();
    expect(files[0]!.name).toMatch(/^upload-tokens-production-\d{4}-\d{2}-\d{2}\.json$/);
    for (const token of tokens) expect(json.includes(token), 'no full token in a masked export').toBe(false);
    const parsed = JSON.parse(json) as { tokens: { maskedToken: string; label: string | null }[] };
    expect(parsed.tokens.map((entry) => entry.maskedToken).sort()).toEqual(never.map(maskToken).sort());

    await user.click(screen.getByRole('button', { name: 'Export…' }));
    const again = await screen.findByRole('dialog', { name: 'Export tokens' });
    await user.click(within(again).getByRole('radio', { name: 'All 4' }));
    await user.click(within(again).getByRole('checkbox', { name: 'Include the full tokens (they are secrets)' }));
    expect(within(again).getByText(/Anyone who has this file can upload videos/)).toBeTruthy();
    await user.click(within(again).getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(files).toHaveLength(2));
    const csv = await files[1]!.blob.text();
    expect(files[1]!.name).toMatch(/\.csv$/);
    for (const token of tokens) expect(csv).toContain(token);
    expect(csv).toContain(`"'=cmd|""/c calc""!A1"`);
  });
});

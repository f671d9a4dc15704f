// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
import { describe, expect } from 'vitest';
import { screen, waitFor, within } from '@testing-library/preact';
import { it, rows, waitForListTotal, type PopupFixtures } from './popup-harness';

const created = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

async function threeTokens(startPopup: PopupFixtures['startPopup']) {
  const popup = await startPopup({}, async (bg) => {
    bg.server.addToken('production', { token: 'toFirstAAAAAAAAAAAAAAAAA', ttl: 0, createdAt: created(1) });
    bg.server.addToken('production', { token: 'toSecondBBBBBBBBBBBBBBBB', ttl: 3600, createdAt: created(2) });
    bg.server.addToken('production', { token: 'toThirdCCCCCCCCCCCCCCCCC', ttl: 86_400, createdAt: created(3) });
  });
  await waitForListTotal(3);
  return popup;
}

describe('popup: delete one token', () => {
  it('asks first, names the token and the consequence, deletes it on api.video, then focuses the next row', async ({
    startPopup,
  }) => {
    const { user, background } = await threeTokens(startPopup);
    await user.click(screen.getByRole('button', { name: 'Delete toSeco…BBBB' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'Delete this upload token?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('toSeco…BBBB');
    expect(dialog.textContent).toContain('Uploads using this token will stop working. This cannot be undone.');
    // Cancel has the focus: Enter never deletes by accident.
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' })));

    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(background.server.tokens('production').map((token) => token.token)).toEqual([
      'toThirdCCCCCCCCCCCCCCCCC',
      'toFirstAAAAAAAAAAAAAAAAA',
    ]);
    expect(rows()).toHaveLength(2);
    await waitFor(() => expect(screen.getByTestId('announcer').textContent).toBe('Token toSeco…BBBB deleted.'));
    // The row that took the deleted one's place has the focus.
    await waitFor(() => expect(document.activeElement?.textContent).toMatch(/^toThir…CCCC/));
  });

  it('does nothing when cancelled with Escape, and gives the focus back', async ({ startPopup }) => {
    const { user, background } = await threeTokens(startPopup);
    const deleteButton = screen.getByRole('button', { name: 'Delete toFirs…AAAA' });
    await user.click(deleteButton);
    await screen.findByRole('alertdialog');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(background.server.tokens('production')).toHaveLength(3);
    // The row's button, looked up again: the list may have re-rendered its rows meanwhile (the
    // full list read after the first screen), and the focus goes back to the row, whichever element.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete toFirs…AAAA' })),
    );
  });

  it('keeps the focus inside the dialog', async ({ startPopup }) => {
    const { user } = await threeTokens(startPopup);
    await user.click(screen.getByRole('button', { name: 'Delete toFirs…AAAA' }));
    const dialog = await screen.findByRole('alertdialog');
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete' });
    await waitFor(() => expect(document.activeElement).toBe(cancel));
    await user.tab();
    expect(document.activeElement).toBe(confirm);
    await user.tab();
    expect(document.activeElement).toBe(cancel);
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(confirm);
  });

  it('says why a delete failed and keeps the dialog open to retry', async ({ startPopup }) => {
    const { user, background } = await threeTokens(startPopup);
    await user.click(screen.getByRole('button', { name: 'Delete toFirs…AAAA' }));
    const dialog = await screen.findByRole('alertdialog');
    background.server.setOffline(true);
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect((await within(dialog).findByRole('alert', undefined, { timeout: 10_000 })).textContent).toMatch(
      /Could not reach api\.video/,
    );

    background.server.setOffline(false);
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull(), { timeout: 10_000 });
    expect(background.server.tokens('production')).toHaveLength(2);
  });

  it('deletes from the details view too, and says so when the token was already gone', async ({ startPopup }) => {
    const { user, background } = await threeTokens(startPopup);
    await user.click(screen.getByRole('button', { name: /^toThir…CCCC/ }));
    await screen.findByRole('heading', { name: 'Token details' });
    // Someone else deleted it meanwhile.
    background.server.clearTokens('production');
    await user.click(screen.getByRole('button', { name: 'Delete this token' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() =>
      expect(screen.getByTestId('announcer').textContent).toBe('Token toThir…CCCC was already gone.'),
    );
    expect(screen.queryByRole('heading', { name: 'Token details' })).toBeNull();
    expect(rows()).toHaveLength(2);
  });
});

describe('popup: token details and look-up', () => {
  it('opens from a row with the full token, lifetime, dates and a live countdown; Back returns to the row', async ({
    startPopup,
  }) => {
    const { user } = await threeTokens(startPopup);
    const row = screen.getByRole('button', { name: /^toSeco…BBBB/ });
    await user.click(row);
    const heading = await screen.findByRole('heading', { name: 'Token details' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getByText('toSecondBBBBBBBBBBBBBBBB')).toBeTruthy();
    expect(screen.getByText('1 h (3600 s)')).toBeTruthy();
    const timer = screen.getByRole('timer');
    expect(timer.textContent).toMatch(/^in 5\d min \d+ s$/);
    const first = timer.textContent;
    await waitFor(() => expect(screen.getByRole('timer').textContent).not.toBe(first), { timeout: 3000 });

    await user.click(screen.getByRole('button', { name: 'Copy token toSeco…BBBB' }));
    expect(await navigator.clipboard.readText()).toBe('toSecondBBBBBBBBBBBBBBBB');

    await user.click(screen.getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(document.activeElement?.textContent).toMatch(/^toSeco…BBBB/));
  });

  it('shows a never-expiring token with its warning', async ({ startPopup }) => {
    const { user } = await threeTokens(startPopup);
    await user.click(screen.getByRole('button', { name: /^toFirs…AAAA/ }));
    await screen.findByRole('heading', { name: 'Token details' });
    expect(screen.queryByRole('timer')).toBeNull();
    expect(screen.getByText('Never')).toBeTruthy();
    expect(screen.getByText(/Anyone holding this token can upload videos/)).toBeTruthy();
  });

  it('looks up a pasted token on api.video, and explains when it does not exist', async ({ startPopup }) => {
    const { user } = await threeTokens(startPopup);
    await user.click(screen.getByRole('button', { name: 'Look up a token' }));
    const input = await screen.findByLabelText('Paste a token');
    await user.click(input);
    await user.paste('toNopeXXXXXXXXXXXXXXXXXX');
    await user.click(screen.getByRole('button', { name: 'Look up' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/does not exist in this environment/);

    await user.clear(input);
    await user.click(input);
    await user.paste('  toThirdCCCCCCCCCCCCCCCCC ');
    await user.click(screen.getByRole('button', { name: 'Look up' }));
    await screen.findByRole('heading', { name: 'Token details' });
    expect(screen.getByText('toThirdCCCCCCCCCCCCCCCCC')).toBeTruthy();
    expect(screen.getByText('1 day (86400 s)')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Look up a token' })));
  });
});

// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
// The views and dialogs the first screen does not show are loaded on demand (components/lazy.ts):
// they still open from the keyboard, take the focus, and give it back.
import { describe, expect } from 'vitest';
import { screen, waitFor, within } from '@testing-library/preact';
import { it, waitForListTotal } from './popup-harness';

const created = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

describe('popup: views and dialogs loaded on demand', () => {
  it('open from the keyboard, take the focus, and give it back', async ({ startPopup }) => {
    const { user } = await startPopup({}, async (bg) => {
      bg.server.addToken('production', { token: 'toFirstAAAAAAAAAAAAAAAAA', ttl: 0, createdAt: created(1) });
      bg.server.addToken('production', { token: 'toSecondBBBBBBBBBBBBBBBB', ttl: 3600, createdAt: created(2) });
    });
    await waitForListTotal(2);

    // The delete dialog: Enter on a row's delete button, focus on Cancel, Escape gives it back.
    const deleteButton = screen.getByRole('button', { name: 'Delete toSeco…BBBB' });
    deleteButton.focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete this upload token?' });
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' })));
    await user.tab();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Delete' }));
    await user.tab();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(deleteButton));

    // The details view: Enter on a row, its heading takes the focus, Back returns to the row.
    const row = screen.getByRole('button', { name: /^toFirs…AAAA/ });
    row.focus();
    await user.keyboard('{Enter}');
    const detailsHeading = await screen.findByRole('heading', { name: 'Token details' });
    await waitFor(() => expect(document.activeElement).toBe(detailsHeading));
    const back = screen.getByRole('button', { name: 'Back' });
    expect(screen.getByRole('list', { name: 'Upload tokens', hidden: true }).closest('[hidden]')).not.toBeNull();
    back.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement?.textContent).toMatch(/^toFirs…AAAA/));

    // The create form: Enter on "New token", its heading takes the focus, Back returns to the button.
    const newToken = screen.getByRole('button', { name: 'New token' });
    newToken.focus();
    await user.keyboard('{Enter}');
    const heading = await screen.findByRole('heading', { name: 'New Production upload token' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    screen.getByRole('button', { name: 'Back' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement).toBe(newToken));
  });
});

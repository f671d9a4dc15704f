// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
import { describe, expect, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/preact';
import { bulkDeleteItem, type BulkDeleteJob, type Read } from '@/utils/storage';
import { cachedTokens } from '../../helpers/background';
import { it, stat, waitForListTotal } from './popup-harness';

const neverExpiring = (tokens: { token: string; ttl: number }[]) => tokens.filter((token) => token.ttl === 0);

describe('popup: delete all never-expiring tokens', () => {
  it('asks for the number, then deletes them with a progress bar and a final report', async ({ startPopup }) => {
    const { user, background } = await startPopup({ seed: { count: 20, neverExpiring: 12 } });
    await waitForListTotal(20);
    background.server.setLatency(20);
    await user.click(screen.getByRole('button', { name: 'Delete all 12 never-expiring tokens' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'Delete 12 never-expiring tokens?' });
    expect(dialog.textContent).toContain('This cannot be undone.');
    const typed = within(dialog).getByLabelText('Type 12 to confirm');
    await waitFor(() => expect(document.activeElement).toBe(typed));
    const confirm = within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Delete 12 tokens' });
    expect(confirm.disabled).toBe(true);
    await user.type(typed, '11');
    expect(confirm.disabled).toBe(true);
    await user.clear(typed);
    await user.type(typed, '12');
    expect(confirm.disabled).toBe(false);
    await user.click(confirm);

    const progress = await screen.findByRole('progressbar', { name: 'Deleting never-expiring tokens (Production)' });
    expect(progress.getAttribute('aria-valuemax')).toBe('12');
    expect(screen.getByRole('button', { name: 'Cancel the bulk delete' })).toBeTruthy();

    await screen.findByRole('heading', { name: 'Bulk delete finished' }, { timeout: 10_000 });
    const finished = screen.getByRole('progressbar', { name: 'Bulk delete finished' });
    expect(finished.getAttribute('aria-valuenow')).toBe('12');
    expect(screen.getByText('Deleted: 12')).toBeTruthy();
    expect(screen.getByText('Already gone: 0')).toBeTruthy();
    expect(screen.getByText('Failed: 0')).toBeTruthy();
    expect(neverExpiring(background.server.tokens('production'))).toHaveLength(0);
    expect(background.server.tokens('production')).toHaveLength(8);
    await waitFor(() => expect(stat('Never expire')).toBe('0'));
    expect(stat('Total')).toBe('8');

    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    expect(screen.queryByRole('button', { name: /never-expiring tokens/ })).toBeNull();
  });

  it('can be cancelled: what was not attempted stays, and the report says so', async ({ startPopup }) => {
    const { user, background } = await startPopup({ seed: { count: 40, neverExpiring: 40 } });
    await waitForListTotal(40);
    background.server.setLatency(150);
    await user.click(screen.getByRole('button', { name: 'Delete all 40 never-expiring tokens' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.type(within(dialog).getByLabelText('Type 40 to confirm'), '40');
    await user.click(within(dialog).getByRole('button', { name: 'Delete 40 tokens' }));

    await user.click(await screen.findByRole('button', { name: 'Cancel the bulk delete' }));
    await screen.findByRole('heading', { name: 'Bulk delete cancelled' }, { timeout: 10_000 });
    const left = neverExpiring(background.server.tokens('production')).length;
    expect(left).toBeGreaterThan(0);
    expect(screen.getByText(`Not attempted (cancelled): ${left}`)).toBeTruthy();
    expect(screen.getByText(`Deleted: ${40 - left}`)).toBeTruthy();
  });

  it('reports the tokens that could not be deleted, with the reason', async ({ startPopup }) => {
    const { user, background } = await startPopup({ seed: { count: 5, neverExpiring: 5 } });
    await waitForListTotal(5);
    const [stubborn] = neverExpiring(background.server.tokens('production'));
    background.server.inject({
      kind: 'server-error-json',
      times: 50,
      match: { method: 'DELETE', pathPrefix: `/upload-tokens/${stubborn!.token}` },
    });
    await user.click(screen.getByRole('button', { name: 'Delete all 5 never-expiring tokens' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.type(within(dialog).getByLabelText('Type 5 to confirm'), '5');
    await user.click(within(dialog).getByRole('button', { name: 'Delete 5 tokens' }));

    await screen.findByRole('heading', { name: 'Bulk delete finished' }, { timeout: 15_000 });
    expect(screen.getByText('Deleted: 4')).toBeTruthy();
    expect(screen.getByText('Failed: 1')).toBeTruthy();
    const failures = screen.getByRole('list', { name: 'Tokens that could not be deleted' });
    expect(failures.textContent).toContain(`${stubborn!.token.slice(0, 6)}…${stubborn!.token.slice(-4)}`);
    expect(failures.textContent).toMatch(/server error/);
    expect(background.server.tokens('production').map((token) => token.token)).toEqual([stubborn!.token]);
  });

  it('shows a job already running when the popup is reopened', async ({ startPopup }) => {
    await startPopup({ seed: { count: 30, neverExpiring: 30 } }, async (bg) => {
      await bg.request('refreshList', { account: 'production' });
      bg.server.setLatency(60);
      const started = await bg.request('startBulkDelete', {
        account: 'production',
        tokens: bg.server.tokens('production').map((token) => token.token),
      });
      expect(started.ok).toBe(true);
    });
    const progress = await screen.findByRole('progressbar', { name: 'Deleting never-expiring tokens (Production)' });
    expect(progress.getAttribute('aria-valuemax')).toBe('30');
    // While it runs, a second bulk delete is not offered.
    expect(screen.queryByRole('button', { name: /Delete all \d+ never-expiring tokens/ })).toBeNull();
    await screen.findByRole('heading', { name: 'Bulk delete finished' }, { timeout: 15_000 });
    expect(screen.getByText('Deleted: 30')).toBeTruthy();
  });

  it('takes the tokens a running job has deleted out of the list before the cache drops them', async ({
    startPopup,
  }) => {
    const { background } = await startPopup({ seed: { count: 16, neverExpiring: 13 } });
    await waitForListTotal(16);
    const doomed = neverExpiring(background.server.tokens('production')).map((token) => token.token);
    // Batches of 12 are reported whole: with the 13th delete held, the job says 12 deleted and
    // keeps running, and the cached list (updated when the job ends) still holds all 16.
    const last = background.server.hold({ method: 'DELETE', pathPrefix: `/upload-tokens/${doomed[12]!}` });
    expect(await background.request('startBulkDelete', { account: 'production', tokens: doomed })).toEqual({
      ok: true,
    });
    await last.arrived;
    const progress = await screen.findByRole('progressbar', { name: 'Deleting never-expiring tokens (Production)' });
    await waitFor(() => expect(progress.getAttribute('aria-valuenow')).toBe('12'));
    expect((await cachedTokens('production'))?.tokens).toHaveLength(16);
    await screen.findByText('Showing 4 of 4 tokens');

    last.release();
    await screen.findByRole('heading', { name: 'Bulk delete finished' }, { timeout: 10_000 });
    await screen.findByText('Showing 3 of 3 tokens');
    expect(background.server.tokens('production')).toHaveLength(3);
  });

  it('keeps the end of a job that arrived while its first read was still on its way, not that older read', async ({
    startPopup,
  }) => {
    // The popup's first read of the job is held (its answer is the job as it was when asked) until
    // the job has ended and the popup has been told so: the late answer must not bring the running job back.
    const read = bulkDeleteItem('production').read;
    let askedBy!: () => void;
    const asked = new Promise<void>((resolve) => (askedBy = resolve));
    let answer!: () => void;
    const answerAllowed = new Promise<void>((resolve) => (answer = resolve));
    let answered: Promise<Read<BulkDeleteJob>> | undefined;
    const { background } = await startPopup({ seed: { count: 3, neverExpiring: 3 } }, async (bg) => {
      await bg.request('refreshList', { account: 'production' });
      const firstDelete = bg.server.hold({ method: 'DELETE' });
      const tokens = bg.server.tokens('production').map((token) => token.token);
      expect(await bg.request('startBulkDelete', { account: 'production', tokens })).toEqual({ ok: true });
      await firstDelete.arrived;
      vi.spyOn(bulkDeleteItem('production'), 'read').mockImplementationOnce(() => {
        const found = read();
        askedBy();
        answered = found.then(async (value) => {
          await answerAllowed;
          return value;
        });
        return answered;
      });
      void asked.then(() => firstDelete.release());
    });
    await asked;
    await screen.findByRole('heading', { name: 'Bulk delete finished' }, { timeout: 10_000 });
    await background.background.bulk.idle();
    expect(background.server.tokens('production')).toHaveLength(0);

    // The popup's own callback on this answer was attached first, so it has run when the await
    // below resumes; act then renders whatever it set.
    await act(async () => {
      answer();
      await answered;
    });
    expect(screen.getByRole('heading', { name: 'Bulk delete finished' })).toBeTruthy();
    expect(screen.getByText('Deleted: 3')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel the bulk delete' })).toBeNull();
  });
});

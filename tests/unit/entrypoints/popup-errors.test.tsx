// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
import { describe, expect, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { Announcer } from '@/components/Announcer';
import { accountsItem, apiKeyItem, keyInfoItem, writeTokenCache } from '@/utils/storage';
import { App } from '@/entrypoints/popup/App';
import { ageCachedList, it, rows, stat, waitForListTotal } from './popup-harness';

const PRODUCTION_ACCOUNT = {
  id: 'production',
  name: 'Production',
  environment: 'production',
  watched: true,
  addedAt: 0,
} as const;

describe('popup: when api.video cannot be reached', () => {
  it('keeps showing the cached list, says what went wrong, and retries on request', async ({ startPopup }) => {
    const { user, background } = await startPopup({ seed: { count: 6, neverExpiring: 2 } }, async (bg) => {
      const listed = await bg.request('refreshList', { account: 'production' });
      expect(listed.ok).toBe(true);
      await ageCachedList();
      bg.server.setOffline(true);
    });

    const alert = await screen.findByRole('alert', undefined, { timeout: 10_000 });
    expect(alert.textContent).toContain('Showing the last saved list.');
    expect(alert.textContent).toContain('Could not reach api.video. Check your internet connection, then try again.');
    expect(rows()).toHaveLength(6);
    expect(stat('Never expire')).toBe('2');
    expect(screen.getByText(/^checked /)).toBeTruthy();

    background.server.setOffline(false);
    background.server.addToken('production', { ttl: 0 });
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull(), { timeout: 10_000 });
    await waitForListTotal(7);
    expect(stat('Never expire')).toBe('3');
  });

  it('with nothing cached, shows the error and a Retry instead of an empty list', async ({ startPopup }) => {
    const { user, background } = await startPopup({}, async (bg) => {
      bg.server.addToken('production', { ttl: 3600 });
      bg.server.setOffline(true);
    });
    const alert = await screen.findByRole('alert', undefined, { timeout: 10_000 });
    expect(alert.textContent).toContain('Could not reach api.video');
    expect(screen.queryByText('No upload tokens yet')).toBeNull();
    expect(screen.queryByRole('list', { name: 'Upload tokens' })).toBeNull();

    background.server.setOffline(false);
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitForListTotal(1);
  });

  it('says when api.video is rate limiting, with the wait', async ({ startPopup }) => {
    await startPopup({}, async (bg) => {
      bg.server.inject({ kind: 'rate-limit', retryAfterSeconds: 40, times: 20 });
    });
    const alert = await screen.findByRole('alert', undefined, { timeout: 10_000 });
    expect(alert.textContent).toMatch(/api\.video is limiting requests right now\. Try again in \d+ s\./);
  });

  it('says so when api.video answers with an outage page', async ({ startPopup }) => {
    await startPopup({}, async (bg) => {
      bg.server.inject({ kind: 'service-unavailable-html', times: 20 });
    });
    const alert = await screen.findByRole('alert', undefined, { timeout: 10_000 });
    expect(alert.textContent).toMatch(/api\.video/);
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});

describe('popup: when the saved key stops working', () => {
  it('says so and points to the settings instead of a retry that would fail again', async ({ startPopup }) => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const { user } = await startPopup({ withKey: false }, async () => {
      // A key saved earlier, since rotated away in the api.video dashboard.
      await accountsItem.setValue({ accounts: [PRODUCTION_ACCOUNT] });
      await apiKeyItem('production').setValue({ apiKey: 'rotated-away-key-0000000000000000', keyId: 'k-rotated' });
      await keyInfoItem('production').setValue({ keyId: 'k-rotated', maskedKey: '••••••••0000', savedAt: 0 });
    });
    const alert = await screen.findByRole('alert', undefined, { timeout: 10_000 });
    expect(alert.textContent).toMatch(/API key/);
    expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();
    await user.click(within(alert).getByRole('button', { name: 'Settings' }));
    expect(open).toHaveBeenCalledWith(expect.stringMatching(/options\.html$/), '_blank', 'noopener');
  });
});

describe('popup: when the background does not answer', () => {
  it('still paints the stored list (it needs no message), and explains a refresh that gets no answer', async () => {
    // A key and its list stored earlier; no background registered: messages have no listener,
    // as after an extension reload.
    await accountsItem.setValue({ accounts: [PRODUCTION_ACCOUNT] });
    await apiKeyItem('production').setValue({ apiKey: 'prod_key_0123456789abcdef0123456789abcdef', keyId: 'k1' });
    await keyInfoItem('production').setValue({ keyId: 'k1', maskedKey: '••••••••cdef', savedAt: 0 });
    const tokens = [{ token: 'toAAAAAAAAAAAAAAAAAAAAAA', ttl: 0, createdAt: new Date().toISOString() }];
    await writeTokenCache('production', { keyId: 'k1', tokens, fetchedAt: Date.now() - 5 * 60_000 });
    render(
      <Announcer>
        <App />
      </Announcer>,
    );
    await waitForListTotal(1);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Something went wrong inside the extension.');
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    await waitForListTotal(1);
  });
});

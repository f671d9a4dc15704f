// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
import { describe, expect } from 'vitest';
import { screen, waitFor, within } from '@testing-library/preact';
import { maskToken } from '@/utils/mask';
import { it, waitForListTotal, type PopupFixtures } from './popup-harness';

async function openCreate(
  startPopup: PopupFixtures['startPopup'],
  options: Parameters<PopupFixtures['startPopup']>[0] = {},
) {
  const popup = await startPopup(options);
  await waitForListTotal(0).catch(() => undefined);
  await popup.user.click(await screen.findByRole('button', { name: 'New token' }));
  const heading = await screen.findByRole('heading', {
    name: `New ${options.environment === 'sandbox' ? 'Sandbox' : 'Production'} upload token`,
  });
  await waitFor(() => expect(document.activeElement).toBe(heading));
  return popup;
}

describe('popup: create a token', () => {
  it.for([
    ['15 minutes', 900],
    ['1 hour', 3600],
    ['24 hours', 86_400],
    ['7 days', 604_800],
  ] as const)(
    'creates a %s token and shows it once, with copy and upload snippets',
    async ([preset, ttl], { startPopup }) => {
      const { user, background } = await openCreate(startPopup);
      await user.click(screen.getByRole('radio', { name: preset }));
      await user.click(screen.getByRole('button', { name: 'Create token' }));

      await screen.findByRole('heading', { name: 'Your new upload token' });
      const [created] = background.server.tokens('production');
      expect(created?.ttl).toBe(ttl);
      expect(screen.getByTestId('new-token').textContent).toBe(created!.token);

      await user.click(screen.getByRole('button', { name: 'Copy the new token' }));
      expect(await navigator.clipboard.readText()).toBe(created!.token);

      const curl = screen.getByRole('figure', { name: /Upload with curl/ });
      expect(curl.querySelector('code')?.textContent).toBe(
        `curl -X POST 'https://ws.api.video/upload?token=${created!.token}' -F 'file=@video.mp4'`,
      );
      const js = screen.getByRole('figure', { name: /Upload with JavaScript/ });
      expect(js.querySelector('code')?.textContent).toContain(
        `new VideoUploader({ file, uploadToken: '${created!.token}' })`,
      );
      await user.click(
        within(js).getByRole('button', { name: 'Copy: Upload with JavaScript (@api.video/video-uploader)' }),
      );
      expect(await navigator.clipboard.readText()).toContain(
        "import { VideoUploader } from '@api.video/video-uploader';",
      );

      // Done: back to the list, where the new token is (masked), and the full one is gone from the page.
      await user.click(screen.getByRole('button', { name: 'Done' }));
      await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New token' })));
      expect(screen.getByRole('list', { name: 'Upload tokens' }).textContent).toContain(maskToken(created!.token));
      expect(document.body.textContent).not.toContain(created!.token);
    },
  );

  it('creates a custom lifetime in minutes, hours or days, and explains a bad value', async ({ startPopup }) => {
    const { user, background } = await openCreate(startPopup);
    await user.click(screen.getByRole('radio', { name: 'Custom' }));
    const value = screen.getByRole('spinbutton', { name: 'Custom lifetime' });
    await user.type(value, '0');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByText('Enter 1 or more.')).toBeTruthy();
    expect(background.server.tokens('production')).toHaveLength(0);

    await user.clear(value);
    await user.type(value, '90');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Unit' }), 'minutes');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await screen.findByRole('heading', { name: 'Your new upload token' });
    expect(background.server.tokens('production')[0]?.ttl).toBe(5400);
  });

  it('creates a never-expiring token only after the warning is acknowledged', async ({ startPopup }) => {
    const { user, background } = await openCreate(startPopup);
    await user.click(screen.getByRole('radio', { name: 'Never expires (not recommended)' }));
    expect(
      screen.getByText('Anyone holding this token can upload videos to your account, forever, until you delete it.'),
    ).toBeTruthy();
    const create = screen.getByRole<HTMLButtonElement>('button', { name: 'Create a token that never expires' });
    expect(create.disabled).toBe(true);

    const confirm = screen.getByRole('checkbox', { name: 'I understand: this token never expires' });
    await user.click(confirm);
    expect(create.disabled).toBe(false);
    await user.click(create);

    await screen.findByRole('heading', { name: 'Your new upload token' });
    expect(screen.getByText('Created. This token never expires.')).toBeTruthy();
    expect(background.server.tokens('production').map((token) => token.ttl)).toEqual([0]);
  });

  it('switching away from “never” forgets the acknowledgement', async ({ startPopup }) => {
    const { user } = await openCreate(startPopup);
    await user.click(screen.getByRole('radio', { name: 'Never expires (not recommended)' }));
    await user.click(screen.getByRole('checkbox', { name: 'I understand: this token never expires' }));
    await user.click(screen.getByRole('radio', { name: '1 hour' }));
    await user.click(screen.getByRole('radio', { name: 'Never expires (not recommended)' }));
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', { name: 'I understand: this token never expires' }).checked,
    ).toBe(false);
  });

  it('gives sandbox snippets the sandbox host', async ({ startPopup }) => {
    const { user, background } = await openCreate(startPopup, { environment: 'sandbox' });
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await screen.findByRole('heading', { name: 'Your new upload token' });
    const [created] = background.server.tokens('sandbox');
    expect(screen.getByRole('figure', { name: /Upload with curl/ }).textContent).toContain(
      `https://sandbox.api.video/upload?token=${created!.token}`,
    );
    expect(screen.getByRole('figure', { name: /Upload with JavaScript/ }).textContent).toContain(
      "apiHost: 'sandbox.api.video'",
    );
  });

  it('shows why a create failed and does not retry it on its own', async ({ startPopup }) => {
    const { user, background } = await openCreate(startPopup);
    background.server.inject({
      kind: 'server-error-html',
      times: 5,
      match: { method: 'POST', pathPrefix: '/upload-tokens' },
    });
    background.server.resetRequests();
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/api\.video/);
    expect(
      background.server.requests.filter(
        (request) => request.method === 'POST' && request.path.startsWith('/upload-tokens'),
      ),
    ).toHaveLength(1);
    expect(screen.getByRole('heading', { name: 'New Production upload token' })).toBeTruthy();
  });
});

// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { Announcer } from '@/components/Announcer';
import { CopyButton } from '@/components/CopyButton';

function renderButton() {
  render(
    <Announcer>
      <CopyButton text="to1tcmSFHeYY5KzyhOqVKMKb" label="Copy token to1tcm…KMKb" />
    </Announcer>,
  );
  return screen.getByRole('button', { name: 'Copy token to1tcm…KMKb' });
}

describe('CopyButton', () => {
  it('copies the full text and says “Copied” on the button and in the live region', async () => {
    const user = userEvent.setup();
    const button = renderButton();
    expect(button.textContent).toBe('Copy');
    await user.click(button);
    expect(await navigator.clipboard.readText()).toBe('to1tcmSFHeYY5KzyhOqVKMKb');
    expect(button.textContent).toBe('Copied');
    const region = screen.getByTestId('announcer');
    expect(region.getAttribute('role')).toBe('status');
    await waitFor(() => expect(region.textContent).toBe('Copied'));
    await waitFor(() => expect(button.textContent).toBe('Copy'), { timeout: 3000 });
  });

  it('says so when the clipboard refuses, and how to copy by hand', async () => {
    const user = userEvent.setup();
    const button = renderButton();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValueOnce(new DOMException('denied', 'NotAllowedError'));
    await user.click(button);
    expect(button.textContent).toBe('Not copied');
    await waitFor(() =>
      expect(screen.getByTestId('announcer').textContent).toBe('Could not copy. Select the text and copy it yourself.'),
    );
  });
});

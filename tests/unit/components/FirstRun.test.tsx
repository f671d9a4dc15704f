// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { FirstRun } from '@/components/FirstRun';

describe('FirstRun', () => {
  it('says what the extension does, that the first step is an account, and opens the settings', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    render(<FirstRun />);
    const section = screen.getByRole('region', { name: 'Welcome' });
    expect(section.textContent).toMatch(/never expire/);
    expect(section.textContent).toMatch(/first step is to add an account/);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Open settings to add an account' }));
    // WXT's fake browser has no openOptionsPage: the page is opened directly instead.
    expect(open).toHaveBeenCalledWith(expect.stringMatching(/options\.html$/), '_blank', 'noopener');
    open.mockRestore();
  });
});

// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { useState } from 'preact/hooks';
import { render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { Dialog } from '@/components/Dialog';

function Harness({ onDismissed }: { onDismissed: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <button type="button">Behind</button>
      {open && (
        <Dialog
          title="Rename"
          onDismiss={() => {
            setOpen(false);
            onDismissed();
          }}
        >
          <label>
            Name <input />
          </label>
          <button type="button" disabled>
            Disabled
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Close
          </button>
        </Dialog>
      )}
    </>
  );
}

describe('Dialog', () => {
  it('is a labelled modal dialog that takes the focus, keeps it, and gives it back', async () => {
    const user = userEvent.setup();
    const onDismissed = vi.fn();
    render(<Harness onDismissed={onDismissed} />);
    const opener = screen.getByRole('button', { name: 'Open' });
    await user.click(opener);

    const dialog = screen.getByRole('dialog', { name: 'Rename' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const input = within(dialog).getByLabelText('Name');
    const close = within(dialog).getByRole('button', { name: 'Close' });
    await waitFor(() => expect(document.activeElement).toBe(input));

    await user.tab(); // the disabled button is skipped
    expect(document.activeElement).toBe(close);
    await user.tab();
    expect(document.activeElement).toBe(input);
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(close);

    // Focus that escapes (a click behind the dialog) comes back inside.
    screen.getByRole('button', { name: 'Behind' }).focus();
    expect(dialog.contains(document.activeElement)).toBe(true);

    await user.keyboard('{Escape}');
    expect(onDismissed).toHaveBeenCalledOnce();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('gives the focus back when closed from inside, too', async () => {
    const user = userEvent.setup();
    render(<Harness onDismissed={() => undefined} />);
    const opener = screen.getByRole('button', { name: 'Open' });
    await user.click(opener);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Close' }));
    expect(document.activeElement).toBe(opener);
  });
});

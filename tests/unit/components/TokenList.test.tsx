// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { createRef } from 'preact';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import type { UploadToken } from '@/utils/apivideo/types';
import { ROW_HEIGHT, TokenList, type TokenListHandle } from '@/components/TokenList';

const NOW = Date.parse('2025-03-01T12:00:00Z');

function tokens(count: number): UploadToken[] {
  return Array.from({ length: count }, (_, index) => ({
    token: `to${String(index).padStart(22, '0')}`,
    ttl: index % 2 === 0 ? 0 : 3600,
    createdAt: new Date(NOW - index * 60_000).toISOString(),
  }));
}

function renderList(list: UploadToken[], overrides: Partial<Parameters<typeof TokenList>[0]> = {}) {
  const handle = createRef<TokenListHandle>();
  const onOpen = vi.fn();
  const onDelete = vi.fn();
  const props = {
    tokens: list,
    nowMs: NOW,
    soonHours: 24,
    label: 'Upload tokens',
    emptyMessage: 'No upload tokens yet',
    resetKey: 'all',
    onOpen,
    onDelete,
    handle,
    ...overrides,
  };
  const view = render(<TokenList {...props} />);
  return { ...view, handle, onOpen, onDelete, props };
}

const rendered = () => within(screen.getByRole('list', { name: 'Upload tokens' })).getAllByRole('listitem');
const positions = () => rendered().map((row) => Number(row.getAttribute('aria-posinset')));

describe('TokenList', () => {
  it('renders only the rows in view plus overscan, sized for the whole list', () => {
    renderList(tokens(10_000));
    // Fallback viewport of 320 px: 5 visible rows + 5 overscan below (none above at the top).
    expect(positions()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(screen.getByRole('list').style.height).toBe(`${10_000 * ROW_HEIGHT}px`);
    expect(rendered()[0]!.getAttribute('aria-setsize')).toBe('10000');
  });

  it('follows the scroll position', async () => {
    renderList(tokens(10_000));
    const scroller = screen.getByRole('list').parentElement!;
    scroller.scrollTop = ROW_HEIGHT * 2000;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(positions()[0]).toBe(1996));
    expect(positions()).toHaveLength(15);
    expect(rendered()[5]!.style.top).toBe(`${2000 * ROW_HEIGHT}px`);
  });

  it('moves between rows with the arrow keys, Home and End, rendering rows as it goes', async () => {
    const user = userEvent.setup();
    renderList(tokens(10_000));
    const first = within(rendered()[0]!).getAllByRole('button')[0]!;
    first.focus();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(document.activeElement?.closest('li')?.getAttribute('aria-posinset')).toBe('2'));
    await user.keyboard('{End}');
    await waitFor(() => expect(document.activeElement?.closest('li')?.getAttribute('aria-posinset')).toBe('10000'));
    expect(rendered().length).toBeLessThanOrEqual(15);
    await user.keyboard('{ArrowUp}');
    await waitFor(() => expect(document.activeElement?.closest('li')?.getAttribute('aria-posinset')).toBe('9999'));
    await user.keyboard('{Home}');
    await waitFor(() => expect(document.activeElement?.closest('li')?.getAttribute('aria-posinset')).toBe('1'));
  });

  it('focusRow scrolls a far row into view, clamps past the end, and focuses the list when empty', async () => {
    const { handle, rerender, props } = renderList(tokens(500));
    void act(() => handle.current!.focusRow(300));
    await waitFor(() => expect(document.activeElement?.closest('li')?.getAttribute('aria-posinset')).toBe('301'));
    void act(() => handle.current!.focusRow(9999));
    await waitFor(() => expect(document.activeElement?.closest('li')?.getAttribute('aria-posinset')).toBe('500'));

    rerender(<TokenList {...props} tokens={[]} />);
    void act(() => handle.current!.focusRow(0));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('No upload tokens yet'));
  });

  it('opens and deletes with the row index', async () => {
    const user = userEvent.setup();
    const { onOpen, onDelete } = renderList(tokens(3));
    await user.click(within(rendered()[1]!).getByRole('button', { name: /^to0000…0001/ }));
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ token: 'to0000000000000000000001' }), 1);
    await user.click(screen.getByRole('button', { name: 'Delete to0000…0002' }));
    expect(onDelete).toHaveBeenCalledWith(expect.objectContaining({ token: 'to0000000000000000000002' }), 2);
  });

  it('shows the empty message instead of an empty list', () => {
    renderList([], { emptyMessage: 'Nothing never expires. Well done.' });
    expect(screen.getByText('Nothing never expires. Well done.')).toBeTruthy();
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('scrolls back to the top when the filter changes', async () => {
    const { rerender, props } = renderList(tokens(1000));
    const scroller = screen.getByRole('list').parentElement!;
    scroller.scrollTop = ROW_HEIGHT * 500;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(positions()[0]).toBe(496));
    rerender(<TokenList {...props} resetKey="never" tokens={tokens(1000).filter((token) => token.ttl === 0)} />);
    await waitFor(() => expect(positions()[0]).toBe(1));
    expect(scroller.scrollTop).toBe(0);
  });
});

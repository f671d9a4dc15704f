import type { Ref } from 'preact';
import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { UploadToken } from '@/utils/apivideo/types';
import type { Labels } from '@/utils/labels';
import { scrollTopToReveal, virtualWindow } from '@/utils/ui/virtual-window';
import { TokenRow } from '@/components/TokenRow';

export const ROW_HEIGHT = 64;
const OVERSCAN = 5;
/** Until the list is measured (and in test DOMs, which have no layout). */
const FALLBACK_VIEWPORT_HEIGHT = 320;

export interface TokenListHandle {
  /** Scroll row `index` into view and focus it; clamps to the last row; focuses the list when empty. */
  focusRow: (index: number) => void;
}

export interface TokenListProps {
  /** Already filtered and sorted. */
  tokens: UploadToken[];
  /**
   * How many rows the list stands for, when `tokens` holds only the first of them (the popup's
   * first screen): the scroll height and each row's position in the set count them all.
   */
  total?: number;
  /** Only the first rows are in, the rest is on its way: assistive technologies may wait for it. */
  busy?: boolean;
  nowMs: number;
  soonHours: number;
  /** The person's labels, shown on their rows. */
  labels?: Labels;
  /** Tokens first seen since the popup last showed the list: tagged "New". */
  newTokens?: ReadonlySet<string>;
  /** Tokens marked "Keep": tagged "Keep". */
  keptTokens?: ReadonlySet<string>;
  label: string;
  /** Shown instead of the list when `tokens` is empty. */
  emptyMessage: string;
  /** Changes when the filter, sort or search change: the list scrolls back to the top. */
  resetKey: string;
  onOpen: (token: UploadToken, index: number) => void;
  onDelete: (token: UploadToken, index: number) => void;
  handle: Ref<TokenListHandle>;
}

/**
 * A windowed list: rows have a fixed height, so the rows in view are computed from the
 * scroll position and only they (plus OVERSCAN either side) are in the DOM; a sized inner
 * box keeps the scroll bar true to the whole list. 10,000 tokens render about 15 rows.
 */
export function TokenList(props: TokenListProps) {
  const {
    tokens,
    nowMs,
    soonHours,
    labels,
    newTokens,
    keptTokens,
    label,
    emptyMessage,
    resetKey,
    onOpen,
    onDelete,
    handle,
  } = props;
  const total = Math.max(props.total ?? 0, tokens.length);
  const scroller = useRef<HTMLDivElement>(null);
  const [firstRow, setFirstRow] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(FALLBACK_VIEWPORT_HEIGHT);
  const pendingFocus = useRef<number | null>(null);
  const [focusTick, setFocusTick] = useState(0);

  useEffect(() => {
    const element = scroller.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (element.clientHeight > 0) setViewportHeight(element.clientHeight);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setFirstRow(0);
  }, [resetKey]);

  const onScroll = () => {
    const row = Math.floor((scroller.current?.scrollTop ?? 0) / ROW_HEIGHT);
    // Re-render only when the scroll crosses a row boundary, not on every pixel.
    if (row !== firstRow) setFirstRow(row);
  };

  useImperativeHandle(handle, () => ({
    focusRow: (index: number) => {
      pendingFocus.current = index;
      setFocusTick((tick) => tick + 1);
    },
  }));

  // Runs after the render that follows a focusRow request, when the row can be in the DOM.
  useEffect(() => {
    const element = scroller.current;
    if (pendingFocus.current === null || !element) return;
    const index = Math.min(pendingFocus.current, tokens.length - 1);
    if (index < 0) {
      pendingFocus.current = null;
      element.focus();
      return;
    }
    const reveal = scrollTopToReveal(index, element.scrollTop, viewportHeight, ROW_HEIGHT);
    if (reveal !== null) {
      element.scrollTop = reveal;
      const row = Math.floor(reveal / ROW_HEIGHT);
      if (row !== firstRow) {
        setFirstRow(row);
        return; // Focus after the rows for the new position are rendered.
      }
    }
    const target = element.querySelector<HTMLElement>(`[data-row-index="${index}"] [data-row-main]`);
    pendingFocus.current = null;
    (target ?? element).focus();
  }, [focusTick, firstRow, tokens, viewportHeight]);

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (!target.hasAttribute('data-row-main')) return;
    const index = Number(target.closest('[data-row-index]')?.getAttribute('data-row-index'));
    const next: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: tokens.length - 1 };
    const to = next[event.key];
    if (to === undefined || to < 0 || to >= tokens.length) return;
    event.preventDefault();
    pendingFocus.current = to;
    setFocusTick((tick) => tick + 1);
  };

  const { start, end, totalHeight } = virtualWindow({
    scrollTop: firstRow * ROW_HEIGHT,
    viewportHeight,
    rowHeight: ROW_HEIGHT,
    count: total,
    overscan: OVERSCAN,
  });

  return (
    <div class="token-list" ref={scroller} onScroll={onScroll} tabIndex={-1}>
      {tokens.length === 0 ? (
        <p class="empty">{emptyMessage}</p>
      ) : (
        // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions -- arrow keys pressed on a row's buttons bubble here to move focus between rows; the list itself never takes focus
        <ul
          class="token-list__rows"
          style={{ height: `${totalHeight}px` }}
          aria-label={label}
          aria-busy={props.busy}
          onKeyDown={onKeyDown}
        >
          {tokens.slice(start, end).map((token, offset) => (
            <TokenRow
              key={token.token}
              token={token}
              index={start + offset}
              count={total}
              top={(start + offset) * ROW_HEIGHT}
              nowMs={nowMs}
              soonHours={soonHours}
              label={labels?.[token.token]}
              isNew={newTokens?.has(token.token) ?? false}
              kept={keptTokens?.has(token.token) ?? false}
              onOpen={onOpen}
              onDelete={onDelete}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { UploadToken } from '@/utils/apivideo/types';
import type { View } from '@/components/PopupViews';
import type { TokenListHandle } from '@/components/TokenList';

/**
 * Which view of the popup is showing, and where the focus goes on the way back to the list: the
 * row a person opened, the button that opened a form, or the row that took a deleted one's place.
 */
export function usePopupNavigation() {
  const [view, setView] = useState<View>({ name: 'list' });
  const listHandle = useRef<TokenListHandle>(null);
  const createButton = useRef<HTMLButtonElement>(null);
  const lookupButton = useRef<HTMLButtonElement>(null);
  const afterReturn = useRef<(() => void) | null>(null);

  // Back on the list, focus goes where the person came from, once the list is visible again.
  useEffect(() => {
    if (view.name !== 'list' || !afterReturn.current) return;
    afterReturn.current();
    afterReturn.current = null;
  }, [view]);

  const backToList = useCallback((thenFocus: () => void) => {
    afterReturn.current = thenFocus;
    setView({ name: 'list' });
  }, []);

  const openToken = useCallback((token: UploadToken, index: number) => {
    setView({ name: 'details', token, back: () => listHandle.current?.focusRow(index) });
  }, []);

  /** Focus the row at `index` (the list itself when it is empty), returning to the list first if needed. */
  const focusRow = useCallback(
    (index: number) => {
      const focus = () => listHandle.current?.focusRow(index);
      if (view.name === 'list') focus();
      else backToList(focus);
    },
    [view.name, backToList],
  );

  return {
    view,
    setView,
    backToList,
    openToken,
    focusRow,
    listHandle,
    createButton,
    lookupButton,
    focusCreate: useCallback(() => createButton.current?.focus(), []),
    focusLookup: useCallback(() => lookupButton.current?.focus(), []),
  };
}

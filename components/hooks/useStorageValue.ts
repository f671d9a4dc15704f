import { useEffect, useState } from 'preact/hooks';
import type { WxtStorageItem } from 'wxt/utils/storage';

/**
 * A non-secret storage item's value, kept current while the page is open (the background
 * writes progress there; pages only read). Undefined until read, and when the item is empty.
 */
export function useStorageValue<T, M extends Record<string, unknown>>(
  item: WxtStorageItem<T | null, M>,
): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let active = true;
    void item.getValue().then((current) => {
      if (active) setValue(current ?? undefined);
    });
    const unwatch = item.watch((next) => setValue(next ?? undefined));
    return () => {
      active = false;
      unwatch();
    };
  }, [item]);
  return value;
}

import { useEffect, useState } from 'preact/hooks';
import type { Read, StoredItem } from '@/utils/storage';

/**
 * A non-secret storage item as it is now, kept current while the page is open: the background
 * writes it, pages only read. Undefined until the first read.
 */
export function useStoredItem<T>(item: StoredItem<T>): Read<T> | undefined {
  const [found, setFound] = useState<Read<T>>();
  useEffect(() => {
    let active = true;
    // A change seen before the first read answers is newer than that answer.
    let changed = false;
    const unwatch = item.watch((next) => {
      changed = true;
      setFound(next);
    });
    void item.read().then((current) => {
      if (active && !changed) setFound(current);
    });
    return () => {
      active = false;
      unwatch();
    };
  }, [item]);
  return found;
}

/** The value, or null when absent or unreadable; undefined until read. */
export function valueOf<T>(found: Read<T> | undefined): T | null | undefined {
  if (found === undefined) return undefined;
  return found.state === 'ok' ? found.value : null;
}

import { useMemo } from 'preact/hooks';
import { useStoredItems } from '@/components/hooks/useStoredItems';
import type { Read, StoredItem } from '@/utils/storage';

/**
 * A non-secret storage item as it is now, kept current while the page is open: the background
 * writes it, pages only read. Undefined until the first read. One item of `useStoredItems`.
 */
export function useStoredItem<T>(item: StoredItem<T>): Read<T> | undefined {
  const items = useMemo(() => [item], [item]);
  return useStoredItems(items)?.[0];
}

/** The value, or null when absent or unreadable; undefined until read. */
export function valueOf<T>(found: Read<T> | undefined): T | null | undefined {
  if (found === undefined) return undefined;
  return found.state === 'ok' ? found.value : null;
}

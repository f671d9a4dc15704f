import { useEffect, useState } from 'preact/hooks';
import type { Read, StoredItem } from '@/utils/storage';

/**
 * Several storage items at once (one per account, say), kept current like `useStoredItem`: one
 * hook however many there are. Undefined until every one of them has been read; the entries follow
 * `items` in order.
 */
export function useStoredItems<T>(items: readonly StoredItem<T>[]): Read<T>[] | undefined {
  const [found, setFound] = useState<{ items: readonly StoredItem<T>[]; reads: (Read<T> | undefined)[] }>();
  // The items' keys say whether the list changed (callers make a new array each render).
  const signature = items.map((item) => item.key).join('\n');
  useEffect(() => {
    let active = true;
    const reads: (Read<T> | undefined)[] = items.map(() => undefined);
    const changed = items.map(() => false);
    const publish = () => {
      if (active) setFound({ items, reads: [...reads] });
    };
    const unwatch = items.map((item, index) =>
      item.watch((next) => {
        // A change seen before the first read answers is newer than that answer.
        changed[index] = true;
        reads[index] = next;
        publish();
      }),
    );
    void Promise.all(
      items.map(async (item, index) => {
        const current = await item.read();
        if (!changed[index]) reads[index] = current;
      }),
    ).then(publish);
    return () => {
      active = false;
      for (const stop of unwatch) stop();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `signature` stands for `items`
  }, [signature]);
  if (!found || found.items.length !== items.length || found.items.some((item, index) => item !== items[index]))
    return undefined;
  if (found.reads.some((read) => read === undefined)) return undefined;
  return found.reads as Read<T>[];
}

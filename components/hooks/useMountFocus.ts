import { useEffect, useRef } from 'preact/hooks';

/**
 * Focus the returned element once, when the view mounts: a screen that replaces another
 * moves keyboard and screen reader users to its heading instead of leaving them on <body>.
 */
export function useMountFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

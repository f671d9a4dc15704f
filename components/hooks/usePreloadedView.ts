import { useEffect, useState } from 'preact/hooks';
import { preloadedView, preloadedViewNow, type CachedView } from '@/utils/ui/cached-list';

/** The popup's preloaded view of the saved key, once read, when a key is saved. */
export function usePreloadedView(): CachedView | undefined {
  const [view, setView] = useState<CachedView | undefined>(preloadedViewNow);
  useEffect(() => {
    let active = true;
    void preloadedView().then((found) => {
      if (active && found) setView(found);
    });
    return () => {
      active = false;
    };
  }, []);
  return view;
}

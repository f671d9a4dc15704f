import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useRef, useState } from 'preact/hooks';

type Announce = (message: string) => void;

const AnnounceContext = createContext<Announce>(() => undefined);

export interface AnnouncerProps {
  children: ComponentChildren;
}

/**
 * One polite live region for the whole page ("Copied", "Token deleted"), so short
 * confirmations reach screen readers without each widget owning a region.
 */
export function Announcer({ children }: AnnouncerProps) {
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const announce = useCallback<Announce>((next) => {
    // Clear first so the same text twice in a row ("Copied", "Copied") is announced twice.
    setMessage('');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMessage(next), 50);
  }, []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div class="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}

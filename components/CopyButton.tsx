import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { useAnnounce } from '@/components/Announcer';

export interface CopyButtonProps {
  /** What goes to the clipboard (the full token, a snippet). */
  text: string;
  /** Accessible name, naming what is copied ("Copy token to1tcm…KMKb"). */
  label: string;
  class?: string;
}

const COPIED_VISIBLE_MS = 2000;

/** Copies `text`, then says "Copied" on the button and in the page's live region. */
export function CopyButton({ text, label, class: className }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const announce = useAnnounce();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    let copied = true;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      copied = false;
    }
    setState(copied ? 'copied' : 'failed');
    announce(copied ? t('ui_copied') : t('ui_copy_failed'));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), COPIED_VISIBLE_MS);
  };

  return (
    <button
      type="button"
      class={`button button--small ${className ?? ''}`}
      aria-label={label}
      onClick={() => void copy()}
    >
      {state === 'copied' ? t('ui_copied') : state === 'failed' ? t('ui_copy_failed_short') : t('ui_copy')}
    </button>
  );
}

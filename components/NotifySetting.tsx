import { useEffect, useId, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import type { Settings } from '@/utils/storage';
import { ErrorNotice } from '@/components/ErrorNotice';

const NOTIFICATIONS = { permissions: ['notifications' as const] };

/** Whether the optional `notifications` permission is granted now (false where it cannot be told). */
async function notificationsGranted(): Promise<boolean> {
  try {
    return await browser.permissions.contains(NOTIFICATIONS);
  } catch {
    return false;
  }
}

/**
 * Asks for the permission. Must be called synchronously from the click: browsers grant optional
 * permissions only in answer to a user gesture, and an await before the call would lose it.
 */
function requestNotifications(): Promise<boolean> {
  try {
    return browser.permissions.request(NOTIFICATIONS).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

/** Follows the permission when it changes elsewhere (the browser's own settings). */
function watchPermission(onChange: () => void): () => void {
  const events = [browser.permissions?.onAdded, browser.permissions?.onRemoved];
  const added: typeof events = [];
  for (const event of events) {
    try {
      event?.addListener(onChange);
      added.push(event);
    } catch {
      // Not every browser (nor WXT's fake one) has these events: the state is read on each change here.
    }
  }
  return () => {
    for (const event of added) event?.removeListener(onChange);
  };
}

type Note = 'refused' | 'lost';

/**
 * "Notify me when a new never-expiring token appears" (issue 14). On only when the setting is on
 * AND the browser grants the optional `notifications` permission; the badge's attention state
 * works without either.
 */
export function NotifySetting({ settings }: { settings: Settings }) {
  const id = useId();
  const [granted, setGranted] = useState<boolean>();
  /** The value asked for while the permission or the background answers. */
  const [pending, setPending] = useState<boolean>();
  const [refused, setRefused] = useState(false);
  const [error, setError] = useState<ReplyError>();

  useEffect(() => {
    let active = true;
    const read = () =>
      void notificationsGranted().then((now) => {
        if (active) setGranted(now);
      });
    read();
    const unwatch = watchPermission(read);
    return () => {
      active = false;
      unwatch();
    };
  }, []);

  const on = settings.notifyNewForever && granted === true;
  const note: Note | undefined = refused
    ? 'refused'
    : settings.notifyNewForever && granted === false
      ? 'lost'
      : undefined;

  const turnOn = (asked: Promise<boolean>) => async () => {
    const allowed = await asked;
    setGranted(allowed);
    if (!allowed) {
      setRefused(true);
      return;
    }
    const reply = await sendRequest('updateSettings', { notifyNewForever: true });
    if (!reply.ok) setError(reply.error);
  };

  const turnOff = async () => {
    const reply = await sendRequest('updateSettings', { notifyNewForever: false });
    if (!reply.ok) {
      setError(reply.error);
      return;
    }
    // Given back: the extension holds no permission it does not use.
    await browser.permissions.remove(NOTIFICATIONS).catch(() => false);
    setGranted(await notificationsGranted());
  };

  const onChange = (event: Event) => {
    const wanted = (event.currentTarget as HTMLInputElement).checked;
    setError(undefined);
    setRefused(false);
    setPending(wanted);
    // The request goes out now, inside the click; only then may anything be awaited.
    const change = wanted ? turnOn(requestNotifications()) : turnOff;
    void change().finally(() => setPending(undefined));
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} class="card__title">
        {t('options_notify_heading')}
      </h2>
      <label class="choice">
        <input
          type="checkbox"
          checked={pending ?? on}
          disabled={granted === undefined}
          aria-busy={pending !== undefined}
          aria-describedby={`${id}-hint`}
          onChange={onChange}
        />
        <span>{t('options_notify_label')}</span>
      </label>
      <p id={`${id}-hint`} class="muted field__hint">
        {t('options_notify_hint')}
      </p>
      <div role="status" class="status">
        {note && pending === undefined && (
          <p class="notice notice--warning">
            {t(note === 'refused' ? 'options_notify_refused' : 'options_notify_lost')}
          </p>
        )}
      </div>
      {error && <ErrorNotice message={error.message} />}
    </section>
  );
}

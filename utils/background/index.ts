// The background service: the only holder of the API key and the only caller of api.video.
// `createBackground` builds it from storage alone, so a fresh worker (MV3 kills idle ones)
// behaves exactly like the one before it; `registerBackground` wires it to the browser.
import { browser, type Browser } from 'wxt/browser';
import type { Environment } from '@/utils/apivideo/types';
import type { Reply } from '@/utils/messaging';
import { migrateStorage, readAccounts } from '@/utils/storage';
import { environmentLabel } from '@/utils/ui/environment';
import { createAccountBook } from './accounts';
import { BULK_DELETE_WATCHDOG_PREFIX, createBulkDeleters, type BulkDeleters } from './bulk-delete';
import { createClientFactory, type ClientTuning } from './clients';
import { toReplyError, BackgroundError } from './errors';
import { createHandlers, type Handlers } from './handlers';
import { createGuard, type Guard } from './guard';
import { createTokenNotes } from './notes';
import { createKeyRegistry, type KeyRegistry } from './keys';
import { COUNT_RETRY_ALARM_PREFIX, createRefresher, type Refresher } from './refresh';
import { parseRequest } from './requests';
import { createScheduler, REFRESH_ALARM } from './schedule';
import { isTrustedSender } from './sender';

export interface BackgroundOptions {
  /** Base URLs per environment; only tests point them elsewhere (the local api.video server). */
  hosts?: Partial<Record<Environment, string>>;
  clientTuning?: ClientTuning;
  now?: () => number;
  /** Whether the optional `notifications` permission is granted; only tests decide it themselves. */
  notificationsPermitted?: () => Promise<boolean>;
}

export interface Background {
  handleMessage(message: unknown, sender: Browser.runtime.MessageSender | undefined): Promise<Reply<object>>;
  onInstalled(details: { reason: string }): Promise<void>;
  onStartup(): Promise<void>;
  onAlarm(alarm: { name: string }): Promise<void>;
  onNotificationClicked(id: string): Promise<void>;
  /** Work every fresh worker does: migrate stored data, continue a bulk delete a killed worker left running. */
  onWorkerStart(): Promise<void>;
  keys: KeyRegistry;
  refresher: Refresher;
  bulk: BulkDeleters;
  guard: Guard;
  /** Stops all background work at once without writing more, as a killed worker would. */
  dispose(): void;
}

export function createBackground(options: BackgroundOptions = {}): Background {
  const now = options.now ?? Date.now;
  const keys = createKeyRegistry();
  const accounts = createAccountBook();
  const clients = createClientFactory(keys, options.hosts, {
    now: options.now,
    ...options.clientTuning,
  });
  const refresher = createRefresher(keys, clients, now);
  const scheduler = createScheduler();
  const notes = createTokenNotes(keys, now);
  const bulk = createBulkDeleters({
    keys,
    clients,
    now,
    onFinished: async (ref, outcome, via) => {
      await refresher.applyChange(ref, { remove: new Set([...outcome.deleted, ...outcome.alreadyGone]) });
      await notes.recordDeleted(ref, outcome, via);
      await refresher.refreshCount(ref.account, { afterChange: true });
    },
  });
  const guard = createGuard({
    keys,
    accounts,
    refresher,
    bulk,
    notes,
    now,
    notificationsPermitted: options.notificationsPermitted,
  });
  const handlers: Handlers = createHandlers({
    keys,
    accounts,
    clients,
    refresher,
    bulk,
    scheduler,
    notes,
    guard,
    now,
  });
  // Stored data is brought to the current shapes once, before anything reads it. The two keys of
  // an install from before accounts become the accounts "Production" and "Sandbox".
  let migrated: Promise<void> | undefined;
  const ready = () => (migrated ??= migrateStorage(undefined, environmentLabel, now));

  async function startUp() {
    await ready();
    await refresher.repaint(); // the cached count at once, before any network call
    await scheduler.ensure();
    await guard.refreshAll();
  }

  return {
    keys,
    refresher,
    bulk,
    guard,
    async handleMessage(message, sender) {
      const extensionOrigin = browser.runtime.getURL('/');
      if (!isTrustedSender(sender, browser.runtime.id, extensionOrigin)) {
        return { ok: false, error: toReplyError(new BackgroundError('forbidden-sender')) };
      }
      const request = parseRequest(message);
      if (!request) return { ok: false, error: toReplyError(new BackgroundError('invalid-request')) };
      try {
        await ready();
        const handler = handlers[request.type] as (payload: unknown) => Promise<object>;
        return { ok: true, ...(await handler(request.payload)) };
      } catch (error) {
        return { ok: false, error: toReplyError(error) };
      }
    },
    async onInstalled({ reason }) {
      if (reason === 'install') await browser.runtime.openOptionsPage();
      await startUp();
    },
    onStartup: startUp,
    async onAlarm({ name }) {
      await ready();
      if (name === REFRESH_ALARM) await guard.refreshAll();
      // Alarms name the account they are for; one whose account has gone meanwhile does nothing.
      const accountOf = async (prefix: string) => {
        if (!name.startsWith(prefix)) return undefined;
        const account = name.slice(prefix.length);
        return (await readAccounts()).some((entry) => entry.id === account) ? account : undefined;
      };
      const retrying = await accountOf(COUNT_RETRY_ALARM_PREFIX);
      if (retrying) await refresher.refreshCount(retrying);
      const watched = await accountOf(BULK_DELETE_WATCHDOG_PREFIX);
      if (watched) await bulk.of(watched).resume();
    },
    async onNotificationClicked(id) {
      await ready();
      await guard.onNotificationClicked(id);
    },
    async onWorkerStart() {
      await ready();
      await bulk.resumeAll();
    },
    dispose() {
      keys.dispose();
      bulk.dispose();
    },
  };
}

/**
 * Registers every listener synchronously, as MV3 requires for events to wake the worker.
 * Each listener returns a promise: webextension-polyfill turns it into the reply.
 */
export function registerBackground(background: Background): void {
  // The reply is the returned promise: that is how webextension-polyfill's onMessage answers.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the listener must return the promise, not void
  browser.runtime.onMessage.addListener((message, sender) => background.handleMessage(message, sender));
  browser.runtime.onInstalled.addListener((details) => void background.onInstalled(details));
  browser.runtime.onStartup.addListener(() => void background.onStartup());
  browser.alarms.onAlarm.addListener((alarm) => void background.onAlarm(alarm));
  // `notifications` is an optional permission: its events exist once it is granted, at the next
  // worker start or the moment the person grants it.
  let listening = false;
  const listenToNotifications = () => {
    if (listening || !browser.notifications?.onClicked) return;
    browser.notifications.onClicked.addListener((id) => void background.onNotificationClicked(id));
    listening = true;
  };
  listenToNotifications();
  browser.permissions?.onAdded?.addListener(listenToNotifications);
  void background.onWorkerStart();
}

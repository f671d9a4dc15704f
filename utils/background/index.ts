// The background service: the only holder of the API key and the only caller of api.video.
// `createBackground` builds it from storage alone, so a fresh worker (MV3 kills idle ones)
// behaves exactly like the one before it; `registerBackground` wires it to the browser.
import { browser, type Browser } from 'wxt/browser';
import type { Environment } from '@/utils/apivideo/types';
import type { Reply } from '@/utils/messaging';
import { BULK_DELETE_WATCHDOG, createBulkDeleter, type BulkDeleter } from './bulk-delete';
import { createClientFactory, type ClientTuning } from './clients';
import { toReplyError, BackgroundError } from './errors';
import { createHandlers, type Handlers } from './handlers';
import { createRefresher, type Refresher } from './refresh';
import { parseRequest } from './requests';
import { createScheduler, REFRESH_ALARM } from './schedule';
import { isTrustedSender } from './sender';

export interface BackgroundOptions {
  /** Base URLs per environment; only tests point them elsewhere (the local api.video server). */
  hosts?: Partial<Record<Environment, string>>;
  clientTuning?: ClientTuning;
  now?: () => number;
}

export interface Background {
  handleMessage(message: unknown, sender: Browser.runtime.MessageSender | undefined): Promise<Reply<object>>;
  onInstalled(details: { reason: string }): Promise<void>;
  onStartup(): Promise<void>;
  onAlarm(alarm: { name: string }): Promise<void>;
  /** Work every fresh worker does: continue a bulk delete a killed worker left running. */
  onWorkerStart(): Promise<void>;
  refresher: Refresher;
  bulk: BulkDeleter;
  /** Stops all background work at once without writing more, as a killed worker would. */
  dispose(): void;
}

export function createBackground(options: BackgroundOptions = {}): Background {
  const now = options.now ?? Date.now;
  const clients = createClientFactory(options.hosts, { ...(options.now ? { now } : {}), ...options.clientTuning });
  const refresher = createRefresher(clients, now);
  const scheduler = createScheduler();
  const bulk = createBulkDeleter({ clients, now, onFinished: (environment) => refresher.refreshCount(environment) });
  const handlers: Handlers = createHandlers({ clients, refresher, bulk, scheduler, now });

  async function startUp() {
    await refresher.repaint(); // the cached count at once, before any network call
    await scheduler.ensure();
    await refresher.refreshCount();
  }

  return {
    refresher,
    bulk,
    async handleMessage(message, sender) {
      const extensionOrigin = browser.runtime.getURL('/');
      if (!isTrustedSender(sender, browser.runtime.id, extensionOrigin)) {
        return { ok: false, error: toReplyError(new BackgroundError('forbidden-sender')) };
      }
      const request = parseRequest(message);
      if (!request) return { ok: false, error: toReplyError(new BackgroundError('invalid-request')) };
      try {
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
      if (name === REFRESH_ALARM) await refresher.refreshCount();
      if (name === BULK_DELETE_WATCHDOG) await bulk.resume();
    },
    onWorkerStart: () => bulk.resume(),
    dispose: () => bulk.dispose(),
  };
}

/**
 * Registers every listener synchronously, as MV3 requires for events to wake the worker.
 * Each listener returns a promise: webextension-polyfill turns it into the reply.
 */
export function registerBackground(background: Background): void {
  browser.runtime.onMessage.addListener((message, sender) => background.handleMessage(message, sender));
  browser.runtime.onInstalled.addListener((details) => void background.onInstalled(details));
  browser.runtime.onStartup.addListener(() => void background.onStartup());
  browser.alarms.onAlarm.addListener((alarm) => void background.onAlarm(alarm));
  void background.onWorkerStart();
}

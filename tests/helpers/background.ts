// The real background logic, registered on WXT's fake browser and talking to the real local
// api.video server over HTTP: what component and background tests run against.
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Environment } from '@/utils/apivideo/types';
import { createBackground, type Background } from '@/utils/background';
import type { ReplyOf, RequestOf, RequestType } from '@/utils/messaging';
import {
  DEFAULT_SETTINGS,
  keyInfoItems,
  readSettings,
  readTokenCache,
  settingsItem,
  type TokenCache,
} from '@/utils/storage';
import { DEFAULT_KEYS, startApiVideoServer, type ApiVideoServer, type ApiVideoServerOptions } from '../server';

/** What Chrome reports for a message from our own popup. */
export function extensionPageSender(page = 'popup.html') {
  return { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL(`/${page}`) };
}

export interface TestBackgroundOptions {
  environment?: Environment;
  /** Save the server's valid key for `environment` first (default true). */
  withKey?: boolean;
  seed?: { count: number; neverExpiring?: number; expiringSoon?: number; seed?: number };
  serverOptions?: ApiVideoServerOptions;
}

export interface TestBackground {
  server: ApiVideoServer;
  background: Background;
  keys: typeof DEFAULT_KEYS;
  /** Send a request as our popup would, straight to the handler. */
  request<K extends RequestType>(type: K, payload?: RequestOf<K>): Promise<ReplyOf<K>>;
  close(): Promise<void>;
}

/** The id of the key saved now for an environment (what derived state must carry). */
export async function savedKeyId(environment: Environment): Promise<string | undefined> {
  return (await keyInfoItems[environment].getValue())?.keyId;
}

/** The cached list of the key saved now. */
export async function cachedTokens(environment: Environment): Promise<TokenCache | null> {
  return readTokenCache(environment, await savedKeyId(environment));
}

export { DEFAULT_SETTINGS };

/** Fast retries so fault tests do not wait for real back-off. */
export const TEST_CLIENT_TUNING = {
  timeoutMs: 3_000,
  retry: { baseDelayMs: 5, maxDelayMs: 20, maxRateLimitWaitMs: 5_000 },
};

export async function startTestBackground(options: TestBackgroundOptions = {}): Promise<TestBackground> {
  const environment = options.environment ?? 'production';
  const server = await startApiVideoServer({ quiet: true, ...options.serverOptions });
  if (options.seed) server.seed(environment, options.seed);
  const background = createBackground({ hosts: server.urls, clientTuning: TEST_CLIENT_TUNING });
  // The fake browser passes an empty sender; the real one passes our page's.
  fakeBrowser.runtime.onMessage.addListener((message: unknown) =>
    background.handleMessage(message, extensionPageSender()),
  );
  const request = async <K extends RequestType>(type: K, payload?: RequestOf<K>) =>
    (await background.handleMessage({ type, payload: payload ?? {} }, extensionPageSender())) as ReplyOf<K>;

  await settingsItem.setValue({ ...(await readSettings()).settings, activeEnvironment: environment });
  if (options.withKey ?? true) {
    const saved = await request('saveKey', { environment, apiKey: DEFAULT_KEYS[environment] });
    if (!saved.ok) throw new Error(`test background could not save its key: ${saved.error.kind}`);
  }
  return {
    server,
    background,
    keys: DEFAULT_KEYS,
    request,
    async close() {
      background.dispose();
      await server.close();
    },
  };
}

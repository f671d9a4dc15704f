// The real background logic, registered on WXT's fake browser and talking to the real local
// api.video server over HTTP: what component and background tests run against. The server comes
// from the startServer fixture; the `startBackground` fixture built on it disposes every
// background after the test, before the servers close.
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Environment } from '@/utils/apivideo/types';
import { createBackground, type Background } from '@/utils/background';
import type { ReplyOf, RequestOf, RequestType } from '@/utils/messaging';
import { DEFAULT_SETTINGS, keyInfoItem, readTokenCache, type AccountId, type TokenCache } from '@/utils/storage';
import { test as serverTest } from '@/tests/helpers/server-fixture';
import { DEFAULT_KEYS, type ApiVideoServer, type ApiVideoServerOptions } from '@/tests/server';

/** What Chrome reports for a message from our own popup. */
export function extensionPageSender(page = 'popup.html') {
  return { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL(`/${page}`) };
}

export interface TestBackgroundOptions {
  environment?: Environment;
  /**
   * Add an account for `environment` with the server's valid key first (default true). Its id is
   * the environment's name, as the first account of an environment always gets.
   */
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
}

/** The id of the key saved now for an account (what derived state must carry). */
export async function savedKeyId(account: AccountId): Promise<string | undefined> {
  return (await keyInfoItem(account).getValue())?.keyId;
}

/** The cached list of the key saved now. */
export async function cachedTokens(account: AccountId): Promise<TokenCache | null> {
  return readTokenCache(account, await savedKeyId(account));
}

/** The name the test background gives the account it adds for an environment. */
export function testAccountName(environment: Environment): string {
  return environment === 'production' ? 'Production' : 'Sandbox';
}

export { DEFAULT_SETTINGS };

/** Fast retries so fault tests do not wait for real back-off. */
export const TEST_CLIENT_TUNING = {
  timeoutMs: 3_000,
  retry: { baseDelayMs: 5, maxDelayMs: 20, maxRateLimitWaitMs: 5_000 },
};

export interface BackgroundFixtures {
  /** Starts a local api.video (startServer) and the real background on it, its key saved unless `withKey: false`. */
  startBackground: (options?: TestBackgroundOptions) => Promise<TestBackground>;
}

export const test = serverTest.extend<BackgroundFixtures>({
  startBackground: async ({ startServer }, use) => {
    const started: Background[] = [];
    try {
      await use(async (options = {}) => {
        const server = await startServer(options.serverOptions);
        const background = createBackground({ hosts: server.urls, clientTuning: TEST_CLIENT_TUNING });
        started.push(background);
        return setUpBackground(server, background, options);
      });
    } finally {
      for (const background of started) background.dispose();
    }
  },
});

export const it = test;

async function setUpBackground(
  server: ApiVideoServer,
  background: Background,
  options: TestBackgroundOptions,
): Promise<TestBackground> {
  const environment = options.environment ?? 'production';
  if (options.seed) server.seed(environment, options.seed);
  // The fake browser passes an empty sender; the real one passes our page's.
  fakeBrowser.runtime.onMessage.addListener((message: unknown) =>
    background.handleMessage(message, extensionPageSender()),
  );
  const request = async <K extends RequestType>(type: K, payload?: RequestOf<K>) =>
    (await background.handleMessage({ type, payload: payload ?? {} }, extensionPageSender())) as ReplyOf<K>;

  if (options.withKey ?? true) {
    const saved = await request('addAccount', {
      name: testAccountName(environment),
      environment,
      apiKey: DEFAULT_KEYS[environment],
    });
    if (!saved.ok) throw new Error(`test background could not save its key: ${saved.error.kind}`);
    if (saved.account !== environment) throw new Error(`the first ${environment} account got the id ${saved.account}`);
  }
  return { server, background, keys: DEFAULT_KEYS, request };
}

// One api.video client per saved key, its session tokens kept in storage.session (they survive
// the service worker being killed and never touch disk) and bound to that key: a token obtained
// for a key that has meanwhile been replaced is never stored, and never served to the new key.
import {
  createApiVideoClient,
  type ApiVideoClient,
  type ApiVideoClientOptions,
  type AuthStore,
} from '@/utils/apivideo/client';
import { API_HOSTS, type Environment } from '@/utils/apivideo/types';
import { authTokenItem, readSettings } from '@/utils/storage';
import type { KeyRef, KeyRegistry } from './keys';

export type ClientTuning = Partial<Omit<ApiVideoClientOptions, 'environment' | 'apiKey' | 'baseUrl' | 'authStore'>>;

/** The session tokens of one key: read only when they are that key's, written only while it is saved. */
export function boundAuthStore(ref: KeyRef, keys: KeyRegistry): AuthStore {
  const item = authTokenItem(ref.account);
  return {
    async get() {
      const stored = await item.getValue();
      if (stored?.keyId !== ref.keyId) return undefined;
      const { accessToken, refreshToken, expiresAt } = stored;
      return { accessToken, refreshToken, expiresAt };
    },
    async set(tokens) {
      await keys.write(ref, () => item.setValue({ ...tokens, keyId: ref.keyId }));
    },
    async clear() {
      await keys.write(ref, async () => {
        if ((await item.getValue())?.keyId === ref.keyId) await item.removeValue();
      });
    },
  };
}

export interface ClientFactory {
  /** The client of a saved key (one per key, so concurrent calls share one authentication). */
  forRef(ref: KeyRef): ApiVideoClient;
  /** A client for a key that is not saved (yet), with tokens kept in memory only. */
  forKey(environment: Environment, apiKey: string, authStore?: AuthStore): ApiVideoClient;
  /** Drops the client of a removed account: its API key is not kept in the worker's memory either. */
  forget(account: string): void;
}

export function createClientFactory(
  keys: KeyRegistry,
  hosts: Partial<Record<Environment, string>> = {},
  tuning: ClientTuning = {},
): ClientFactory {
  // This cache only saves work while the worker lives; the tokens themselves are in storage.session.
  const cache = new Map<string, { client: ApiVideoClient; account: string }>();
  /** Drops the account's clients, all of them or all but the one of `keepKeyId`. */
  const drop = (account: string, keepKeyId?: string) => {
    for (const [keyId, entry] of cache) if (entry.account === account && keyId !== keepKeyId) cache.delete(keyId);
  };
  const forKey = (environment: Environment, apiKey: string, authStore?: AuthStore) =>
    createApiVideoClient({
      // Read from storage before every request, so a changed setting reaches a running bulk
      // delete or listing without a new client. One setting; each account's client applies it to
      // that account's own windows (api.video counts its limits per project and environment).
      rateLimitShare: async () => (await readSettings()).settings.rateLimitSharePercent / 100,
      ...tuning,
      environment,
      apiKey,
      baseUrl: hosts[environment] ?? API_HOSTS[environment],
      authStore,
    });

  return {
    forKey,
    forRef(ref) {
      let client = cache.get(ref.keyId)?.client;
      if (!client) {
        // Clients of replaced keys are dropped: nothing may use them any more.
        drop(ref.account, ref.keyId);
        client = forKey(ref.environment, ref.apiKey, boundAuthStore(ref, keys));
        cache.set(ref.keyId, { client, account: ref.account });
      }
      return client;
    },
    forget(account) {
      drop(account);
    },
  };
}

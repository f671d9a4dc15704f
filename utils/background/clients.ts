// One api.video client per environment and key, its session tokens kept in storage.session so
// they survive the service worker being killed and never touch disk.
import {
  createApiVideoClient,
  type ApiVideoClient,
  type ApiVideoClientOptions,
  type AuthStore,
} from '@/utils/apivideo/client';
import { API_HOSTS, type Environment } from '@/utils/apivideo/types';
import { apiKeyItems, authTokenItems } from '@/utils/storage';
import { BackgroundError } from './errors';

export type ClientTuning = Partial<Omit<ApiVideoClientOptions, 'environment' | 'apiKey' | 'baseUrl' | 'authStore'>>;

export function sessionAuthStore(environment: Environment): AuthStore {
  const item = authTokenItems[environment];
  return {
    get: async () => (await item.getValue()) ?? undefined,
    set: (tokens) => item.setValue(tokens),
    clear: () => item.removeValue(),
  };
}

export interface ClientFactory {
  /** The client for an environment's saved key; throws BackgroundError('no-key') when none. */
  forEnvironment(environment: Environment): Promise<ApiVideoClient>;
  /** A client for a key that is not saved (yet), with tokens kept in memory only. */
  forKey(environment: Environment, apiKey: string, authStore?: AuthStore): ApiVideoClient;
  baseUrl(environment: Environment): string;
}

export function createClientFactory(
  hosts: Partial<Record<Environment, string>> = {},
  tuning: ClientTuning = {},
): ClientFactory {
  // Reusing a client lets concurrent calls share one in-flight authentication. This cache only
  // saves work while the worker lives; the tokens themselves are in storage.session.
  const cache = new Map<Environment, { apiKey: string; client: ApiVideoClient }>();
  const baseUrl = (environment: Environment) => hosts[environment] ?? API_HOSTS[environment];
  const forKey = (environment: Environment, apiKey: string, authStore?: AuthStore) =>
    createApiVideoClient({ ...tuning, environment, apiKey, baseUrl: baseUrl(environment), ...(authStore ? { authStore } : {}) });

  return {
    baseUrl,
    forKey,
    async forEnvironment(environment) {
      const apiKey = await apiKeyItems[environment].getValue();
      if (!apiKey) throw new BackgroundError('no-key');
      const cached = cache.get(environment);
      if (cached?.apiKey === apiKey) return cached.client;
      const client = forKey(environment, apiKey, sessionAuthStore(environment));
      cache.set(environment, { apiKey, client });
      return client;
    },
  };
}

// One handler per request of the protocol. Payloads arrive already validated (requests.ts).
import { isApiVideoError } from '@/utils/apivideo/errors';
import type { Environment } from '@/utils/apivideo/types';
import { createMemoryAuthStore } from '@/utils/apivideo/client';
import { maskSecret } from '@/utils/mask';
import type { Protocol, RequestType } from '@/utils/messaging';
import {
  apiKeyItems,
  authTokenItems,
  bulkDeleteItem,
  forgetEnvironment,
  settingsItem,
  readTokenCache,
  updateTokenCache,
} from '@/utils/storage';
import type { BulkDeleter } from './bulk-delete';
import type { ClientFactory } from './clients';
import { BackgroundError, otherOf } from './errors';
import type { ParsedRequest } from './requests';
import type { Refresher } from './refresh';
import { buildStatus } from './status';
import type { Scheduler } from './schedule';

export interface HandlerContext {
  clients: ClientFactory;
  refresher: Refresher;
  bulk: BulkDeleter;
  scheduler: Scheduler;
  now: () => number;
}

type PayloadOf<K extends RequestType> = Extract<ParsedRequest, { type: K }>['payload'];
export type Handlers = { [K in RequestType]: (payload: PayloadOf<K>) => Promise<Protocol[K]['reply']> };

async function resolveEnvironment(environment: Environment | undefined): Promise<Environment> {
  return environment ?? (await settingsItem.getValue()).activeEnvironment;
}

/** A pasted upload URL (…/upload?token=to…) is as good as the token itself. */
export function extractToken(input: string): string {
  const trimmed = input.trim();
  try {
    const fromUrl = new URL(trimmed).searchParams.get('token');
    if (fromUrl) return fromUrl;
  } catch {
    // Not a URL: the token itself.
  }
  return trimmed;
}

export function createHandlers(context: HandlerContext): Handlers {
  const { clients, refresher, bulk, scheduler, now } = context;

  /** Runs a call against api.video; an environment-wide failure also updates the badge. */
  async function withClient<T>(environment: Environment, call: (client: Awaited<ReturnType<ClientFactory['forEnvironment']>>) => Promise<T>) {
    const client = await clients.forEnvironment(environment);
    try {
      return await call(client);
    } catch (error) {
      await refresher.recordFailure(environment, error);
      throw error;
    }
  }

  return {
    getStatus: () => buildStatus(now()),

    async saveKey({ environment, apiKey }) {
      if (!apiKey) throw new BackgroundError('invalid-key', undefined, 'error_key_empty');
      // Validate before storing: a key api.video rejects is never saved.
      const authStore = createMemoryAuthStore();
      try {
        await clients.forKey(environment, apiKey, authStore).authenticate();
      } catch (error) {
        if (isApiVideoError(error) && error.kind === 'invalid-key') {
          const other = otherOf(environment);
          const worksElsewhere = await clients
            .forKey(other, apiKey)
            .authenticate()
            .then(() => true, () => false);
          if (worksElsewhere) throw new BackgroundError('invalid-key', other);
        }
        throw error;
      }
      const previous = await apiKeyItems[environment].getValue();
      // Another key may be another project: nothing cached for the old one still applies.
      if (previous !== apiKey) await forgetEnvironment(environment);
      await apiKeyItems[environment].setValue(apiKey);
      const tokens = await authStore.get();
      if (tokens) await authTokenItems[environment].setValue(tokens);
      await scheduler.ensure();
      await refresher.refreshCount(environment);
      return { maskedKey: maskSecret(apiKey) };
    },

    async forgetKey({ environment }) {
      const job = await bulkDeleteItem.getValue();
      if (job?.environment === environment && (job.state === 'running' || job.state === 'cancelling')) {
        await bulk.cancel();
      }
      await forgetEnvironment(environment);
      await refresher.repaint();
      return {};
    },

    async updateSettings(changes) {
      const before = await settingsItem.getValue();
      const settings = { ...before, ...changes };
      await settingsItem.setValue(settings);
      if (settings.refreshIntervalMinutes !== before.refreshIntervalMinutes) await scheduler.ensure(true);
      await refresher.repaint();
      if (settings.activeEnvironment !== before.activeEnvironment) void refresher.refreshCount(settings.activeEnvironment);
      return { settings };
    },

    async listTokens({ environment, refresh }) {
      const target = await resolveEnvironment(environment);
      if (!refresh) {
        if (!(await apiKeyItems[target].getValue())) throw new BackgroundError('no-key');
        const cache = await readTokenCache(target);
        return cache
          ? { environment: target, tokens: cache.tokens, fetchedAt: cache.fetchedAt, fromCache: true }
          : { environment: target, tokens: [], fromCache: true };
      }
      const { tokens, fetchedAt } = await refresher.refreshList(target);
      return { environment: target, tokens, fetchedAt, fromCache: false };
    },

    async getToken({ environment, token }) {
      const target = await resolveEnvironment(environment);
      return { token: await withClient(target, (client) => client.getUploadToken(extractToken(token))) };
    },

    async createToken({ environment, ttl }) {
      const target = await resolveEnvironment(environment);
      const token = await withClient(target, (client) => client.createUploadToken({ ttl }));
      await updateTokenCache(target, (tokens) => [token, ...tokens.filter((t) => t.token !== token.token)]);
      await refresher.refreshCount(target);
      return { token };
    },

    async deleteToken({ environment, token }) {
      const target = await resolveEnvironment(environment);
      const result = await withClient(target, (client) => client.deleteUploadToken(token));
      await updateTokenCache(target, (tokens) => tokens.filter((t) => t.token !== token));
      await refresher.refreshCount(target);
      return { result };
    },

    async startBulkDelete({ environment, tokens }) {
      const target = await resolveEnvironment(environment);
      if (!(await apiKeyItems[target].getValue())) throw new BackgroundError('no-key');
      return { job: await bulk.start(target, tokens) };
    },

    async getBulkDelete() {
      const job = await bulkDeleteItem.getValue();
      return job ? { job } : {};
    },

    async cancelBulkDelete() {
      const job = await bulk.cancel();
      return job ? { job } : {};
    },

    async dismissBulkDelete() {
      await bulk.dismiss();
      return {};
    },

    async refreshNow({ environment }) {
      await refresher.refreshCount(await resolveEnvironment(environment));
      return buildStatus(now());
    },
  };
}

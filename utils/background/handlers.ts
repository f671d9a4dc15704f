// One handler per request of the protocol. Payloads arrive already validated (requests.ts). Every
// call to api.video is made for the key saved when the request arrived, and stops when that key is
// replaced or forgotten.
import { isApiVideoError } from '@/utils/apivideo/errors';
import type { ApiVideoClient } from '@/utils/apivideo/client';
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import { createMemoryAuthStore } from '@/utils/apivideo/client';
import type { Replies } from '@/utils/messaging';
import { authTokenItems, readSettings, readTokenCache, settingsItem, type Settings } from '@/utils/storage';
import type { BulkDeleter } from './bulk-delete';
import type { ClientFactory } from './clients';
import { BackgroundError, isOutcomeUnknown, otherOf } from './errors';
import type { KeyRef, KeyRegistry } from './keys';
import type { ParsedRequest, RequestType } from './requests';
import type { Refresher } from './refresh';
import type { Scheduler } from './schedule';
import type { TokenNotes } from './notes';

export interface HandlerContext {
  keys: KeyRegistry;
  clients: ClientFactory;
  refresher: Refresher;
  bulk: BulkDeleter;
  scheduler: Scheduler;
  notes: TokenNotes;
  now: () => number;
}

type PayloadOf<K extends RequestType> = Extract<ParsedRequest, { type: K }>['payload'];
export type Handlers = { [K in RequestType]: (payload: PayloadOf<K>) => Promise<Replies[K]> };

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
  const { keys, clients, refresher, bulk, scheduler, notes, now } = context;

  async function savedKey(environment: Environment): Promise<KeyRef> {
    const ref = await keys.current(environment);
    if (!ref) throw new BackgroundError('no-key');
    return ref;
  }

  /**
   * Runs a call against api.video for the saved key. An environment-wide failure also updates the
   * badge; a call cut short because the key changed says so, rather than blaming api.video.
   */
  async function withKey<T>(
    environment: Environment,
    call: (client: ApiVideoClient, signal: AbortSignal, ref: KeyRef) => Promise<T>,
  ) {
    const ref = await savedKey(environment);
    const signal = keys.signal(ref);
    try {
      return await call(clients.forRef(ref), signal, ref);
    } catch (error) {
      if (signal.aborted) throw new BackgroundError('key-changed');
      await refresher.recordFailure(ref, error);
      throw error;
    }
  }

  /**
   * api.video's answer to a create was lost: look for the token among the newest ones. Found
   * exactly once, it is the one this request created; otherwise the person is told the truth.
   */
  async function findLostCreate(client: ApiVideoClient, ref: KeyRef, ttl: number, since: number, signal: AbortSignal) {
    const known = new Set((await readTokenCache(ref.environment, ref.keyId))?.tokens.map((token) => token.token));
    const candidates = await client.findRecentlyCreated({ ttl, since, signal });
    const fresh = candidates.filter((token) => !known.has(token.token));
    return fresh.length === 1 ? fresh[0] : undefined;
  }

  async function created(ref: KeyRef, token: UploadToken, label: string | undefined) {
    await refresher.applyChange(ref, { add: token });
    await notes.recordCreated(ref, token, label);
    await refresher.refreshCount(ref.environment, { afterChange: true });
  }

  const handlers: Handlers = {
    async saveKey({ environment, apiKey }) {
      if (!apiKey) throw new BackgroundError('invalid-key', undefined, 'error_key_empty');
      // Validate before storing: a key api.video rejects is never saved.
      const authStore = createMemoryAuthStore();
      try {
        await clients.forKey(environment, apiKey, authStore).authenticate();
      } catch (error) {
        if (isApiVideoError(error) && error.kind === 'invalid-key') {
          const worksElsewhere = await clients
            .forKey(otherOf(environment), apiKey)
            .authenticate()
            .then(
              () => true,
              () => false,
            );
          if (worksElsewhere) throw new BackgroundError('invalid-key', otherOf(environment));
        }
        throw error;
      }
      // Another key may be another project: nothing learnt with the old one still applies. The
      // tokens of the check are kept, bound to the new key, so the first count needs no exchange.
      await keys.replace(environment, apiKey, async (ref) => {
        const tokens = await authStore.get();
        if (tokens) await authTokenItems[environment].setValue({ ...tokens, keyId: ref.keyId });
      });
      await scheduler.ensure();
      await refresher.refreshCount(environment);
      return {};
    },

    async forgetKey({ environment }) {
      // Its work stops at once (a bulk delete reports what it did); then nothing of it remains.
      await keys.forget(environment);
      await refresher.repaint();
      return {};
    },

    async updateSettings(changes) {
      const { settings: before } = await readSettings();
      // Field by field, not a spread: a field sent as undefined (Firefox's structured clone keeps
      // it) would overwrite the stored value with undefined and make the whole item unreadable.
      const settings: Settings = {
        activeEnvironment: changes.activeEnvironment ?? before.activeEnvironment,
        refreshIntervalMinutes: changes.refreshIntervalMinutes ?? before.refreshIntervalMinutes,
        expiringSoonHours: changes.expiringSoonHours ?? before.expiringSoonHours,
        // Read by every client's rate-limit gate before each request: running work follows it.
        rateLimitSharePercent: changes.rateLimitSharePercent ?? before.rateLimitSharePercent,
      };
      await settingsItem.setValue(settings);
      if (settings.refreshIntervalMinutes !== before.refreshIntervalMinutes) await scheduler.ensure(true);
      await refresher.repaint();
      if (settings.activeEnvironment !== before.activeEnvironment)
        void refresher.refreshCount(settings.activeEnvironment);
      return {};
    },

    async refreshList({ environment }) {
      const ref = await savedKey(environment);
      try {
        await refresher.refreshList(ref);
        // Issue 13: the listing tells the history which tokens are new and which labels to drop.
        const cache = await readTokenCache(environment, ref.keyId);
        if (cache) await notes.recordListing(ref, cache.tokens);
      } catch (error) {
        if (!keys.isCurrent(ref)) throw new BackgroundError('key-changed');
        throw error;
      }
      return {};
    },

    async getToken({ environment, token }) {
      return {
        token: await withKey(environment, (client, signal) => client.getUploadToken(extractToken(token), { signal })),
      };
    },

    async createToken({ environment, ttl, label }) {
      return withKey(environment, async (client, signal, ref) => {
        const since = now();
        try {
          const token = await client.createUploadToken({ ttl, signal });
          await created(ref, token, label);
          return { token };
        } catch (error) {
          // Never created again blindly: each retry could mint another token that never expires.
          if (!isOutcomeUnknown(error) || signal.aborted) throw error;
          const found = await findLostCreate(client, ref, ttl, since, signal).catch(() => undefined);
          if (!found) throw new BackgroundError(error.kind, undefined, 'error_create_outcome_unknown');
          await created(ref, found, label);
          return { token: found, recovered: true };
        }
      });
    },

    async deleteToken({ environment, token }) {
      return withKey(environment, async (client, signal, ref) => {
        const result = await client.deleteUploadToken(token, { signal });
        await refresher.applyChange(ref, { remove: new Set([token]) });
        await notes.recordDeleted(
          ref,
          result === 'deleted'
            ? { deleted: new Set([token]), alreadyGone: new Set() }
            : { deleted: new Set(), alreadyGone: new Set([token]) },
          'single',
        );
        await refresher.refreshCount(environment, { afterChange: true });
        return { result };
      });
    },

    async setLabel({ environment, token, label }) {
      await notes.setLabel(await savedKey(environment), token, label);
      return {};
    },

    async importLabels({ environment, text }) {
      const ref = await savedKey(environment);
      // Matching needs the key's tokens: list them first when nothing is cached yet.
      if (!(await readTokenCache(environment, ref.keyId))) await handlers.refreshList({ environment });
      return { report: await notes.importLabels(ref, text) };
    },

    async markLooked({ environment }) {
      return { previous: await notes.markLooked(await savedKey(environment)) };
    },

    async startBulkDelete({ environment, tokens }) {
      await bulk.start(await savedKey(environment), tokens);
      return {};
    },

    async retryBulkDelete({ environment }) {
      await bulk.retryFailed(await savedKey(environment));
      return {};
    },

    async cancelBulkDelete() {
      await bulk.cancel();
      return {};
    },

    async dismissBulkDelete() {
      await bulk.dismiss();
      return {};
    },
  };
  return handlers;
}

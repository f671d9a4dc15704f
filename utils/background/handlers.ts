// One handler per request of the protocol. Payloads arrive already validated (requests.ts). Every
// call to api.video is made for the key saved when the request arrived, and stops when that key is
// replaced or forgotten.
import { browser } from 'wxt/browser';
import { isApiVideoError } from '@/utils/apivideo/errors';
import type { ApiVideoClient } from '@/utils/apivideo/client';
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import { createMemoryAuthStore, type AuthStore } from '@/utils/apivideo/client';
import type { Replies } from '@/utils/messaging';
import {
  authTokenItem,
  hasTokenCache,
  newAccountId,
  readSettings,
  readTokenCache,
  settingsItem,
  type Account,
  type AccountId,
  type Settings,
} from '@/utils/storage';
import type { AccountBook } from './accounts';
import { BULK_DELETE_WATCHDOG_PREFIX, type BulkDeleters } from './bulk-delete';
import type { ClientFactory } from './clients';
import { BackgroundError, isOutcomeUnknown, otherOf } from './errors';
import type { KeyRef, KeyRegistry } from './keys';
import type { ParsedRequest, RequestType } from './requests';
import { COUNT_RETRY_ALARM_PREFIX, type Refresher } from './refresh';
import type { Scheduler } from './schedule';
import type { TokenNotes } from './notes';
import type { Guard } from './guard';

export interface HandlerContext {
  keys: KeyRegistry;
  accounts: AccountBook;
  clients: ClientFactory;
  refresher: Refresher;
  bulk: BulkDeleters;
  scheduler: Scheduler;
  notes: TokenNotes;
  guard: Guard;
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
  const { keys, accounts, clients, refresher, bulk, scheduler, notes, guard, now } = context;

  async function savedKey(account: AccountId): Promise<KeyRef> {
    const ref = await keys.current(account);
    if (!ref) throw new BackgroundError('no-key');
    return ref;
  }

  async function existing(account: AccountId): Promise<Account> {
    const found = await accounts.find(account);
    if (!found) throw new BackgroundError('invalid-request');
    return found;
  }

  /** One key, one account: the same key twice would count its tokens twice in the badge. */
  async function refuseDuplicate(apiKey: string, except?: AccountId) {
    for (const account of await accounts.list()) {
      if (account.id === except) continue;
      if ((await keys.current(account.id))?.apiKey === apiKey)
        throw new BackgroundError('duplicate-key', undefined, 'error_duplicate_key', [account.name]);
    }
  }

  /**
   * Checks a key with api.video before anything is stored: a key api.video rejects is never saved,
   * and one that works in the other environment says so. Resolves to the check's session tokens.
   */
  async function checkKey(environment: Environment, apiKey: string): Promise<AuthStore> {
    if (!apiKey) throw new BackgroundError('invalid-key', undefined, 'error_key_empty');
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
    return authStore;
  }

  /** Saves a checked key for an account, with the check's session tokens bound to it (no second exchange). */
  async function storeKey(account: AccountId, environment: Environment, apiKey: string, authStore: AuthStore) {
    // Another key may be another project: nothing learnt with the old one still applies.
    return keys.replace(account, environment, apiKey, async (ref) => {
      const tokens = await authStore.get();
      if (tokens) await authTokenItem(account).setValue({ ...tokens, keyId: ref.keyId });
    });
  }

  /**
   * Runs a call against api.video for the saved key. An account-wide failure also updates the
   * badge; a call cut short because the key changed says so, rather than blaming api.video.
   */
  async function withKey<T>(
    account: AccountId,
    call: (client: ApiVideoClient, signal: AbortSignal, ref: KeyRef) => Promise<T>,
  ) {
    const ref = await savedKey(account);
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
    const known = new Set((await readTokenCache(ref.account, ref.keyId))?.tokens.map((token) => token.token));
    const candidates = await client.findRecentlyCreated({ ttl, since, signal });
    const fresh = candidates.filter((token) => !known.has(token.token));
    return fresh.length === 1 ? fresh[0] : undefined;
  }

  async function created(ref: KeyRef, token: UploadToken, label: string | undefined) {
    await refresher.applyChange(ref, { add: token });
    await notes.recordCreated(ref, token, label);
    await refresher.refreshCount(ref.account, { afterChange: true });
  }

  const handlers: Handlers = {
    async addAccount({ name, environment, apiKey }) {
      await refuseDuplicate(apiKey);
      const authStore = await checkKey(environment, apiKey);
      const account = await accounts.update(async (list) => {
        // Checked again in turn: two adds of the same key may have been checked side by side.
        await refuseDuplicate(apiKey);
        const id = newAccountId(environment, new Set(list.map((entry) => entry.id)));
        await storeKey(id, environment, apiKey, authStore);
        return { accounts: [...list, { id, name, environment, watched: true, addedAt: now() }], result: id };
      });
      await scheduler.ensure();
      await refresher.refreshCount(account);
      return { account };
    },

    async saveKey({ account, apiKey }) {
      const { environment } = await existing(account);
      await refuseDuplicate(apiKey, account);
      const authStore = await checkKey(environment, apiKey);
      await accounts.update(async (list) => {
        await refuseDuplicate(apiKey, account);
        // Removed while its new key was checked: nothing to save it to.
        if (!list.some((entry) => entry.id === account)) throw new BackgroundError('invalid-request');
        await storeKey(account, environment, apiKey, authStore);
        return { accounts: list, result: undefined };
      });
      await scheduler.ensure();
      await refresher.refreshCount(account);
      return {};
    },

    async updateAccount({ account, name, watched, policyDays }) {
      await existing(account);
      await accounts.update((list) =>
        Promise.resolve({
          accounts: list.map((entry) => {
            if (entry.id !== account) return entry;
            const { policyDays: _old, ...rest } = entry;
            const days = policyDays === undefined ? entry.policyDays : (policyDays ?? undefined);
            return {
              ...rest,
              name: name ?? entry.name,
              watched: watched ?? entry.watched,
              ...(days === undefined ? {} : { policyDays: days }),
            };
          }),
          result: undefined,
        }),
      );
      await refresher.repaint();
      // Off: a run under way stops at once. On: it runs now, on the list its preview was read from.
      if (policyDays === null) await guard.stopPolicy(account);
      else if (policyDays !== undefined) {
        const ref = await keys.current(account);
        if (ref) await guard.runPolicy(ref);
      }
      return {};
    },

    async previewPolicy({ account, maxAgeDays }) {
      const ref = await savedKey(account);
      if (!(await hasTokenCache(account, ref.keyId))) await handlers.refreshList({ account });
      return { tokens: await guard.preview(ref, maxAgeDays) };
    },

    async setKeep({ account, token, keep }) {
      await notes.setKeep(await savedKey(account), token, keep);
      return {};
    },

    async removeAccount({ account }) {
      await existing(account);
      await accounts.update(async (list) => {
        // Its work stops at once and writes nothing more; then nothing of it remains.
        bulk.drop(account);
        await keys.forget(account, { withReport: true });
        clients.forget(account);
        await Promise.all([
          browser.alarms.clear(`${COUNT_RETRY_ALARM_PREFIX}${account}`),
          browser.alarms.clear(`${BULK_DELETE_WATCHDOG_PREFIX}${account}`),
        ]);
        return { accounts: list.filter((entry) => entry.id !== account), result: undefined };
      });
      await refresher.repaint();
      return {};
    },

    async updateSettings(changes) {
      const { settings: before } = await readSettings();
      // Field by field, not a spread: a field sent as undefined (Firefox's structured clone keeps
      // it) would overwrite the stored value with undefined and make the whole item unreadable.
      const settings: Settings = {
        refreshIntervalMinutes: changes.refreshIntervalMinutes ?? before.refreshIntervalMinutes,
        expiringSoonHours: changes.expiringSoonHours ?? before.expiringSoonHours,
        // Read by every client's rate-limit gate before each request: running work follows it.
        rateLimitSharePercent: changes.rateLimitSharePercent ?? before.rateLimitSharePercent,
        notifyNewForever: changes.notifyNewForever ?? before.notifyNewForever,
      };
      await settingsItem.setValue(settings);
      if (settings.refreshIntervalMinutes !== before.refreshIntervalMinutes) await scheduler.ensure(true);
      await refresher.repaint();
      return {};
    },

    async refreshList({ account }) {
      const ref = await savedKey(account);
      try {
        // Issue 13: the listing tells the history which tokens are new and which labels to drop.
        await notes.recordListing(ref, await refresher.refreshList(ref));
      } catch (error) {
        if (!keys.isCurrent(ref)) throw new BackgroundError('key-changed');
        throw error;
      }
      return {};
    },

    async getToken({ account, token }) {
      return {
        token: await withKey(account, (client, signal) => client.getUploadToken(extractToken(token), { signal })),
      };
    },

    async createToken({ account, ttl, label }) {
      return withKey(account, async (client, signal, ref) => {
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

    async deleteToken({ account, token }) {
      return withKey(account, async (client, signal, ref) => {
        const result = await client.deleteUploadToken(token, { signal });
        await refresher.applyChange(ref, { remove: new Set([token]) });
        await notes.recordDeleted(
          ref,
          result === 'deleted'
            ? { deleted: new Set([token]), alreadyGone: new Set() }
            : { deleted: new Set(), alreadyGone: new Set([token]) },
          'single',
        );
        await refresher.refreshCount(account, { afterChange: true });
        return { result };
      });
    },

    async setLabel({ account, token, label }) {
      await notes.setLabel(await savedKey(account), token, label);
      return {};
    },

    async importLabels({ account, text }) {
      const ref = await savedKey(account);
      // Matching needs the key's tokens: list them first when nothing is cached yet.
      if (!(await hasTokenCache(account, ref.keyId))) await handlers.refreshList({ account });
      return { report: await notes.importLabels(ref, text) };
    },

    async markLooked({ account }) {
      const previous = await notes.markLooked(await savedKey(account));
      await refresher.repaint(); // the attention state ends with the look
      return { previous };
    },

    async startBulkDelete({ account, tokens }) {
      await bulk.of(account).start(await savedKey(account), tokens);
      return {};
    },

    async retryBulkDelete({ account }) {
      await bulk.of(account).retryFailed(await savedKey(account));
      return {};
    },

    async cancelBulkDelete({ account }) {
      await bulk.of(account).cancel();
      return {};
    },

    async dismissBulkDelete({ account }) {
      await bulk.of(account).dismiss();
      return {};
    },
  };
  return handlers;
}

// The saved key of each account and the identity that binds state to it.
//
// Every saved key gets a random `keyId`. Whatever is derived from a key (access tokens, caches,
// counts, list progress, job state, errors) is stored with that id and written only through
// `write(ref, …)`: a compare-and-set against the key saved now, serialised with key changes by a
// per-account lock, so an answer that arrives for a replaced or forgotten key is never written.
// Work started for a key listens to `signal(ref)`, which aborts the moment that key is replaced or
// forgotten.
import type { Environment } from '@/utils/apivideo/types';
import { maskSecret } from '@/utils/mask';
import { apiKeyItem, forgetAccountKey, keyInfoItem, readAccounts, type AccountId } from '@/utils/storage';

/** A saved key as work holds it: which account (and so which environment), which key, and its identity. */
export interface KeyRef {
  readonly account: AccountId;
  readonly environment: Environment;
  readonly keyId: string;
  readonly apiKey: string;
}

export interface KeyRegistry {
  /** The saved key of an account, or null (no such account, or no key). */
  current(account: AccountId): Promise<KeyRef | null>;
  /** Still the saved key (synchronous; `ref` must come from `current` or `replace`). */
  isCurrent(ref: KeyRef): boolean;
  /** Aborted when this key is replaced or forgotten (or the worker goes away). */
  signal(ref: KeyRef): AbortSignal;
  /**
   * Runs `write` only while `ref` is the saved key, one at a time with every other write and key
   * change of that account. Resolves to whether it ran.
   */
  write(ref: KeyRef, write: () => Promise<void>): Promise<boolean>;
  /**
   * Saves `apiKey` as the account's key (the account's environment given, since a new account is
   * not in the stored list until its key is saved): aborts the old key's work and forgets everything
   * derived from it, unless it is the same key, which keeps its id and state. `then` runs under
   * the same lock with the new ref (to store what was learnt while checking the key).
   */
  replace(
    account: AccountId,
    environment: Environment,
    apiKey: string,
    then?: (ref: KeyRef) => Promise<void>,
  ): Promise<KeyRef>;
  /**
   * Forgets the account's key and everything derived from it (with the bulk delete's report when
   * the account itself goes); aborts its work. `then` runs under the same lock.
   */
  forget(account: AccountId, options?: { withReport?: boolean; then?: () => Promise<void> }): Promise<void>;
  /** Aborts all work at once, as a killed worker would. */
  dispose(): void;
}

interface Slot {
  loaded?: Promise<void>;
  ref: KeyRef | null;
  controller: AbortController;
  /** Tail of the lock's queue. */
  tail: Promise<void>;
}

export function createKeyRegistry(newKeyId: () => string = () => crypto.randomUUID()): KeyRegistry {
  const lifetime = new AbortController();
  const slots = new Map<AccountId, Slot>();

  function slot(account: AccountId): Slot {
    let found = slots.get(account);
    if (!found) {
      found = { ref: null, controller: new AbortController(), tail: Promise.resolve() };
      slots.set(account, found);
    }
    return found;
  }

  /** One at a time per account: key changes and bound writes never interleave. */
  function locked<T>(account: AccountId, run: () => Promise<T>): Promise<T> {
    const target = slot(account);
    const result = target.tail.then(run);
    target.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  function load(account: AccountId): Promise<void> {
    const target = slot(account);
    target.loaded ??= locked(account, async () => {
      const [record, accounts] = await Promise.all([apiKeyItem(account).getValue(), readAccounts()]);
      const environment = accounts.find((entry) => entry.id === account)?.environment;
      target.ref = record && environment ? { account, environment, keyId: record.keyId, apiKey: record.apiKey } : null;
    }).catch((error: unknown) => {
      target.loaded = undefined; // try again next time
      throw error;
    });
    return target.loaded;
  }

  /** Ends the current key's work: its signal fires, a new controller serves the next key. */
  function retire(target: Slot, next: KeyRef | null) {
    target.controller.abort(new DOMException('the API key changed', 'AbortError'));
    target.controller = new AbortController();
    target.ref = next;
  }

  const registry: KeyRegistry = {
    async current(account) {
      await load(account);
      return slot(account).ref;
    },
    isCurrent(ref) {
      const saved = slots.get(ref.account)?.ref;
      return !lifetime.signal.aborted && saved !== undefined && saved !== null && saved.keyId === ref.keyId;
    },
    signal(ref) {
      if (!registry.isCurrent(ref)) return AbortSignal.abort(new DOMException('the API key changed', 'AbortError'));
      return AbortSignal.any([slot(ref.account).controller.signal, lifetime.signal]);
    },
    async write(ref, write) {
      await load(ref.account);
      return locked(ref.account, async () => {
        if (!registry.isCurrent(ref)) return false;
        await write();
        return true;
      });
    },
    async replace(account, environment, apiKey, then) {
      await load(account);
      return locked(account, async () => {
        const target = slot(account);
        if (target.ref?.apiKey === apiKey && target.ref.environment === environment) {
          await then?.(target.ref);
          return target.ref;
        }
        const ref: KeyRef = { account, environment, keyId: newKeyId(), apiKey };
        // The old key's work stops before anything of it is removed; its late answers fail the
        // compare-and-set from here on, since `ref` is now the saved key.
        retire(target, ref);
        await forgetAccountKey(account);
        await Promise.all([
          apiKeyItem(account).setValue({ apiKey, keyId: ref.keyId }),
          keyInfoItem(account).setValue({ keyId: ref.keyId, maskedKey: maskSecret(apiKey), savedAt: Date.now() }),
        ]);
        await then?.(ref);
        return ref;
      });
    },
    async forget(account, { withReport = false, then } = {}) {
      await load(account);
      await locked(account, async () => {
        retire(slot(account), null);
        await forgetAccountKey(account, { withReport });
        await then?.();
      });
    },
    dispose() {
      lifetime.abort(new DOMException('the worker stopped', 'AbortError'));
      for (const target of slots.values()) target.controller.abort(lifetime.signal.reason);
    },
  };
  return registry;
}

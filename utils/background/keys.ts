// The saved key of each environment and the identity that binds state to it.
//
// Every saved key gets a random `keyId`. Whatever is derived from a key (access tokens, caches,
// counts, list progress, job state, errors) is stored with that id and written only through
// `write(ref, …)`: a compare-and-set against the key saved now, serialised with key changes by a
// per-environment lock, so an answer that arrives for a replaced or forgotten key is never written.
// Work started for a key listens to `signal(ref)`, which aborts the moment that key is replaced or
// forgotten.
import type { Environment } from '@/utils/apivideo/types';
import { maskSecret } from '@/utils/mask';
import { apiKeyItems, forgetEnvironment, keyInfoItems } from '@/utils/storage';

/** A saved key as work holds it: which environment, which key, and its identity. */
export interface KeyRef {
  readonly environment: Environment;
  readonly keyId: string;
  readonly apiKey: string;
}

export interface KeyRegistry {
  /** The saved key of an environment, or null. */
  current(environment: Environment): Promise<KeyRef | null>;
  /** Still the saved key (synchronous; `ref` must come from `current` or `replace`). */
  isCurrent(ref: KeyRef): boolean;
  /** Aborted when this key is replaced or forgotten (or the worker goes away). */
  signal(ref: KeyRef): AbortSignal;
  /**
   * Runs `write` only while `ref` is the saved key, one at a time with every other write and key
   * change of that environment. Resolves to whether it ran.
   */
  write(ref: KeyRef, write: () => Promise<void>): Promise<boolean>;
  /**
   * Saves `apiKey` as the environment's key: aborts the old key's work and forgets everything
   * derived from it, unless it is the same key, which keeps its id and state. `then` runs under
   * the same lock with the new ref (to store what was learnt while checking the key).
   */
  replace(environment: Environment, apiKey: string, then?: (ref: KeyRef) => Promise<void>): Promise<KeyRef>;
  /** Forgets the environment's key and everything derived from it; aborts its work. */
  forget(environment: Environment): Promise<void>;
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
  const slots = new Map<Environment, Slot>();

  function slot(environment: Environment): Slot {
    let found = slots.get(environment);
    if (!found) {
      found = { ref: null, controller: new AbortController(), tail: Promise.resolve() };
      slots.set(environment, found);
    }
    return found;
  }

  /** One at a time per environment: key changes and bound writes never interleave. */
  function locked<T>(environment: Environment, run: () => Promise<T>): Promise<T> {
    const target = slot(environment);
    const result = target.tail.then(run);
    target.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  function load(environment: Environment): Promise<void> {
    const target = slot(environment);
    target.loaded ??= locked(environment, async () => {
      const record = await apiKeyItems[environment].getValue();
      target.ref = record ? { environment, keyId: record.keyId, apiKey: record.apiKey } : null;
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
    async current(environment) {
      await load(environment);
      return slot(environment).ref;
    },
    isCurrent(ref) {
      const saved = slots.get(ref.environment)?.ref;
      return !lifetime.signal.aborted && saved !== undefined && saved !== null && saved.keyId === ref.keyId;
    },
    signal(ref) {
      if (!registry.isCurrent(ref)) return AbortSignal.abort(new DOMException('the API key changed', 'AbortError'));
      return AbortSignal.any([slot(ref.environment).controller.signal, lifetime.signal]);
    },
    async write(ref, write) {
      await load(ref.environment);
      return locked(ref.environment, async () => {
        if (!registry.isCurrent(ref)) return false;
        await write();
        return true;
      });
    },
    async replace(environment, apiKey, then) {
      await load(environment);
      return locked(environment, async () => {
        const target = slot(environment);
        if (target.ref?.apiKey === apiKey) {
          await then?.(target.ref);
          return target.ref;
        }
        const ref: KeyRef = { environment, keyId: newKeyId(), apiKey };
        // The old key's work stops before anything of it is removed; its late answers fail the
        // compare-and-set from here on, since `ref` is now the saved key.
        retire(target, ref);
        await forgetEnvironment(environment);
        await Promise.all([
          apiKeyItems[environment].setValue({ apiKey, keyId: ref.keyId }),
          keyInfoItems[environment].setValue({ keyId: ref.keyId, maskedKey: maskSecret(apiKey), savedAt: Date.now() }),
        ]);
        await then?.(ref);
        return ref;
      });
    },
    async forget(environment) {
      await load(environment);
      await locked(environment, async () => {
        retire(slot(environment), null);
        await forgetEnvironment(environment);
      });
    },
    dispose() {
      lifetime.abort(new DOMException('the worker stopped', 'AbortError'));
      for (const target of slots.values()) target.controller.abort(lifetime.signal.reason);
    },
  };
  return registry;
}

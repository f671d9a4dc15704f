// Reading counts and lists from api.video and recording what was learnt (or why it failed) in
// storage, bound to the key that produced it, so the badge and the pages agree whatever happens to
// the worker or to the key meanwhile.
import { browser } from 'wxt/browser';
import { isApiVideoError } from '@/utils/apivideo/errors';
import type { ListProgress } from '@/utils/apivideo/client';
import type { UploadToken } from '@/utils/apivideo/types';
import {
  listProgressItem,
  readSettings,
  readTokenCache,
  snapshotItem,
  writeTokenCache,
  type AccountId,
  type AccountSnapshot,
} from '@/utils/storage';
import { isNeverExpiring } from '@/utils/token-rules';
import { paintBadge } from './badge';
import type { ClientFactory } from './clients';
import { toReplyError } from './errors';
import type { KeyRef, KeyRegistry } from './keys';
import { currentBadge } from './status';

/** A change made here while a listing may be under way; replayed on the listing's result. */
export type TokenChange = { add: UploadToken } | { remove: ReadonlySet<string> };

export interface Refresher {
  /** The fast never-expiring count of the saved key; never throws (failures are recorded and shown). */
  /**
   * `afterChange`: asked for because of a create or delete made here; a count already answering
   * may have read the list before it, so it runs once more. Other requests share the running one.
   */
  refreshCount(account: AccountId, options?: { afterChange?: boolean }): Promise<void>;
  /**
   * Every token, with progress in storage.session; records and rethrows failures. From the
   * key's cached list when there is one (the delta refresh), else a full listing. Resolves to the
   * list it stored, so its callers need not read 10,000 tokens back.
   */
  refreshList(ref: KeyRef): Promise<UploadToken[]>;
  /** Applies a create or delete made here to the cached list (and to a listing under way). */
  applyChange(ref: KeyRef, change: TokenChange): Promise<void>;
  /** Repaint the toolbar from storage alone (no network). */
  repaint(): Promise<void>;
  /** Record a failure of a call made elsewhere (create, delete) when it says something about reachability. */
  recordFailure(ref: KeyRef, error: unknown): Promise<void>;
}

/** Failures that may go away by themselves: worth counting again soon. */
const TRANSIENT_KINDS: readonly string[] = ['rate-limited', 'network', 'timeout', 'server', 'bad-response'];

/** Failures that say something about the account as a whole (not about one request). */
function isAccountWide(error: unknown): boolean {
  if (!isApiVideoError(error)) return false;
  return error.kind === 'invalid-key' || error.kind === 'unauthorized' || TRANSIENT_KINDS.includes(error.kind);
}

function isTransient(error: unknown): boolean {
  return isApiVideoError(error) && TRANSIENT_KINDS.includes(error.kind);
}

/** Alarm that re-counts an account after a failed count. */
export const COUNT_RETRY_ALARM_PREFIX = 'count-retry:';

/** 30 s, 1 min, 2 min, 4 min … never more than the refresh interval. */
export function countRetryDelayMinutes(failedAttempts: number, refreshIntervalMinutes: number): number {
  return Math.min(refreshIntervalMinutes, 0.5 * 2 ** Math.max(0, failedAttempts - 1));
}

function applyTo(tokens: UploadToken[], change: TokenChange): UploadToken[] {
  if ('add' in change) return [change.add, ...tokens.filter((token) => token.token !== change.add.token)];
  return tokens.filter((token) => !change.remove.has(token.token));
}

export function createRefresher(keys: KeyRegistry, clients: ClientFactory, now: () => number): Refresher {
  // Deduplicates work per key while this worker lives; nothing here must outlive it.
  const countsInFlight = new Map<string, { done: Promise<void>; again: boolean }>();
  const listsInFlight = new Map<string, Promise<UploadToken[]>>();
  /** Changes made while a listing of that key runs. */
  const changesDuringListing = new Map<string, TokenChange[]>();

  const repaint = async () => paintBadge(await currentBadge(now()));

  /** Updates the key's snapshot, unless the key changed meanwhile. */
  async function saveSnapshot(ref: KeyRef, update: (old: AccountSnapshot) => AccountSnapshot): Promise<boolean> {
    const item = snapshotItem(ref.account);
    return keys.write(ref, async () => {
      const stored = await item.getValue();
      const old = stored?.keyId === ref.keyId ? stored : { keyId: ref.keyId };
      await item.setValue(update(old));
    });
  }

  async function recordFailure(ref: KeyRef, error: unknown) {
    if (!isAccountWide(error)) return;
    const { kind, message } = toReplyError(error);
    const written = await saveSnapshot(ref, (old) => ({ ...old, lastError: { kind, message } }));
    if (written) await repaint();
  }

  async function scheduleRetry(ref: KeyRef) {
    let attempts = 0;
    await saveSnapshot(ref, (old) => {
      attempts = (old.failedAttempts ?? 0) + 1;
      return { ...old, failedAttempts: attempts };
    });
    if (attempts === 0) return;
    const { refreshIntervalMinutes } = (await readSettings()).settings;
    await browser.alarms.create(`${COUNT_RETRY_ALARM_PREFIX}${ref.account}`, {
      delayInMinutes: countRetryDelayMinutes(attempts, refreshIntervalMinutes),
    });
  }

  /** One more round of the client's own retries at once, before falling back to the alarm. */
  async function countWithRetry(ref: KeyRef, signal: AbortSignal) {
    const client = clients.forRef(ref);
    try {
      return await client.countNeverExpiring({ signal });
    } catch (error) {
      if (signal.aborted || !isTransient(error)) throw error;
      return client.countNeverExpiring({ signal });
    }
  }

  async function countOnce(ref: KeyRef) {
    const signal = keys.signal(ref);
    try {
      const { neverExpiring } = await countWithRetry(ref, signal);
      const written = await saveSnapshot(ref, () => ({ keyId: ref.keyId, neverExpiring, checkedAt: now() }));
      if (!written) return;
      await browser.alarms.clear(`${COUNT_RETRY_ALARM_PREFIX}${ref.account}`);
      await repaint();
    } catch (error) {
      if (signal.aborted) return; // the key changed: whatever this count learnt is about another key
      await recordFailure(ref, error);
      if (isTransient(error)) await scheduleRetry(ref);
    }
  }

  async function listOnce(ref: KeyRef): Promise<UploadToken[]> {
    const { account, keyId } = ref;
    const signal = keys.signal(ref);
    const startedAt = now();
    const changes: TokenChange[] = [];
    changesDuringListing.set(keyId, changes);
    try {
      const client = clients.forRef(ref);
      const onProgress = (progress: ListProgress) =>
        void keys.write(ref, () => listProgressItem(account).setValue({ account, keyId, startedAt, ...progress }));
      // With this key's cached list, only what changed since is read (a request or two); the full
      // listing is for the first load, and what the delta falls back to when in doubt.
      const cache = await readTokenCache(account, keyId);
      let tokens = cache
        ? (await client.refreshUploadTokens({ cached: cache.tokens, signal, onProgress })).tokens
        : await client.listAllUploadTokens({ signal, onProgress });
      // A token created or deleted here while the pages were read may be missing from (or still
      // in) the listing: what was done here since is the newer truth.
      for (const change of changes) tokens = applyTo(tokens, change);
      const fetchedAt = now();
      const neverExpiring = tokens.filter(isNeverExpiring).length;
      const written = await keys.write(ref, async () => {
        await writeTokenCache(account, { keyId, tokens, fetchedAt });
        // A full listing is an exact count: keep the badge in step with what the popup shows.
        await snapshotItem(account).setValue({ keyId, neverExpiring, checkedAt: fetchedAt });
      });
      if (!written) throw signal.reason ?? new DOMException('the API key changed', 'AbortError');
      await browser.alarms.clear(`${COUNT_RETRY_ALARM_PREFIX}${account}`);
      await repaint();
      return tokens;
    } catch (error) {
      if (!signal.aborted) await recordFailure(ref, error);
      throw error;
    } finally {
      changesDuringListing.delete(keyId);
      await keys.write(ref, async () => {
        const progress = listProgressItem(account);
        if ((await progress.getValue())?.keyId === keyId) await progress.removeValue();
      });
    }
  }

  const refresher: Refresher = {
    repaint,
    recordFailure,
    async refreshCount(account, { afterChange = false } = {}) {
      const ref = await keys.current(account);
      if (!ref) {
        await repaint();
        return;
      }
      const running = countsInFlight.get(ref.keyId);
      if (running) {
        running.again ||= afterChange;
        return running.done;
      }
      const run = { done: Promise.resolve(), again: false };
      run.done = (async () => {
        try {
          do {
            run.again = false;
            await countOnce(ref);
          } while (run.again && keys.isCurrent(ref));
        } finally {
          countsInFlight.delete(ref.keyId);
        }
      })();
      countsInFlight.set(ref.keyId, run);
      return run.done;
    },
    refreshList(ref) {
      const running = listsInFlight.get(ref.keyId);
      if (running) return running;
      const run = listOnce(ref).finally(() => listsInFlight.delete(ref.keyId));
      listsInFlight.set(ref.keyId, run);
      return run;
    },
    async applyChange(ref, change) {
      changesDuringListing.get(ref.keyId)?.push(change);
      await keys.write(ref, async () => {
        const cache = await readTokenCache(ref.account, ref.keyId);
        if (cache) await writeTokenCache(ref.account, { ...cache, tokens: applyTo(cache.tokens, change) });
      });
    },
  };
  return refresher;
}

// Reading counts and lists from api.video and recording what was learnt (or why it failed)
// in storage, so the badge and the pages agree whatever happens to the worker.
import { isApiVideoError } from '@/utils/apivideo/errors';
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import {
  apiKeyItems,
  listProgressItem,
  settingsItem,
  snapshotItems,
  writeTokenCache,
  type EnvironmentSnapshot,
} from '@/utils/storage';
import { paintBadge } from './badge';
import type { ClientFactory } from './clients';
import { BackgroundError, toReplyError } from './errors';
import { currentBadge } from './status';

export interface Refresher {
  /** The fast never-expiring count; never throws (failures are recorded and shown). */
  refreshCount(environment?: Environment): Promise<void>;
  /** Every token, with progress in storage.session; records and rethrows failures. */
  refreshList(environment: Environment): Promise<{ tokens: UploadToken[]; fetchedAt: number }>;
  /** Repaint the toolbar from storage alone (no network). */
  repaint(): Promise<void>;
  /** Record a failure of a call made elsewhere (create, delete) when it says something about reachability. */
  recordFailure(environment: Environment, error: unknown): Promise<void>;
}

/** Failures that say something about the environment as a whole (not about one request). */
function isEnvironmentWide(error: unknown): boolean {
  if (!isApiVideoError(error)) return false;
  return ['invalid-key', 'unauthorized', 'rate-limited', 'network', 'timeout', 'server', 'bad-response'].includes(error.kind);
}

export function createRefresher(clients: ClientFactory, now: () => number): Refresher {
  // Deduplicates refreshes while this worker lives; nothing here must outlive it.
  const countsInFlight = new Map<Environment, Promise<void>>();
  const listsInFlight = new Map<Environment, Promise<{ tokens: UploadToken[]; fetchedAt: number }>>();

  const repaint = async () => paintBadge(await currentBadge(now()));

  async function repaintIfActive(environment: Environment) {
    if ((await settingsItem.getValue()).activeEnvironment === environment) await repaint();
  }

  async function saveSnapshot(environment: Environment, update: (old: EnvironmentSnapshot) => EnvironmentSnapshot) {
    const item = snapshotItems[environment];
    await item.setValue(update(await item.getValue()));
  }

  async function recordFailure(environment: Environment, error: unknown) {
    if (!isEnvironmentWide(error)) return;
    const { kind, message, retryAfterSeconds } = toReplyError(error);
    await saveSnapshot(environment, (old) => ({
      ...old,
      lastError: { kind, message, at: now(), ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) },
    }));
    await repaintIfActive(environment);
  }

  /**
   * The key a call started with is still the saved one. A key forgotten or replaced while a
   * count or listing was on its way must not get that answer written back under the new state.
   */
  async function keyUnchanged(environment: Environment, keyAtStart: string | null) {
    return (await apiKeyItems[environment].getValue()) === keyAtStart;
  }

  async function countOnce(environment: Environment) {
    try {
      const keyAtStart = await apiKeyItems[environment].getValue();
      const client = await clients.forEnvironment(environment);
      const { neverExpiring, total } = await client.countNeverExpiring();
      if (!(await keyUnchanged(environment, keyAtStart))) return;
      await saveSnapshot(environment, () => ({ neverExpiring, total, checkedAt: now() }));
      await repaintIfActive(environment);
    } catch (error) {
      if (error instanceof BackgroundError && error.kind === 'no-key') {
        await repaintIfActive(environment);
        return;
      }
      await recordFailure(environment, error);
    }
  }

  async function listOnce(environment: Environment) {
    const keyAtStart = await apiKeyItems[environment].getValue();
    const client = await clients.forEnvironment(environment);
    const startedAt = now();
    try {
      const tokens = await client.listAllUploadTokens({
        onProgress: (progress) => void listProgressItem.setValue({ environment, startedAt, ...progress }),
      });
      if (!(await keyUnchanged(environment, keyAtStart))) throw new BackgroundError('no-key');
      const fetchedAt = now();
      await writeTokenCache(environment, { tokens, fetchedAt });
      // A full listing is an exact count: keep the badge in step with what the popup shows.
      await saveSnapshot(environment, () => ({
        neverExpiring: tokens.filter((token) => token.ttl === 0).length,
        total: tokens.length,
        checkedAt: fetchedAt,
      }));
      await repaintIfActive(environment);
      return { tokens, fetchedAt };
    } catch (error) {
      await recordFailure(environment, error);
      throw error;
    } finally {
      await listProgressItem.removeValue();
    }
  }

  return {
    repaint,
    recordFailure,
    async refreshCount(environment) {
      const target = environment ?? (await settingsItem.getValue()).activeEnvironment;
      const running = countsInFlight.get(target);
      if (running) return running;
      const run = countOnce(target).finally(() => countsInFlight.delete(target));
      countsInFlight.set(target, run);
      return run;
    },
    refreshList(environment) {
      const running = listsInFlight.get(environment);
      if (running) return running;
      const run = listOnce(environment).finally(() => listsInFlight.delete(environment));
      listsInFlight.set(environment, run);
      return run;
    },
  };
}

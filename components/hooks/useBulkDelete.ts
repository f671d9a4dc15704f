import { useCallback } from 'preact/hooks';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import { bulkDeleteItem, type BulkDeleteJob } from '@/utils/storage';
import type { Environment } from '@/utils/apivideo/types';
import { useStoredItem } from '@/components/hooks/useStoredItem';

export interface BulkDeleteState {
  job?: BulkDeleteJob;
  /** A stored job that cannot be read (it can only be dismissed). */
  broken: boolean;
  start: (tokens: string[]) => Promise<ReplyError | undefined>;
  retryFailed: () => Promise<ReplyError | undefined>;
  cancel: () => Promise<ReplyError | undefined>;
  dismiss: () => Promise<ReplyError | undefined>;
}

const errorOf = (reply: { ok: true } | { ok: false; error: ReplyError }) => (reply.ok ? undefined : reply.error);

/**
 * The bulk delete job, which runs in the background and outlives the popup: followed through its
 * storage item (the only place its state is told); the commands only start, retry, cancel or dismiss.
 */
export function useBulkDelete(environment: Environment): BulkDeleteState {
  const found = useStoredItem(bulkDeleteItem);
  const start = useCallback(
    async (tokens: string[]) => errorOf(await sendRequest('startBulkDelete', { environment, tokens })),
    [environment],
  );
  const retryFailed = useCallback(
    async () => errorOf(await sendRequest('retryBulkDelete', { environment })),
    [environment],
  );
  const cancel = useCallback(async () => errorOf(await sendRequest('cancelBulkDelete')), []);
  const dismiss = useCallback(async () => errorOf(await sendRequest('dismissBulkDelete')), []);
  return {
    job: found?.state === 'ok' ? found.value : undefined,
    broken: found?.state === 'invalid',
    start,
    retryFailed,
    cancel,
    dismiss,
  };
}

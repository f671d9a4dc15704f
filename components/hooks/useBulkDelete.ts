import { useCallback } from 'preact/hooks';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import { bulkDeleteItem, type AccountId, type BulkDeleteJob } from '@/utils/storage';
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
export function useBulkDelete(account: AccountId): BulkDeleteState {
  const found = useStoredItem(bulkDeleteItem(account));
  const start = useCallback(
    async (tokens: string[]) => errorOf(await sendRequest('startBulkDelete', { account, tokens })),
    [account],
  );
  const retryFailed = useCallback(async () => errorOf(await sendRequest('retryBulkDelete', { account })), [account]);
  const cancel = useCallback(async () => errorOf(await sendRequest('cancelBulkDelete', { account })), [account]);
  const dismiss = useCallback(async () => errorOf(await sendRequest('dismissBulkDelete', { account })), [account]);
  return {
    job: found?.state === 'ok' ? found.value : undefined,
    broken: found?.state === 'invalid',
    start,
    retryFailed,
    cancel,
    dismiss,
  };
}

import { useCallback, useEffect, useState } from 'preact/hooks';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import { bulkDeleteItem, type BulkDeleteJob } from '@/utils/storage';
import type { Environment } from '@/utils/apivideo/types';

export interface BulkDeleteState {
  job?: BulkDeleteJob;
  start: (environment: Environment, tokens: string[]) => Promise<ReplyError | undefined>;
  cancel: () => Promise<ReplyError | undefined>;
  dismiss: () => Promise<ReplyError | undefined>;
}

/** Replies and storage events can cross: never let an older snapshot of the job replace a newer one. */
function newer(current: BulkDeleteJob | undefined, next: BulkDeleteJob | undefined): BulkDeleteJob | undefined {
  if (current && next && current.id === next.id && current.updatedAt > next.updatedAt) return current;
  return next;
}

/**
 * The bulk delete job, which runs in the background and outlives the popup: read on mount
 * (so a reopened popup shows a running job) and followed through its storage item.
 */
export function useBulkDelete(): BulkDeleteState {
  const [job, setJob] = useState<BulkDeleteJob>();

  useEffect(() => {
    let active = true;
    void sendRequest('getBulkDelete').then((reply) => {
      if (active && reply.ok) setJob((current) => newer(current, reply.job));
    });
    const unwatch = bulkDeleteItem.watch((next) => setJob(next ?? undefined));
    return () => {
      active = false;
      unwatch();
    };
  }, []);

  const start = useCallback(async (environment: Environment, tokens: string[]) => {
    const reply = await sendRequest('startBulkDelete', { environment, tokens });
    if (!reply.ok) return reply.error;
    setJob((current) => newer(current, reply.job));
    return undefined;
  }, []);

  const cancel = useCallback(async () => {
    const reply = await sendRequest('cancelBulkDelete');
    if (!reply.ok) return reply.error;
    if (reply.job) setJob((current) => newer(current, reply.job));
    return undefined;
  }, []);

  const dismiss = useCallback(async () => {
    const reply = await sendRequest('dismissBulkDelete');
    if (!reply.ok) return reply.error;
    setJob(undefined);
    return undefined;
  }, []);

  return { job, start, cancel, dismiss };
}

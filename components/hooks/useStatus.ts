import { useCallback, useEffect, useState } from 'preact/hooks';
import { sendRequest, type ReplyError, type StatusReply } from '@/utils/messaging';

export interface StatusState {
  status?: StatusReply;
  error?: ReplyError;
  reload: () => Promise<void>;
}

/** The background's status (settings, which environments have a key), read on mount. */
export function useStatus(): StatusState {
  const [status, setStatus] = useState<StatusReply>();
  const [error, setError] = useState<ReplyError>();
  const reload = useCallback(async () => {
    const reply = await sendRequest('getStatus');
    if (reply.ok) {
      setStatus(reply);
      setError(undefined);
    } else {
      setError(reply.error);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { status, error, reload };
}

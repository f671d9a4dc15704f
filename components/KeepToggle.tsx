import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import type { AccountId } from '@/utils/storage';
import { ErrorNotice } from '@/components/ErrorNotice';

export interface KeepToggleProps {
  account: AccountId;
  token: string;
  /** Marked "Keep" now (the stored marks of the saved key). */
  kept: boolean;
}

/**
 * A token's "Keep" mark (issue 14): the lifetime policy never deletes a token marked so. Any token
 * may be marked, though only never-expiring ones are ever the policy's to delete. The background
 * writes the mark; the box shows what the person asked for until the stored marks say the same.
 */
export function KeepToggle({ account, token, kept }: KeepToggleProps) {
  const [wanted, setWanted] = useState<boolean>();
  const [error, setError] = useState<ReplyError>();

  // The stored marks caught up: they say what the box shows from now on.
  useEffect(() => {
    if (wanted === kept) setWanted(undefined);
  }, [wanted, kept]);

  const onChange = async (keep: boolean) => {
    setWanted(keep);
    setError(undefined);
    const reply = await sendRequest('setKeep', { account, token, keep });
    if (!reply.ok) {
      setWanted(undefined);
      setError(reply.error);
    }
  };

  return (
    <div class="keep-toggle">
      <label class="choice">
        <input
          type="checkbox"
          checked={wanted ?? kept}
          onChange={(event) => void onChange(event.currentTarget.checked)}
        />
        <span>{t('popup_keep_label')}</span>
      </label>
      {error && <ErrorNotice message={error.message} />}
    </div>
  );
}

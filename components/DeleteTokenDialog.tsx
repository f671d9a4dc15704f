import { t } from '@/utils/i18n';
import { sendRequest } from '@/utils/messaging';
import type { UploadToken } from '@/utils/apivideo/types';
import type { AccountId } from '@/utils/storage';
import { maskToken } from '@/utils/mask';
import { ConfirmDialog } from '@/components/ConfirmDialog';

export interface DeleteTokenDialogProps {
  token: UploadToken;
  account: AccountId;
  /** After api.video confirmed (or the token was already gone). */
  onDeleted: (token: UploadToken, result: 'deleted' | 'already-gone') => void;
  onCancel: () => void;
}

/** "Delete to1tcm…KMKb?": names the token and the consequence; the confirm button says exactly "Delete". */
export function DeleteTokenDialog({ token, account, onDeleted, onCancel }: DeleteTokenDialogProps) {
  const masked = maskToken(token.token);
  const confirm = async () => {
    const reply = await sendRequest('deleteToken', { account, token: token.token });
    if (!reply.ok) return reply.error;
    onDeleted(token, reply.result);
    return undefined;
  };
  return (
    <ConfirmDialog
      title={t('popup_delete_title')}
      confirmLabel={t('popup_delete')}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <p>
        <span class="mono">{masked}</span>
      </p>
      <p>{t('popup_delete_consequence')}</p>
    </ConfirmDialog>
  );
}

import { useId, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import type { ReplyError } from '@/utils/messaging';
import { ConfirmDialog } from '@/components/ConfirmDialog';

export interface BulkDeleteDialogProps {
  count: number;
  /** Named in the title when the popup shows several accounts (the overview). */
  accountName?: string;
  /** Starts the job; an error keeps the dialog open with the reason. */
  onConfirm: () => Promise<ReplyError | undefined>;
  onCancel: () => void;
}

/** Deleting many tokens at once: the person types the number to show they mean it. */
export function BulkDeleteDialog({ count, accountName, onConfirm, onCancel }: BulkDeleteDialogProps) {
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === String(count);
  return (
    <ConfirmDialog
      title={
        accountName === undefined ? t('popup_bulk_title', count) : t('popup_bulk_title_account', [count, accountName])
      }
      confirmLabel={t('popup_bulk_confirm', count)}
      onConfirm={onConfirm}
      onCancel={onCancel}
      canConfirm={matches}
      extra={
        <div class="field">
          <label for={inputId} class="label">
            {t('popup_bulk_type_label', count)}
          </label>
          <input
            id={inputId}
            class="input input--number"
            inputMode="numeric"
            autocomplete="off"
            value={typed}
            data-autofocus
            onInput={(event) => setTyped(event.currentTarget.value)}
          />
        </div>
      }
    >
      <p>{t('popup_bulk_consequence', count)}</p>
    </ConfirmDialog>
  );
}

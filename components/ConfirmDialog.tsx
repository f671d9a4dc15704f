import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import type { ReplyError } from '@/utils/messaging';
import { Dialog } from '@/components/Dialog';
import { ErrorNotice } from '@/components/ErrorNotice';

export interface ConfirmDialogProps {
  title: string;
  /** What will happen, read out with the title. */
  children: ComponentChildren;
  /** Controls between the explanation and the buttons (e.g. "type the number to confirm"). */
  extra?: ComponentChildren;
  confirmLabel: string;
  /** Runs the action; an error keeps the dialog open and shows why. */
  onConfirm: () => Promise<ReplyError | undefined>;
  onCancel: () => void;
  /** False keeps the confirm button disabled (e.g. until a number is typed). */
  canConfirm?: boolean;
}

/** "Are you sure?" for destructive actions: Cancel has the focus, so Enter never destroys by accident. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, children, extra, confirmLabel, onConfirm, onCancel, canConfirm = true } = props;
  const descriptionId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReplyError>();

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    const failure = await onConfirm();
    // On success the parent closes the dialog; only a failure leaves it open.
    if (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <Dialog title={title} role="alertdialog" descriptionId={descriptionId} onDismiss={onCancel}>
      <div id={descriptionId} class="dialog__body">
        {children}
      </div>
      {extra}
      {error && <ErrorNotice message={error.message} />}
      <div class="dialog__actions">
        <button type="button" class="button" onClick={onCancel} data-autofocus>
          {t('ui_cancel')}
        </button>
        <button
          type="button"
          class="button button--danger"
          onClick={() => void confirm()}
          disabled={!canConfirm || busy}
          aria-busy={busy}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { maskToken } from '@/utils/mask';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import type { AccountId } from '@/utils/storage';
import { useAnnounce } from '@/components/Announcer';
import { ErrorNotice } from '@/components/ErrorNotice';
import { LabelField, labelToSave } from '@/components/LabelField';

export interface TokenLabelEditorProps {
  account: AccountId;
  token: string;
  /** The label saved now. */
  label: string;
}

/** The details view's label: edit, then "Save label" (the background writes it; the list follows). */
export function TokenLabelEditor({ account, token, label }: TokenLabelEditorProps) {
  const [value, setValue] = useState(label);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReplyError>();
  const announce = useAnnounce();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setTried(true);
    setError(undefined);
    const toSave = labelToSave(value);
    if (toSave === undefined || busy) return;
    setBusy(true);
    const reply = await sendRequest('setLabel', { account, token, label: toSave });
    setBusy(false);
    if (!reply.ok) {
      setError(reply.error);
      return;
    }
    setValue(toSave);
    announce(t('popup_label_saved', maskToken(token)));
  };

  return (
    <form class="label-editor" onSubmit={(event) => void onSubmit(event)} noValidate>
      <LabelField value={value} onInput={setValue} showError={tried} />
      {error && <ErrorNotice message={error.message} />}
      <button type="submit" class="button" disabled={busy} aria-busy={busy}>
        {t('popup_label_save')}
      </button>
    </form>
  );
}

import { useId, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import type { UploadToken } from '@/utils/apivideo/types';
import type { AccountId } from '@/utils/storage';
import { ViewHeader } from '@/components/ViewHeader';
import { ErrorNotice } from '@/components/ErrorNotice';

export interface LookupFormProps {
  account: AccountId;
  onFound: (token: UploadToken) => void;
  onBack: () => void;
}

/** Paste a token string to see its details (asks api.video, so it works beyond the cached list). */
export function LookupForm({ account, onFound, onBack }: LookupFormProps) {
  const inputId = useId();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReplyError>();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const token = value.trim();
    if (token === '') {
      setError({ kind: 'invalid-request', message: t('popup_lookup_empty') });
      return;
    }
    setBusy(true);
    setError(undefined);
    const reply = await sendRequest('getToken', { account, token });
    setBusy(false);
    if (reply.ok) onFound(reply.token);
    else setError(reply.error);
  };

  return (
    <section class="view" aria-labelledby="lookup-title">
      <ViewHeader titleId="lookup-title" title={t('popup_lookup_title')} onBack={onBack} />
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <label for={inputId} class="label">
          {t('popup_lookup_label')}
        </label>
        <div class="input-row">
          <input
            id={inputId}
            class="input mono"
            value={value}
            autocomplete="off"
            spellcheck={false}
            onInput={(event) => setValue(event.currentTarget.value)}
          />
          <button type="submit" class="button button--primary" disabled={busy} aria-busy={busy}>
            {t('popup_lookup_submit')}
          </button>
        </div>
      </form>
      {error && <ErrorNotice message={error.message} />}
    </section>
  );
}

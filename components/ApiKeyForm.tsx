import { useId, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import type { Account } from '@/utils/storage';
import { ApiKeyInput } from '@/components/ApiKeyInput';
import { ErrorNotice } from '@/components/ErrorNotice';

export interface ApiKeyFormProps {
  account: Account;
}

type Outcome = { kind: 'saved' } | { kind: 'failed'; error: ReplyError };

/**
 * "Replace key" of one account. The background checks the new key with api.video before storing
 * it and forgets everything learnt with the old one; the field is cleared after a successful save
 * so the key does not stay in the page.
 */
export function ApiKeyForm({ account }: ApiKeyFormProps) {
  const inputId = useId();
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (apiKey.trim() === '') {
      setOutcome({ kind: 'failed', error: { kind: 'invalid-request', message: t('error_key_empty') } });
      return;
    }
    setBusy(true);
    setOutcome(undefined);
    const reply = await sendRequest('saveKey', { account: account.id, apiKey: apiKey.trim() });
    setBusy(false);
    if (!reply.ok) {
      setOutcome({ kind: 'failed', error: reply.error });
      return;
    }
    setApiKey('');
    setOutcome({ kind: 'saved' });
  };

  return (
    <form class="account__form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <fieldset class="fieldset">
        <legend class="fieldset__legend">{t('options_replace_key')}</legend>
        <ApiKeyInput id={inputId} label={t('options_new_api_key')} value={apiKey} onInput={setApiKey} />
        <div class="actions">
          <button type="submit" class="button" disabled={busy} aria-busy={busy}>
            {busy ? t('options_checking_key') : t('options_replace_key')}
          </button>
        </div>
        <div role="status" class="status">
          {outcome?.kind === 'saved' && t('options_key_replaced', account.name)}
        </div>
        {outcome?.kind === 'failed' && <ErrorNotice message={outcome.error.message} />}
      </fieldset>
    </form>
  );
}

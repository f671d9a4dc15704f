import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import type { Environment } from '@/utils/apivideo/types';
import { environmentLabel } from '@/utils/ui/environment';
import { ErrorNotice } from '@/components/ErrorNotice';
import { ForgetKeyButton } from '@/components/ForgetKeyButton';

export interface ApiKeyFormProps {
  environment: Environment;
  /** The stored key, masked (••••••••3f9a); absent when none is saved. */
  maskedKey?: string;
}

type Outcome =
  { kind: 'saved'; environment: Environment } | { kind: 'forgotten' } | { kind: 'failed'; error: ReplyError };

/**
 * One environment's API key. The background checks a key with api.video before storing it;
 * the input is cleared after a successful save so the key does not stay in the page.
 */
export function ApiKeyForm({ environment, maskedKey }: ApiKeyFormProps) {
  const inputId = useId();
  const [apiKey, setApiKey] = useState('');
  const [revealed, setRevealed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const inputRef = useRef<HTMLInputElement>(null);

  // Forgetting removes the "Forget key" button that had the focus: move it to the input.
  const hadKey = useRef(Boolean(maskedKey));
  useEffect(() => {
    const focusLost = !document.activeElement || document.activeElement === document.body;
    if (hadKey.current && !maskedKey && focusLost) inputRef.current?.focus();
    hadKey.current = Boolean(maskedKey);
  }, [maskedKey]);

  const forgotten = () => setOutcome({ kind: 'forgotten' });

  const save = async (target: Environment) => {
    if (apiKey.trim() === '') {
      setOutcome({ kind: 'failed', error: { kind: 'invalid-request', message: t('error_key_empty') } });
      return;
    }
    setBusy(true);
    setOutcome(undefined);
    const reply = await sendRequest('saveKey', { environment: target, apiKey: apiKey.trim() });
    setBusy(false);
    if (!reply.ok) {
      setOutcome({ kind: 'failed', error: reply.error });
      return;
    }
    setApiKey('');
    setRevealed(false);
    setOutcome({ kind: 'saved', environment: target });
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void save(environment);
  };

  const other = outcome?.kind === 'failed' ? outcome.error.otherEnvironment : undefined;

  return (
    <form class="card" onSubmit={onSubmit} noValidate>
      <fieldset class="fieldset">
        <legend class="fieldset__legend">{environmentLabel(environment)}</legend>
        <p class="muted">{maskedKey ? t('options_key_saved_as', maskedKey) : t('options_key_none')}</p>
        <label for={inputId} class="label">
          {t('options_api_key')}
        </label>
        <div class="input-row">
          <input
            id={inputId}
            ref={inputRef}
            class="input mono"
            type={revealed ? 'text' : 'password'}
            value={apiKey}
            onInput={(event) => setApiKey(event.currentTarget.value)}
            autocomplete="off"
            spellcheck={false}
            autoCapitalize="off"
          />
          <button
            type="button"
            class="button"
            aria-pressed={revealed}
            aria-label={t('options_show_key')}
            onClick={() => setRevealed(!revealed)}
          >
            {t('options_show')}
          </button>
        </div>
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy} aria-busy={busy}>
            {busy ? t('options_checking_key') : t('options_save')}
          </button>
          {maskedKey && <ForgetKeyButton environment={environment} onForgotten={forgotten} />}
        </div>
        <div role="status" class="status">
          {outcome?.kind === 'saved' && t('options_key_saved', environmentLabel(outcome.environment))}
          {outcome?.kind === 'forgotten' && t('options_key_forgotten')}
        </div>
        {outcome?.kind === 'failed' && <ErrorNotice message={outcome.error.message} />}
        {other && (
          <button type="button" class="button" disabled={busy} onClick={() => void save(other)}>
            {t('options_save_under', environmentLabel(other))}
          </button>
        )}
      </fieldset>
    </form>
  );
}

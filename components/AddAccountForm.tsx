import type { Ref } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import { ENVIRONMENTS, type Environment } from '@/utils/apivideo/types';
import { MAX_ACCOUNT_NAME } from '@/utils/storage';
import { environmentLabel } from '@/utils/ui/environment';
import { ApiKeyInput } from '@/components/ApiKeyInput';
import { ErrorNotice } from '@/components/ErrorNotice';

export interface AddAccountFormProps {
  /** No account yet: the form is the page's first step, and says so. */
  first: boolean;
  headingRef?: Ref<HTMLHeadingElement>;
}

type Outcome = { kind: 'added'; name: string } | { kind: 'failed'; error: ReplyError };

/**
 * "Add account": a name, an API key and its environment. The background checks the key with
 * api.video (and refuses a key another account has) before anything is stored; the key field is
 * cleared after a successful save so the key does not stay in the page.
 */
export function AddAccountForm({ first, headingRef }: AddAccountFormProps) {
  const id = useId();
  const [name, setName] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [environment, setEnvironment] = useState<Environment>('production');
  const [nameError, setNameError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const nameInput = useRef<HTMLInputElement>(null);
  const keyInput = useRef<HTMLInputElement>(null);

  // The first account moves this form below the accounts, which may take the focus from its Save
  // button: it goes to the name field, ready for another account, rather than to the page's start.
  useEffect(() => {
    const active = document.activeElement;
    if (outcome?.kind === 'added' && (!active || active === document.body)) nameInput.current?.focus();
  }, [outcome]);

  const save = async (target: Environment) => {
    const trimmed = name.trim();
    setOutcome(undefined);
    if (trimmed === '') {
      setNameError(t('options_account_name_empty'));
      nameInput.current?.focus();
      return;
    }
    setNameError(undefined);
    if (apiKey.trim() === '') {
      setOutcome({ kind: 'failed', error: { kind: 'invalid-request', message: t('error_key_empty') } });
      keyInput.current?.focus();
      return;
    }
    setEnvironment(target);
    setBusy(true);
    const reply = await sendRequest('addAccount', { name: trimmed, environment: target, apiKey: apiKey.trim() });
    setBusy(false);
    if (!reply.ok) {
      setOutcome({ kind: 'failed', error: reply.error });
      return;
    }
    setApiKey('');
    setName('');
    setOutcome({ kind: 'added', name: trimmed });
  };

  const other = outcome?.kind === 'failed' ? outcome.error.otherEnvironment : undefined;

  return (
    <section class={first ? 'card card--first' : 'card'} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} class="card__title" ref={headingRef} tabIndex={-1}>
        {t('options_add_heading')}
      </h2>
      {first && <p>{t('options_add_first_intro')}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save(environment);
        }}
        noValidate
      >
        <div class="field">
          <label for={`${id}-name`} class="label">
            {t('options_account_name')}
          </label>
          <input
            id={`${id}-name`}
            ref={nameInput}
            class="input input--wide"
            type="text"
            required
            maxLength={MAX_ACCOUNT_NAME}
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={`${id}-name-hint${nameError ? ` ${id}-name-error` : ''}`}
            autocomplete="off"
          />
          <p id={`${id}-name-hint`} class="field__hint">
            {t('options_account_name_hint', MAX_ACCOUNT_NAME)}
          </p>
          {nameError && (
            <p id={`${id}-name-error`} class="field__error">
              {nameError}
            </p>
          )}
        </div>
        <ApiKeyInput
          id={`${id}-key`}
          label={t('options_api_key')}
          value={apiKey}
          onInput={setApiKey}
          inputRef={keyInput}
        />
        <fieldset class="fieldset">
          <legend class="label">{t('options_account_environment')}</legend>
          {ENVIRONMENTS.map((choice) => (
            <label key={choice} class="choice">
              <input
                type="radio"
                name={`${id}-environment`}
                value={choice}
                checked={environment === choice}
                onChange={() => setEnvironment(choice)}
              />
              <span>{environmentLabel(choice)}</span>
            </label>
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit" class="button button--primary" disabled={busy} aria-busy={busy}>
            {busy ? t('options_checking_key') : t('options_save')}
          </button>
        </div>
        <div role="status" class="status">
          {outcome?.kind === 'added' && t('options_account_added', outcome.name)}
        </div>
        {outcome?.kind === 'failed' && <ErrorNotice message={outcome.error.message} />}
        {other && (
          <button type="button" class="button" disabled={busy} onClick={() => void save(other)}>
            {t('options_switch_environment', environmentLabel(other))}
          </button>
        )}
      </form>
    </section>
  );
}

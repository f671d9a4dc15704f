import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import { MAX_ACCOUNT_NAME, type Account } from '@/utils/storage';
import { ErrorNotice } from '@/components/ErrorNotice';

export interface RenameAccountFormProps {
  account: Account;
}

/** The account's name, editable: "Account name" and "Rename". */
export function RenameAccountForm({ account }: RenameAccountFormProps) {
  const id = useId();
  const [name, setName] = useState(account.name);
  const [nameError, setNameError] = useState<string>();
  const [failure, setFailure] = useState<ReplyError>();
  const [renamed, setRenamed] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const edited = useRef(false);

  // Renamed elsewhere (another tab): show the stored name unless the person is editing it.
  useEffect(() => {
    if (!edited.current) setName(account.name);
  }, [account.name]);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const trimmed = name.trim();
    setRenamed(undefined);
    setFailure(undefined);
    if (trimmed === '') {
      setNameError(t('options_account_name_empty'));
      input.current?.focus();
      return;
    }
    setNameError(undefined);
    setBusy(true);
    const reply = await sendRequest('updateAccount', { account: account.id, name: trimmed });
    setBusy(false);
    if (!reply.ok) {
      setFailure(reply.error);
      return;
    }
    edited.current = false;
    setName(trimmed);
    setRenamed(trimmed);
  };

  return (
    <form class="account__form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <div class="field">
        <label for={`${id}-name`} class="label">
          {t('options_account_name')}
        </label>
        <div class="input-row">
          <input
            id={`${id}-name`}
            ref={input}
            class="input"
            type="text"
            required
            maxLength={MAX_ACCOUNT_NAME}
            value={name}
            onInput={(event) => {
              edited.current = true;
              setName(event.currentTarget.value);
            }}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${id}-name-error` : undefined}
            autocomplete="off"
          />
          <button type="submit" class="button" disabled={busy} aria-busy={busy}>
            {t('options_account_rename')}
          </button>
        </div>
        {nameError && (
          <p id={`${id}-name-error`} class="field__error">
            {nameError}
          </p>
        )}
      </div>
      <div role="status" class="status">
        {renamed && t('options_account_renamed', renamed)}
      </div>
      {failure && <ErrorNotice message={failure.message} />}
    </form>
  );
}

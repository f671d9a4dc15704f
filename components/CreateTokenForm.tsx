import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import { environmentLabel } from '@/utils/ui/environment';
import type { AccountId } from '@/utils/storage';
import { maxTtlIn, parseCustomTtl, TTL_PRESETS, type TtlUnit } from '@/utils/ui/ttl';
import { numberProblemMessage } from '@/utils/ui/number-problem';
import { ViewHeader } from '@/components/ViewHeader';
import { ErrorNotice } from '@/components/ErrorNotice';
import { TtlPicker, type TtlChoice } from '@/components/TtlPicker';
import { LabelField, labelToSave } from '@/components/LabelField';

export interface CreateTokenFormProps {
  account: AccountId;
  /** Named in the title (the api.video environment the token is for). */
  environment: Environment;
  onCreated: (token: UploadToken, recovered: boolean) => void;
  onBack: () => void;
}

/**
 * Create a token. A create is never retried automatically (each attempt could mint another
 * token), and the button stays disabled while one is in flight.
 */
export function CreateTokenForm({ account, environment, onCreated, onBack }: CreateTokenFormProps) {
  const [choice, setChoice] = useState<TtlChoice>('1h');
  const [customValue, setCustomValue] = useState('');
  const [customUnit, setCustomUnit] = useState<TtlUnit>('hours');
  const [customError, setCustomError] = useState<string>();
  const [neverConfirmed, setNeverConfirmed] = useState(false);
  const [label, setLabel] = useState('');
  const [triedLabel, setTriedLabel] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReplyError>();

  const ttlSeconds = (): number | undefined => {
    if (choice === 'never') return 0;
    if (choice !== 'custom') return TTL_PRESETS.find((preset) => preset.id === choice)?.seconds;
    const parsed = parseCustomTtl(customValue, customUnit);
    if (parsed.ok) return parsed.seconds;
    setCustomError(numberProblemMessage(parsed.problem, 1, maxTtlIn(customUnit)));
    return undefined;
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setCustomError(undefined);
    setError(undefined);
    const ttl = ttlSeconds();
    setTriedLabel(true);
    const labelToSend = labelToSave(label);
    if (ttl === undefined || labelToSend === undefined || busy) return;
    setBusy(true);
    const reply = await sendRequest('createToken', {
      account,
      ttl,
      ...(labelToSend ? { label: labelToSend } : {}),
    });
    setBusy(false);
    if (reply.ok) onCreated(reply.token, reply.recovered === true);
    else setError(reply.error);
  };

  return (
    <section class="view" aria-labelledby="create-title">
      <ViewHeader
        titleId="create-title"
        title={t('popup_create_title', environmentLabel(environment))}
        onBack={onBack}
      />
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <TtlPicker
          choice={choice}
          customValue={customValue}
          customUnit={customUnit}
          customError={customError}
          neverConfirmed={neverConfirmed}
          onChoice={(next) => {
            setChoice(next);
            setNeverConfirmed(false);
          }}
          onCustomValue={setCustomValue}
          onCustomUnit={setCustomUnit}
          onNeverConfirmed={setNeverConfirmed}
        />
        <LabelField value={label} onInput={setLabel} showError={triedLabel} />
        {error && <ErrorNotice message={error.message} />}
        <div class="actions">
          <button
            type="submit"
            class={`button ${choice === 'never' ? 'button--danger' : 'button--primary'}`}
            disabled={busy || (choice === 'never' && !neverConfirmed)}
            aria-busy={busy}
          >
            {busy
              ? t('popup_creating')
              : choice === 'never'
                ? t('popup_create_never_submit')
                : t('popup_create_submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

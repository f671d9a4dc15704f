import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import { ENVIRONMENTS, type Environment } from '@/utils/apivideo/types';
import { environmentLabel } from '@/utils/ui/environment';
import { ErrorNotice } from '@/components/ErrorNotice';

export interface EnvironmentChoiceProps {
  active: Environment;
  /** Which environments have a key, to say so next to each choice. */
  configured: Readonly<Record<Environment, boolean>>;
}

/** Which environment the popup and the badge look at. */
export function EnvironmentChoice({ active, configured }: EnvironmentChoiceProps) {
  const [saved, setSaved] = useState<Environment>();
  const [error, setError] = useState<ReplyError>();

  const choose = async (environment: Environment) => {
    setSaved(undefined);
    setError(undefined);
    const reply = await sendRequest('updateSettings', { activeEnvironment: environment });
    if (!reply.ok) {
      setError(reply.error);
      return;
    }
    setSaved(environment);
  };

  return (
    <div class="card">
      <fieldset class="fieldset">
        <legend class="fieldset__legend">{t('options_environment_legend')}</legend>
        <p class="muted">{t('options_environment_hint')}</p>
        {ENVIRONMENTS.map((environment) => (
          <label key={environment} class="choice">
            <input
              type="radio"
              name="activeEnvironment"
              value={environment}
              checked={active === environment}
              onChange={() => void choose(environment)}
            />
            <span>
              {environmentLabel(environment)}
              {!configured[environment] && <span class="muted"> {t('options_environment_no_key')}</span>}
            </span>
          </label>
        ))}
        <div role="status" class="status">
          {saved && t('options_environment_saved', environmentLabel(saved))}
        </div>
        {error && <ErrorNotice message={error.message} />}
      </fieldset>
    </div>
  );
}

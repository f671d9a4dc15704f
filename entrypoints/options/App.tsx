import { t } from '@/utils/i18n';
import { useStatus } from '@/components/hooks/useStatus';
import { ENVIRONMENTS } from '@/utils/apivideo/types';
import { ApiKeyForm } from '@/components/ApiKeyForm';
import { EnvironmentChoice } from '@/components/EnvironmentChoice';
import { ErrorNotice } from '@/components/ErrorNotice';
import { KeyHelp } from '@/components/KeyHelp';
import { SettingsForm } from '@/components/SettingsForm';

/** The options page: API keys per environment, the active environment, badge settings. */
export function App() {
  const { status, error, reload: load } = useStatus();

  return (
    <main class="page page--options">
      <h1 class="page__title">{t('options_title')}</h1>
      {error && <ErrorNotice message={error.message} onRetry={() => void load()} />}
      {!status && !error && <p role="status">{t('ui_loading')}</p>}
      {status && (
        <>
          <section aria-labelledby="keys-title">
            <h2 id="keys-title" class="section-title">
              {t('options_keys_heading')}
            </h2>
            {ENVIRONMENTS.map((environment) => (
              <ApiKeyForm
                key={environment}
                environment={environment}
                maskedKey={status.environments[environment].maskedKey}
                onChanged={() => void load()}
              />
            ))}
          </section>
          <EnvironmentChoice
            active={status.settings.activeEnvironment}
            configured={{
              production: status.environments.production.configured,
              sandbox: status.environments.sandbox.configured,
            }}
            onChanged={() => void load()}
          />
          <SettingsForm settings={status.settings} onSaved={() => void load()} />
          <KeyHelp />
        </>
      )}
    </main>
  );
}

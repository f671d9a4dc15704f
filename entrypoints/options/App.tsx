import { t } from '@/utils/i18n';
import { ENVIRONMENTS } from '@/utils/apivideo/types';
import { useExtensionState } from '@/components/hooks/useExtensionState';
import { ApiKeyForm } from '@/components/ApiKeyForm';
import { EnvironmentChoice } from '@/components/EnvironmentChoice';
import { KeyHelp } from '@/components/KeyHelp';
import { ImportLabels } from '@/components/ImportLabels';
import { SettingsForm } from '@/components/SettingsForm';

/** The options page: API keys per environment, the active environment, badge settings. */
export function App() {
  const state = useExtensionState();

  return (
    <main class="page page--options">
      <h1 class="page__title">{t('options_title')}</h1>
      {!state && <p role="status">{t('ui_loading')}</p>}
      {state && (
        <>
          {state.settingsRecovered && (
            <p class="notice" role="status">
              {t('options_settings_recovered')}
            </p>
          )}
          <section aria-labelledby="keys-title">
            <h2 id="keys-title" class="section-title">
              {t('options_keys_heading')}
            </h2>
            {ENVIRONMENTS.map((environment) => (
              <ApiKeyForm key={environment} environment={environment} maskedKey={state.keys[environment]?.maskedKey} />
            ))}
          </section>
          <EnvironmentChoice
            active={state.settings.activeEnvironment}
            configured={{ production: state.keys.production !== null, sandbox: state.keys.sandbox !== null }}
          />
          <SettingsForm settings={state.settings} />
          {state.keys[state.settings.activeEnvironment] && (
            <ImportLabels environment={state.settings.activeEnvironment} />
          )}
          <KeyHelp />
        </>
      )}
    </main>
  );
}

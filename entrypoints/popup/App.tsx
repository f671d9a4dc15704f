import { t } from '@/utils/i18n';
import { openOptionsPage } from '@/utils/ui/openOptions';
import { useStatus } from '@/components/hooks/useStatus';
import { ErrorNotice } from '@/components/ErrorNotice';
import { FirstRun } from '@/components/FirstRun';
import { TokenManager } from '@/components/TokenManager';

/** The toolbar popup (also usable as a tab at popup.html). */
export function App() {
  const { status, error, reload } = useStatus();
  const environment = status?.settings.activeEnvironment;
  return (
    <main class="page page--popup">
      <header class="popup-header">
        <h1 class="popup-header__title">{t('extName')}</h1>
        <button type="button" class="button button--small" onClick={() => void openOptionsPage()}>
          {t('popup_settings')}
        </button>
      </header>
      {error && <ErrorNotice message={error.message} onRetry={() => void reload()} />}
      {!status && !error && <p role="status">{t('ui_loading')}</p>}
      {status && environment && !status.environments[environment].configured && <FirstRun environment={environment} />}
      {status && environment && status.environments[environment].configured && (
        // Keyed by environment: switching environments starts from a clean list and filters.
        <TokenManager
          key={environment}
          environment={environment}
          soonHours={status.settings.expiringSoonHours}
          lastCheckFailed={status.environments[environment].lastError !== undefined}
        />
      )}
    </main>
  );
}

import { t } from '@/utils/i18n';
import { openOptionsPage } from '@/utils/ui/openOptions';
import { useStatus } from '@/components/hooks/useStatus';
import { usePreloadedView } from '@/components/hooks/usePreloadedView';
import { ErrorNotice } from '@/components/ErrorNotice';
import { FirstRun } from '@/components/FirstRun';
import { TokenManager } from '@/components/TokenManager';

/** The toolbar popup (also usable as a tab at popup.html). */
export function App() {
  const { status, error, reload } = useStatus();
  // A cached list can be painted before the status arrives: a cache exists only while a key does.
  const preview = usePreloadedView();
  const environment = status?.settings.activeEnvironment ?? preview?.environment;
  const configured = status && environment ? status.environments[environment].configured : preview !== undefined;
  const soonHours = status?.settings.expiringSoonHours ?? preview?.settings.expiringSoonHours;
  const lastCheckFailed = status && environment ? status.environments[environment].lastError !== undefined : preview?.lastCheckFailed;
  return (
    <main class="page page--popup">
      <header class="popup-header">
        <h1 class="popup-header__title">{t('extName')}</h1>
        <button type="button" class="button button--small" onClick={() => void openOptionsPage()}>
          {t('popup_settings')}
        </button>
      </header>
      {error && <ErrorNotice message={error.message} onRetry={() => void reload()} />}
      {!status && !preview && !error && <p role="status">{t('ui_loading')}</p>}
      {status && environment && !configured && <FirstRun environment={environment} />}
      {environment && configured && soonHours !== undefined && (
        // Keyed by environment: switching environments starts from a clean list and filters.
        <TokenManager
          key={environment}
          environment={environment}
          soonHours={soonHours}
          lastCheckFailed={lastCheckFailed ?? false}
        />
      )}
    </main>
  );
}

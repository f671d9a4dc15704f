import { t } from '@/utils/i18n';
import { openOptionsPage } from '@/utils/ui/open-options';
import { useExtensionState } from '@/components/hooks/useExtensionState';
import { usePreloadedView } from '@/components/hooks/usePreloadedView';
import { FirstRun } from '@/components/FirstRun';
import { TokenManager } from '@/components/TokenManager';

/** The toolbar popup (also usable as a tab at popup.html). */
export function App() {
  const state = useExtensionState();
  // The saved key's first screen can be painted before the watched state is read (the preload read both).
  const preview = usePreloadedView();
  const environment = state?.settings.activeEnvironment ?? preview?.environment;
  const keyInfo = state && environment ? state.keys[environment] : preview?.keyInfo;
  const soonHours = state?.settings.expiringSoonHours ?? preview?.settings.expiringSoonHours;
  return (
    <main class="page page--popup">
      <header class="popup-header">
        <h1 class="popup-header__title">{t('extName')}</h1>
        <button type="button" class="button button--small" onClick={() => void openOptionsPage()}>
          {t('popup_settings')}
        </button>
      </header>
      {!state && !preview && <p role="status">{t('ui_loading')}</p>}
      {state && environment && !keyInfo && <FirstRun environment={environment} />}
      {environment && keyInfo && soonHours !== undefined && (
        // Keyed by environment and key: another key starts from a clean list and filters.
        <TokenManager
          key={`${environment}|${keyInfo.keyId}`}
          environment={environment}
          keyId={keyInfo.keyId}
          soonHours={soonHours}
          lastCheckFailed={preview?.keyInfo.keyId === keyInfo.keyId ? preview.lastCheckFailed : undefined}
        />
      )}
    </main>
  );
}

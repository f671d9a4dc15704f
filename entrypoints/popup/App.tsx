import { Suspense } from 'preact/compat';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { AccountOptions, ALL_ACCOUNTS as ALL } from '@/components/AccountOptions';
import type { AccountId } from '@/utils/storage';
import { openOptionsPage } from '@/utils/ui/open-options';
import { preloadedAccountView } from '@/utils/ui/cached-list';
import { useExtensionState } from '@/components/hooks/useExtensionState';
import { useAlertCounts, useOpening } from '@/components/hooks/usePopupOpening';
import { usePreloadedView } from '@/components/hooks/usePreloadedView';
import { LazyAccountOverview, LazyFirstRun } from '@/components/lazy';
import { TokenManager } from '@/components/TokenManager';

/** The toolbar popup (also usable as a tab at popup.html). */
export function App() {
  const live = useExtensionState();
  // While a changed account list's keys are read again, the last state stays (the list open stays open).
  const lastState = useRef(live);
  if (live) lastState.current = live;
  const state = live ?? lastState.current;
  // The accounts' first screens can be painted before the watched state is read (the preload read them).
  const preview = usePreloadedView();
  const accounts = state?.accounts ?? preview?.accounts;
  const soonHours = state?.settings.expiringSoonHours ?? preview?.settings.expiringSoonHours;
  const keyOf = (id: AccountId) =>
    state ? (state.keys[id] ?? null) : (preview?.views.find((view) => view.account.id === id)?.keyInfo ?? null);
  const keys = Object.fromEntries((accounts ?? []).map((account) => [account.id, keyOf(account.id)]));
  const alerts = useAlertCounts(accounts, keys, preview);
  const opening = useOpening(accounts, keys, alerts, preview);
  // The overview unless the person picked an account (not kept: the popup opens on the overview),
  // or the account the popup opened on (see `useOpening`) until they do.
  const [picked, setPicked] = useState<AccountId>();
  // The account whose list opens filtered to its new tokens (its alert was set when it was chosen).
  const [newFor, setNewFor] = useState<AccountId | null>();
  const pickerId = useId();
  const picker = useRef<HTMLSelectElement>(null);
  const focusPicker = useRef(false);
  const choose = (id: AccountId) => {
    setPicked(id);
    setNewFor(id !== ALL && alerts && (alerts[id] ?? 0) > 0 ? id : null);
  };

  const several = accounts !== undefined && accounts.length > 1;
  // A removed account's list gives way to the overview.
  const current = picked ?? opening?.account ?? ALL;
  const shown = several ? accounts.find((account) => account.id === current) : accounts?.[0];
  const keyInfo = shown ? keyOf(shown.id) : null;
  const showNew = shown !== undefined && shown.id === (newFor === undefined ? opening?.account : newFor);
  // Nothing is shown until the popup knows what it opens on (read with the first screen when preloaded).
  const decided = opening !== undefined;

  // After "Show tokens" the control that names the account shown (and leads back) has the focus.
  useEffect(() => {
    if (!focusPicker.current) return;
    focusPicker.current = false;
    picker.current?.focus();
  }, [picked]);

  return (
    <main class="page page--popup">
      <header class="popup-header">
        <h1 class="popup-header__title">{t('extName')}</h1>
        {several && (
          <div class="account-picker">
            <label for={pickerId} class="account-picker__label">
              {t('popup_account_label')}
            </label>
            <select
              id={pickerId}
              ref={picker}
              class="input account-picker__select"
              value={shown?.id ?? ALL}
              // Focus stays here as the choice changes (arrow keys change it one account at a time).
              onChange={(event) => choose(event.currentTarget.value)}
            >
              <AccountOptions accounts={accounts} allLabel={t('popup_all_accounts')} />
            </select>
          </div>
        )}
        <button type="button" class="button button--small" onClick={() => void openOptionsPage()}>
          {t('popup_settings')}
        </button>
      </header>
      {(!accounts || soonHours === undefined) && <p role="status">{t('ui_loading')}</p>}
      <Suspense fallback={null}>
        {accounts?.length === 0 && state && <LazyFirstRun />}
        {shown && !keyInfo && state && <LazyFirstRun />}
      </Suspense>
      {several && !shown && soonHours !== undefined && decided && (
        <Suspense fallback={<p role="status">{t('ui_loading')}</p>}>
          <LazyAccountOverview
            accounts={accounts}
            keys={keys}
            alerts={alerts}
            soonHours={soonHours}
            preloaded={preview}
            onShow={(id) => {
              focusPicker.current = true;
              choose(id);
            }}
          />
        </Suspense>
      )}
      {shown && keyInfo && soonHours !== undefined && decided && (
        // Keyed by account and key: another key starts from a clean list and filters.
        <TokenManager
          key={`${shown.id}|${keyInfo.keyId}`}
          account={shown.id}
          environment={shown.environment}
          accountName={shown.name}
          keyId={keyInfo.keyId}
          soonHours={soonHours}
          lastCheckFailed={preloadedAccountView(preview, shown.id, keyInfo.keyId)?.lastCheckFailed}
          initialFilter={showNew ? 'new' : 'all'}
        />
      )}
    </main>
  );
}

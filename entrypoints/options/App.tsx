import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { accountsItem, DEFAULT_SETTINGS, settingsItem, type Account } from '@/utils/storage';
import { useStoredItem } from '@/components/hooks/useStoredItem';
import { useAnnounce } from '@/components/Announcer';
import { AccountGroup } from '@/components/AccountGroup';
import { AddAccountForm } from '@/components/AddAccountForm';
import { KeyHelp } from '@/components/KeyHelp';
import { SettingsForm } from '@/components/SettingsForm';
import { NotifySetting } from '@/components/NotifySetting';
import { ActivityLog } from '@/components/ActivityLog';

/**
 * After an account is removed its group (and the button that had the focus) is gone: the focus
 * goes to the account that took its place, else the one before it, else "Add account".
 */
function useFocusAfterRemoval(accounts: readonly Account[] | undefined) {
  const headings = useRef(new Map<string, HTMLHeadingElement>());
  const addHeading = useRef<HTMLHeadingElement>(null);
  const removedAt = useRef<{ id: string; index: number }>();

  useEffect(() => {
    const removed = removedAt.current;
    if (!removed || !accounts || accounts.some((account) => account.id === removed.id)) return;
    removedAt.current = undefined;
    const next = accounts[Math.min(removed.index, accounts.length - 1)];
    (next ? headings.current.get(next.id) : addHeading.current)?.focus();
  }, [accounts]);

  const headingRef = (id: string) => (element: HTMLHeadingElement | null) => {
    if (element) headings.current.set(id, element);
    else headings.current.delete(id);
  };
  const removed = (account: Account) => {
    removedAt.current = { id: account.id, index: accounts?.findIndex((entry) => entry.id === account.id) ?? 0 };
  };
  return { headingRef, addHeading, removed };
}

/** The options page: the accounts (each api.video key with its name), adding one, badge settings. */
export function App() {
  const settingsFound = useStoredItem(settingsItem);
  const accountsFound = useStoredItem(accountsItem);
  const accounts = accountsFound ? (accountsFound.state === 'ok' ? accountsFound.value.accounts : []) : undefined;
  const focus = useFocusAfterRemoval(accounts);
  const announce = useAnnounce();
  const settings = settingsFound?.state === 'ok' ? settingsFound.value : DEFAULT_SETTINGS;

  const onRemoved = (account: Account) => {
    focus.removed(account);
    announce(t('options_account_removed', account.name));
  };

  const loaded = settingsFound !== undefined && accounts !== undefined;
  const first = accounts?.length === 0;
  const addForm = <AddAccountForm key="add" first={first} headingRef={focus.addHeading} />;
  const accountsSection = accounts && (
    <section key="accounts" aria-labelledby="accounts-title">
      <h2 id="accounts-title" class="section-title">
        {t('options_accounts_heading')}
      </h2>
      {first ? <p class="muted">{t('options_accounts_none')}</p> : <p>{t('options_accounts_intro')}</p>}
      {accounts.map((account) => (
        <AccountGroup
          key={account.id}
          account={account}
          soonHours={settings.expiringSoonHours}
          headingRef={focus.headingRef(account.id)}
          onRemoved={onRemoved}
        />
      ))}
    </section>
  );

  return (
    <main class="page page--options">
      <h1 class="page__title">{t('options_title')}</h1>
      {!loaded && <p role="status">{t('ui_loading')}</p>}
      {loaded && (
        <>
          {settingsFound.state === 'invalid' && (
            <p class="notice" role="status">
              {t('options_settings_recovered')}
            </p>
          )}
          {/* Keyed, so the form moves (keeping what it says) when the first account is added. */}
          {first ? [addForm, accountsSection] : [accountsSection, addForm]}
          <SettingsForm settings={settings} />
          <NotifySetting settings={settings} />
          {accounts.length > 0 && <ActivityLog accounts={accounts} />}
          <KeyHelp />
        </>
      )}
    </main>
  );
}

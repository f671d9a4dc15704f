import type { Ref } from 'preact';
import { useId, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import {
  firstScreenItem,
  keyInfoItem,
  snapshotItem,
  type Account,
  type AccountSnapshot,
  type FirstScreen,
  type KeyInfo,
} from '@/utils/storage';
import { environmentLabel } from '@/utils/ui/environment';
import { formatDateTime } from '@/utils/ui/dates';
import { firstScreenView } from '@/utils/ui/first-screen';
import { useStoredItem, valueOf } from '@/components/hooks/useStoredItem';
import { useNow } from '@/components/hooks/useNow';
import { ApiKeyForm } from '@/components/ApiKeyForm';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { ErrorNotice } from '@/components/ErrorNotice';
import { ImportLabels } from '@/components/ImportLabels';
import { LifetimePolicy } from '@/components/LifetimePolicy';
import { RenameAccountForm } from '@/components/RenameAccountForm';

export interface AccountGroupProps {
  account: Account;
  /** The "expiring soon" threshold, hours. */
  soonHours: number;
  /** The account's heading, focused when the page moves the focus to this account. */
  headingRef?: Ref<HTMLHeadingElement>;
  /** The account is gone (after "Remove account"). */
  onRemoved: (account: Account) => void;
}

/** What the options page knows of one account: its key (masked), its last check and its counts. */
function useAccountFacts(account: Account) {
  const keyInfo = valueOf(useStoredItem(keyInfoItem(account.id))) ?? null;
  const snapshot = valueOf(useStoredItem(snapshotItem(account.id))) ?? null;
  const firstScreen = valueOf(useStoredItem(firstScreenItem(account.id))) ?? null;
  const bound = <T extends { keyId: string }>(value: T | null) =>
    value && keyInfo && value.keyId === keyInfo.keyId ? value : null;
  return { keyInfo, snapshot: bound<AccountSnapshot>(snapshot), firstScreen: bound<FirstScreen>(firstScreen) };
}

function lastCheck(snapshot: AccountSnapshot | null): string {
  if (snapshot?.lastError) return t('options_account_check_failed', snapshot.lastError.message);
  if (snapshot?.checkedAt !== undefined) return formatDateTime(snapshot.checkedAt);
  return t('options_account_not_checked');
}

function Facts({
  account,
  keyInfo,
  snapshot,
  firstScreen,
  soonHours,
}: {
  account: Account;
  keyInfo: KeyInfo | null;
  snapshot: AccountSnapshot | null;
  firstScreen: FirstScreen | null;
  soonHours: number;
}) {
  const now = useNow(60_000);
  const summary = firstScreen ? firstScreenView(firstScreen, now, soonHours)?.summary : undefined;
  const unknown = t('options_account_unknown');
  const rows: [string, string][] = [
    [t('options_account_environment'), environmentLabel(account.environment)],
    [t('options_account_key'), keyInfo?.maskedKey ?? t('options_account_no_key')],
    [t('options_account_last_check'), lastCheck(snapshot)],
    [
      t('options_account_never_expire'),
      snapshot?.neverExpiring !== undefined ? String(snapshot.neverExpiring) : unknown,
    ],
    [t('options_account_expiring_soon'), summary ? String(summary.expiringSoon) : unknown],
    [t('options_account_total'), summary ? String(summary.total) : unknown],
  ];
  return (
    <dl class="account__facts">
      {rows.map(([term, value]) => (
        <div key={term} class="account__fact">
          <dt>{term}</dt>
          <dd class={term === t('options_account_key') ? 'mono' : undefined}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * One account on the options page, in its own region named after it: what is known of it, whether
 * the badge watches it, its name, its key, its labels, and its removal.
 */
export function AccountGroup({ account, soonHours, headingRef, onRemoved }: AccountGroupProps) {
  const id = useId();
  const facts = useAccountFacts(account);
  const [watchError, setWatchError] = useState<ReplyError>();
  const [confirming, setConfirming] = useState(false);
  const [checking, setChecking] = useState(false);
  const [managing, setManaging] = useState(false);
  const [checkError, setCheckError] = useState<ReplyError>();

  // Lists the account's tokens now: its counts, total and "expiring soon" included, or why not.
  const checkNow = async () => {
    setChecking(true);
    setCheckError(undefined);
    const reply = await sendRequest('refreshList', { account: account.id });
    setChecking(false);
    if (!reply.ok) setCheckError(reply.error);
  };

  const setWatched = async (watched: boolean) => {
    setWatchError(undefined);
    const reply = await sendRequest('updateAccount', { account: account.id, watched });
    if (!reply.ok) setWatchError(reply.error);
  };

  const remove = async () => {
    const reply = await sendRequest('removeAccount', { account: account.id });
    if (!reply.ok) return reply.error;
    setConfirming(false);
    onRemoved(account);
    return undefined;
  };

  return (
    <section class="card account" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} class="card__title" ref={headingRef} tabIndex={-1}>
        {account.name}
      </h3>
      <Facts account={account} soonHours={soonHours} {...facts} />
      <div class="actions account__actions">
        {facts.keyInfo && (
          <button
            type="button"
            class="button"
            aria-label={checking ? undefined : t('options_account_check_now_label', account.name)}
            aria-disabled={checking}
            aria-busy={checking}
            onClick={() => void (checking || checkNow())}
          >
            {checking ? t('options_account_checking') : t('options_account_check_now')}
          </button>
        )}
        <label class="choice">
          <input
            type="checkbox"
            checked={account.watched}
            onChange={(event) => void setWatched(event.currentTarget.checked)}
          />
          <span>{t('options_account_watch')}</span>
        </label>
      </div>
      {checkError && <ErrorNotice message={checkError.message} />}
      {watchError && <ErrorNotice message={watchError.message} />}
      {facts.keyInfo && <LifetimePolicy account={account} keyId={facts.keyInfo.keyId} />}
      {/* Kept behind a disclosure so that twenty accounts still fit in a page a person can scan. */}
      <div class="actions">
        <button
          type="button"
          class="button"
          aria-expanded={managing}
          aria-controls={`${id}-manage`}
          onClick={() => setManaging(!managing)}
        >
          {t('options_account_manage')}
        </button>
        <button type="button" class="button button--danger-quiet" onClick={() => setConfirming(true)}>
          {t('options_remove_account')}
        </button>
      </div>
      <div id={`${id}-manage`} hidden={!managing}>
        {managing && (
          <>
            <RenameAccountForm account={account} />
            <ApiKeyForm account={account} />
            {facts.keyInfo && <ImportLabels account={account} />}
          </>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title={t('options_remove_title', account.name)}
          confirmLabel={t('options_remove_account')}
          onConfirm={remove}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('options_remove_consequence')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { activityOf, type HistoryEvent } from '@/utils/history';
import { t } from '@/utils/i18n';
import { AccountOptions, ALL_ACCOUNTS as ALL } from '@/components/AccountOptions';
import { maskToken } from '@/utils/mask';
import type { ActivityRow, ExportFormat } from '@/utils/export';
import { keyInfoItem, readHistory, watchHistory, type Account, type AccountId } from '@/utils/storage';
import { formatDateTime } from '@/utils/ui/dates';
import { useStoredItems } from '@/components/hooks/useStoredItems';
import { useAnnounce } from '@/components/Announcer';
import { ErrorNotice } from '@/components/ErrorNotice';
import './guard.css';

/** Deletions shown at first, and added by each "Show more": the log itself may hold thousands. */
export const ACTIVITY_ROWS = 200;

interface Row extends ActivityRow {
  accountId: AccountId;
}

/**
 * Every account's history (the events of its saved key), read once and then followed: a deletion
 * done anywhere (the popup, a bulk delete, a policy run) shows here as it is recorded.
 */
function useHistories(accounts: readonly Account[]): Map<AccountId, readonly HistoryEvent[]> | undefined {
  const keyItems = useMemo(() => accounts.map((account) => keyInfoItem(account.id)), [accounts]);
  const keyReads = useStoredItems(keyItems);
  const bindings = keyReads
    ? accounts.map((account, index) => {
        const read = keyReads[index];
        return { account: account.id, keyId: read?.state === 'ok' ? read.value.keyId : undefined };
      })
    : undefined;
  const signature = bindings?.map((entry) => `${entry.account}|${entry.keyId ?? ''}`).join('\n');
  const [found, setFound] = useState<{ signature: string; histories: Map<AccountId, readonly HistoryEvent[]> }>();

  useEffect(() => {
    if (signature === undefined || !bindings) return;
    let active = true;
    const histories = new Map<AccountId, readonly HistoryEvent[]>();
    const changed = new Set<AccountId>();
    let read = false;
    const publish = () => {
      if (active && read) setFound({ signature, histories: new Map(histories) });
    };
    const unwatch = bindings.map(({ account, keyId }) =>
      keyId === undefined
        ? () => undefined
        : watchHistory(account, keyId, (history) => {
            // A change seen before the first read answers is newer than that answer.
            changed.add(account);
            histories.set(account, history?.events ?? []);
            publish();
          }),
    );
    void Promise.all(
      bindings.map(async ({ account, keyId }) => {
        const history = keyId === undefined ? null : await readHistory(account, keyId);
        if (!changed.has(account)) histories.set(account, history?.events ?? []);
      }),
    ).then(() => {
      read = true;
      publish();
    });
    return () => {
      active = false;
      for (const stop of unwatch) stop();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `signature` stands for `bindings`
  }, [signature]);

  return found && found.signature === signature ? found.histories : undefined;
}

/**
 * "Activity" (issue 14): every deletion done here, in every account or one, newest first: when,
 * which token (masked), its label, the account, and who deleted it (the person or the lifetime
 * policy). Shown a few hundred at a time, exported whole (masked) as CSV or JSON.
 */
export function ActivityLog({ accounts }: { accounts: readonly Account[] }) {
  const id = useId();
  const histories = useHistories(accounts);
  const [filter, setFilter] = useState<AccountId>(ALL);
  const [shown, setShown] = useState(ACTIVITY_ROWS);
  const [exportFailed, setExportFailed] = useState(false);
  const announce = useAnnounce();
  const selected = accounts.some((account) => account.id === filter) ? filter : ALL;

  const rows = useMemo(() => {
    if (!histories) return undefined;
    const all: Row[] = [];
    for (const account of accounts) {
      if (selected !== ALL && account.id !== selected) continue;
      for (const entry of activityOf(histories.get(account.id) ?? []))
        all.push({
          at: entry.at,
          token: entry.token,
          ...(entry.label === undefined ? {} : { label: entry.label }),
          account: account.name,
          accountId: account.id,
          by: entry.by,
        });
    }
    // Each account's entries are newest first already; a stable sort keeps their order on ties.
    return all.sort((a, b) => b.at - a.at);
  }, [histories, accounts, selected]);

  const exportAs = async (format: ExportFormat) => {
    if (!rows) return;
    setExportFailed(false);
    try {
      // Loaded when asked for, as the popup's export is: papaparse is not needed to show the page.
      const { buildActivityExport, saveFile } = await import('@/utils/export');
      const file = buildActivityExport(rows, format, selected === ALL ? 'all' : selected, Date.now());
      saveFile(file);
      announce(t('options_activity_exported', [rows.length, file.name]));
    } catch {
      setExportFailed(true);
    }
  };

  const onFilter = (event: Event) => {
    setFilter((event.currentTarget as HTMLSelectElement).value);
    setShown(ACTIVITY_ROWS);
  };

  return (
    <section class="activity" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} class="section-title">
        {t('options_activity_heading')}
      </h2>
      <p>{t('options_activity_intro')}</p>
      <div class="field">
        <label for={`${id}-account`} class="label">
          {t('options_activity_account')}
        </label>
        <select id={`${id}-account`} class="input" value={selected} onChange={onFilter}>
          <AccountOptions accounts={accounts} allLabel={t('options_activity_all_accounts')} />
        </select>
      </div>
      {!rows && <p role="status">{t('ui_loading')}</p>}
      {rows && rows.length === 0 && <p class="muted">{t('options_activity_empty')}</p>}
      {rows && rows.length > 0 && (
        <>
          <p class="muted" id={`${id}-count`}>
            {t('options_activity_showing', [Math.min(shown, rows.length), rows.length])}
          </p>
          <div class="guard-table__scroll">
            <table class="guard-table" aria-describedby={`${id}-count`}>
              <caption class="visually-hidden">{t('options_activity_heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('options_activity_col_time')}</th>
                  <th scope="col">{t('options_guard_col_token')}</th>
                  <th scope="col">{t('options_guard_col_label')}</th>
                  <th scope="col">{t('options_activity_col_account')}</th>
                  <th scope="col">{t('options_activity_col_by')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, shown).map((row) => (
                  <tr key={`${row.accountId}|${row.token}|${row.at}`}>
                    <td>{formatDateTime(row.at)}</td>
                    <td class="mono">{maskToken(row.token)}</td>
                    <td>{row.label ?? ''}</td>
                    <td>{row.account}</td>
                    <td>{t(row.by === 'policy' ? 'activity_by_policy' : 'activity_by_you')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            {rows.length > shown && (
              <button type="button" class="button" onClick={() => setShown(shown + ACTIVITY_ROWS)}>
                {t('options_guard_show_more', Math.min(ACTIVITY_ROWS, rows.length - shown))}
              </button>
            )}
            <button type="button" class="button" onClick={() => void exportAs('csv')}>
              {t('options_activity_export_csv')}
            </button>
            <button type="button" class="button" onClick={() => void exportAs('json')}>
              {t('options_activity_export_json')}
            </button>
          </div>
          <p class="muted field__hint">{t('options_activity_export_note')}</p>
        </>
      )}
      {exportFailed && <ErrorNotice message={t('popup_export_failed')} />}
    </section>
  );
}

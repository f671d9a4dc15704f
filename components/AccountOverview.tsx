import { Suspense } from 'preact/compat';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import {
  firstScreenItem,
  isActive,
  readExpiryIndex,
  readTokenCache,
  snapshotItem,
  type Account,
  type AccountId,
  type KeyInfo,
} from '@/utils/storage';
import { isNeverExpiring } from '@/utils/token-rules';
import { isStale, preloadedAccountView, type CachedView } from '@/utils/ui/cached-list';
import { environmentLabel } from '@/utils/ui/environment';
import { accountCounts } from '@/utils/ui/first-screen';
import { useBulkDelete } from '@/components/hooks/useBulkDelete';
import { useNow } from '@/components/hooks/useNow';
import { useStoredItem, valueOf } from '@/components/hooks/useStoredItem';
import { BulkDeleteProgress } from '@/components/BulkDeleteProgress';
import { LazyBulkDeleteDialog } from '@/components/lazy';

export interface AccountOverviewProps {
  accounts: Account[];
  /** Each account's saved key (masked), null when none. */
  keys: Record<AccountId, KeyInfo | null>;
  /** How many new never-expiring tokens each account's alert holds (issue 14); undefined until read. */
  alerts?: Record<AccountId, number>;
  soonHours: number;
  /** What the popup's preload read, painted until the stored items are read. */
  preloaded?: CachedView;
  /** Shows an account's token list. */
  onShow: (account: AccountId) => void;
}

/** How many accounts the overview refreshes at once: each listing is a few requests of its own account. */
const REFRESH_CONCURRENCY = 2;

/** Runs at most `limit` of the given tasks at once, in the order they are asked for. */
function taskQueue(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T,>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

type Queue = ReturnType<typeof taskQueue>;

interface Confirming {
  account: Account;
  keyId: string;
  tokens: string[];
}

/**
 * The popup's first screen when there are several accounts: one row per account with its counts,
 * its list one step away, and a bulk delete of its never-expiring tokens. An account that fails
 * shows why in its own row; the others keep their counts.
 */
export function AccountOverview({ accounts, keys, alerts, soonHours, preloaded, onShow }: AccountOverviewProps) {
  const titleId = useId();
  const now = useNow(30_000);
  const queue = useMemo(() => taskQueue(REFRESH_CONCURRENCY), []);
  const [confirming, setConfirming] = useState<Confirming>();
  const [startedIn, setStartedIn] = useState<AccountId>();
  const [preparing, setPreparing] = useState<AccountId>();
  const [prepareErrors, setPrepareErrors] = useState<Record<AccountId, ReplyError | undefined>>({});
  const showButtons = useRef(new Map<AccountId, HTMLButtonElement>());

  /** Reads the account's cached list (listing it first when none is cached) and asks to confirm. */
  const askBulkDelete = async (account: Account, keyId: string) => {
    setPreparing(account.id);
    setPrepareErrors((errors) => ({ ...errors, [account.id]: undefined }));
    try {
      let cache = await readTokenCache(account.id, keyId);
      if (!cache) {
        const reply = await sendRequest('refreshList', { account: account.id });
        if (!reply.ok) {
          setPrepareErrors((errors) => ({ ...errors, [account.id]: reply.error }));
          return;
        }
        cache = await readTokenCache(account.id, keyId);
      }
      const tokens = (cache?.tokens ?? []).filter(isNeverExpiring).map((token) => token.token);
      if (tokens.length > 0) setConfirming({ account, keyId, tokens });
    } finally {
      setPreparing(undefined);
    }
  };

  return (
    <section class="overview" aria-labelledby={titleId}>
      <h2 id={titleId} class="overview__title">
        {t('popup_overview_title')}
      </h2>
      {accounts.map((account) => (
        <OverviewBulkProgress
          key={account.id}
          account={account}
          keyId={keys[account.id]?.keyId}
          takeFocus={startedIn === account.id}
          onDismissed={() => showButtons.current.get(account.id)?.focus()}
        />
      ))}
      <div class="overview__scroll">
        <table class="overview__table" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">{t('popup_overview_account')}</th>
              <th scope="col">{t('popup_overview_never')}</th>
              <th scope="col">{t('popup_overview_soon', soonHours)}</th>
              <th scope="col">{t('popup_overview_total')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('popup_overview_actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => {
              const keyInfo = keys[account.id] ?? null;
              return (
                <AccountRow
                  key={`${account.id}|${keyInfo?.keyId ?? ''}`}
                  account={account}
                  keyInfo={keyInfo}
                  newCount={alerts?.[account.id] ?? 0}
                  soonHours={soonHours}
                  nowMs={now}
                  preloaded={preloaded}
                  queue={queue}
                  preparing={preparing === account.id}
                  prepareError={prepareErrors[account.id]}
                  showButton={(button) => {
                    if (button) showButtons.current.set(account.id, button);
                    else showButtons.current.delete(account.id);
                  }}
                  onShow={() => onShow(account.id)}
                  onBulkDelete={keyInfo ? () => void askBulkDelete(account, keyInfo.keyId) : undefined}
                />
              );
            })}
          </tbody>
        </table>
      </div>
      <Suspense fallback={null}>
        {confirming && (
          <LazyBulkDeleteDialog
            count={confirming.tokens.length}
            accountName={confirming.account.name}
            onCancel={() => setConfirming(undefined)}
            onConfirm={async () => {
              const reply = await sendRequest('startBulkDelete', {
                account: confirming.account.id,
                tokens: confirming.tokens,
              });
              if (!reply.ok) return reply.error;
              setStartedIn(confirming.account.id);
              setConfirming(undefined);
              return undefined;
            }}
          />
        )}
      </Suspense>
    </section>
  );
}

/** One account's bulk delete, while it runs and until its report is dismissed. */
function OverviewBulkProgress({
  account,
  keyId,
  takeFocus,
  onDismissed,
}: {
  account: Account;
  /** The account's saved key: failed tokens are retried only with the key that tried them. */
  keyId: string | undefined;
  takeFocus: boolean;
  onDismissed: () => void;
}) {
  const bulk = useBulkDelete(account.id);
  if (!bulk.job && !bulk.broken) return null;
  return (
    <BulkDeleteProgress
      job={bulk.job}
      accountName={account.name}
      takeFocus={takeFocus}
      {...(bulk.job && bulk.job.keyId === keyId && bulk.job.failed.length > 0
        ? { onRetryFailed: bulk.retryFailed }
        : {})}
      onCancel={bulk.cancel}
      onDismiss={async () => {
        const error = await bulk.dismiss();
        if (!error) onDismissed();
        return error;
      }}
    />
  );
}

interface AccountRowProps {
  account: Account;
  keyInfo: KeyInfo | null;
  /** New never-expiring tokens the badge calls attention to: "Show tokens" opens on them. */
  newCount: number;
  soonHours: number;
  nowMs: number;
  preloaded?: CachedView;
  queue: Queue;
  /** Its cached list is being read (or listed) for a bulk delete. */
  preparing: boolean;
  prepareError?: ReplyError;
  showButton: (button: HTMLButtonElement | null) => void;
  onShow: () => void;
  /** Absent when the account has no key. */
  onBulkDelete?: () => void;
}

function AccountRow(props: AccountRowProps) {
  const { account, keyInfo, soonHours, nowMs } = props;
  const keyId = keyInfo?.keyId;
  const early = keyId ? preloadedAccountView(props.preloaded, account.id, keyId) : undefined;
  const screenRead = useStoredItem(firstScreenItem(account.id));
  const snapshotRead = useStoredItem(snapshotItem(account.id));
  const bound = <T extends { keyId: string }>(value: T | null | undefined) =>
    value && value.keyId === keyId ? value : null;
  // Until the stored items are read, what the preload read (undefined: not known yet).
  const screen = screenRead ? bound(valueOf(screenRead)) : early?.firstScreen;
  const snapshot = snapshotRead ? bound(valueOf(snapshotRead)) : early?.snapshot;
  const [expiries, setExpiries] = useState<{ fetchedAt: number; expiries: readonly number[] }>();
  const [refreshing, setRefreshing] = useState(false);
  // With the list it failed to replace: a newer list (the badge's next refresh, say) outdates it.
  const [refreshError, setRefreshError] = useState<{ error: ReplyError; over: number | undefined }>();
  const bulk = useBulkDelete(account.id);

  // The first screen keeps only the earliest expiry times: with many tokens expiring soon, the
  // counts come from the key's full expiry index instead.
  const fromScreen = screen ? accountCounts(screen, nowMs, soonHours) : undefined;
  const needsIndex = screen !== null && screen !== undefined && fromScreen === undefined;
  const screenFetchedAt = screen?.fetchedAt;
  useEffect(() => {
    if (!needsIndex || !keyId || screenFetchedAt === undefined) return;
    let active = true;
    void readExpiryIndex(account.id, keyId).then((found) => {
      if (active && found) setExpiries({ fetchedAt: screenFetchedAt, expiries: found });
    });
    return () => {
      active = false;
    };
  }, [needsIndex, account.id, keyId, screenFetchedAt]);
  const counts =
    fromScreen ??
    (screen && expiries?.fetchedAt === screen.fetchedAt
      ? accountCounts(screen, nowMs, soonHours, expiries.expiries)
      : undefined);

  // Decided once, on open, as the list does: an account without a cached list, a list over a
  // minute old or a failed last check is listed again (a few at a time).
  const known = screen !== undefined && snapshot !== undefined;
  const lastCheckFailed = snapshot?.lastError !== undefined;
  const { queue } = props;
  useEffect(() => {
    if (!known || !keyId) return;
    if (screen && !lastCheckFailed && !isStale(screen.fetchedAt, Date.now())) return;
    let active = true;
    setRefreshing(true);
    const over = screen?.fetchedAt;
    void queue(() => sendRequest('refreshList', { account: account.id })).then((reply) => {
      if (!active) return;
      setRefreshing(false);
      setRefreshError(reply.ok ? undefined : { error: reply.error, over });
    });
    return () => {
      active = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- decided once, when the row's state is first known
  }, [known, keyId]);

  const listError = refreshError && refreshError.over === screen?.fetchedAt ? refreshError.error : undefined;
  const error = keyInfo ? (props.prepareError ?? listError ?? snapshot?.lastError) : undefined;
  const never = counts?.neverExpiring ?? snapshot?.neverExpiring;
  const count = (value: number | undefined) => (value === undefined ? '–' : String(value));
  const running = isActive(bulk.job);

  return (
    <tr class={error ? 'overview__row overview__row--error' : 'overview__row'} aria-busy={refreshing || undefined}>
      <th scope="row" class="overview__name">
        <span class="overview__account">{account.name}</span>{' '}
        <span class="env-badge">{environmentLabel(account.environment)}</span>
        {props.newCount > 0 && (
          <>
            {' '}
            <span class="tag tag--new">
              {props.newCount === 1 ? t('popup_overview_new_one') : t('popup_overview_new_other', props.newCount)}
            </span>
          </>
        )}
      </th>
      {!keyInfo ? (
        <td colSpan={3} class="muted">
          {t('popup_overview_no_key')}
        </td>
      ) : error ? (
        <td colSpan={3} class="overview__error">
          {error.message}
        </td>
      ) : (
        <>
          <td class={never !== undefined && never > 0 ? 'overview__count overview__count--alert' : 'overview__count'}>
            {count(never)}
          </td>
          <td class="overview__count">{count(counts?.expiringSoon)}</td>
          <td class="overview__count">{count(counts?.total)}</td>
        </>
      )}
      <td class="overview__actions-cell">
        <div class="overview__actions">
          <button
            type="button"
            class="button button--small"
            ref={props.showButton}
            aria-label={t('popup_overview_show_label', account.name)}
            disabled={!keyInfo}
            onClick={props.onShow}
          >
            {t('popup_overview_show')}
          </button>
          {props.onBulkDelete && (
            <button
              type="button"
              class="button button--small button--danger"
              aria-label={t('popup_overview_delete_label', [never ?? 0, account.name])}
              disabled={!never || running || props.preparing}
              onClick={props.onBulkDelete}
            >
              {t('popup_overview_delete')}
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

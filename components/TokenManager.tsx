import { Suspense } from 'preact/compat';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import { isActive, listProgressItem, type AccountId } from '@/utils/storage';
import { maskToken } from '@/utils/mask';
import { useAnnounce } from '@/components/Announcer';
import { useBulkDelete } from '@/components/hooks/useBulkDelete';
import { useNow } from '@/components/hooks/useNow';
import { usePopupNavigation } from '@/components/hooks/usePopupNavigation';
import { useStoredItem, valueOf } from '@/components/hooks/useStoredItem';
import { useTokenList } from '@/components/hooks/useTokenList';
import { useTokenQuery } from '@/components/hooks/useTokenQuery';
import { useTokenNotes } from '@/components/hooks/useTokenNotes';
import { isLive } from '@/utils/token-rules';
import type { TokenFilter } from '@/utils/ui/token-list';
import { ListView } from '@/components/ListView';
import {
  LazyBulkDeleteDialog,
  LazyBulkDeleteProgress,
  LazyDeleteTokenDialog,
  LazyExportDialog,
  LazyPopupViews,
  preloadLaterViews,
} from '@/components/lazy';
import { SummaryBar } from '@/components/SummaryBar';

export interface TokenManagerProps {
  account: AccountId;
  /** The account's api.video environment (its label, the code snippets' host). */
  environment: Environment;
  /** The person's name for the account (bulk delete progress, exports). */
  accountName: string;
  /** The saved key whose tokens are shown. */
  keyId: string;
  soonHours: number;
  /** The background's last check of this account failed: refresh on open whatever the cache's age. */
  lastCheckFailed?: boolean;
  /** The filter the list opens with: 'new' when it opens on the new tokens the badge called attention to. */
  initialFilter?: TokenFilter;
}

/** The popup once a key is saved: summary, list, and the views and dialogs that act on tokens. */
export function TokenManager({
  account,
  environment,
  accountName,
  keyId,
  soonHours,
  lastCheckFailed = false,
  initialFilter = 'all',
}: TokenManagerProps) {
  const list = useTokenList(account, keyId, lastCheckFailed);
  const bulk = useBulkDelete(account);
  const storedProgress = valueOf(useStoredItem(listProgressItem(account)));
  const progress = storedProgress?.keyId === keyId ? storedProgress : undefined;
  const now = useNow(30_000);
  const announce = useAnnounce();
  const notes = useTokenNotes(account, keyId, list.fetchedAt);
  const query = useTokenQuery(list.tokens, now, soonHours, {
    labels: notes.labels,
    newTokens: notes.newTokens,
    newKnown: notes.newKnown,
    firstScreen: list.firstScreen,
    initialFilter,
  });
  const { shown, summary, neverExpiring } = query;
  const nav = usePopupNavigation();
  const { view, setView, listHandle } = nav;
  const [deleting, setDeleting] = useState<{ token: UploadToken; index: number }>();
  const [confirmingBulk, setConfirmingBulk] = useState(false);
  const [bulkStartedHere, setBulkStartedHere] = useState(false);
  const [exporting, setExporting] = useState(false);

  // Tokens the bulk delete has removed leave the list as it goes.
  const { removeTokens } = list;
  useEffect(() => {
    if (bulk.job?.keyId === keyId) removeTokens(new Set([...bulk.job.deleted, ...bulk.job.alreadyGone]));
  }, [bulk.job, keyId, removeTokens]);

  // Effects run after the first paint: the views and dialogs are fetched then, not before.
  useEffect(preloadLaterViews, []);

  const askDelete = useCallback((token: UploadToken, index: number) => setDeleting({ token, index }), []);

  const onDeleted = (token: UploadToken, result: 'deleted' | 'already-gone') => {
    const index = deleting?.index ?? 0;
    list.removeTokens(new Set([token.token]));
    setDeleting(undefined);
    announce(t(result === 'deleted' ? 'popup_deleted' : 'popup_already_gone', maskToken(token.token)));
    // The row that takes the deleted one's place gets the focus (or the list, when it is empty).
    nav.focusRow(index);
  };

  const job = bulk.job;
  const jobRunning = isActive(job);

  return (
    <>
      <SummaryBar
        summary={query.ready ? summary : undefined}
        environment={environment}
        soonHours={soonHours}
        checkedAt={list.fetchedAt}
        nowMs={now}
        refreshing={list.refreshing}
        onRefresh={() => void list.refresh()}
      />
      {(job || bulk.broken) && (
        <Suspense fallback={null}>
          <LazyBulkDeleteProgress
            job={job}
            accountName={accountName}
            takeFocus={bulkStartedHere}
            {...(job?.keyId === keyId && job.failed.length > 0 ? { onRetryFailed: bulk.retryFailed } : {})}
            onCancel={bulk.cancel}
            onDismiss={async () => {
              const error = await bulk.dismiss();
              if (!error) listHandle.current?.focusRow(0);
              return error;
            }}
          />
        </Suspense>
      )}
      <ListView
        account={account}
        list={list}
        query={query}
        nowMs={now}
        soonHours={soonHours}
        progress={progress}
        onBulkDelete={jobRunning ? undefined : () => setConfirmingBulk(true)}
        onCreate={() => setView({ name: 'create' })}
        onLookup={() => setView({ name: 'lookup' })}
        onExport={() => setExporting(true)}
        labels={notes.labels}
        newTokens={notes.newTokens}
        keptTokens={notes.kept}
        onOpen={nav.openToken}
        onDelete={askDelete}
        listHandle={listHandle}
        createButton={nav.createButton}
        lookupButton={nav.lookupButton}
        hidden={view.name !== 'list'}
      />
      {/* Loading a lazy view or dialog takes a few milliseconds: nothing in its place meanwhile. A
          boundary each, so one loading never hides another already shown. */}
      <Suspense fallback={null}>
        <LazyPopupViews
          view={view}
          notes={notes}
          account={account}
          environment={environment}
          onView={setView}
          onBack={nav.backToList}
          onCreated={list.addToken}
          onDelete={(token) =>
            setDeleting({
              token,
              index: Math.max(
                0,
                shown.findIndex((item) => item.token === token.token),
              ),
            })
          }
          focusCreate={nav.focusCreate}
          focusLookup={nav.focusLookup}
        />
      </Suspense>
      <Suspense fallback={null}>
        {deleting && (
          <LazyDeleteTokenDialog
            token={deleting.token}
            account={account}
            onDeleted={onDeleted}
            onCancel={() => setDeleting(undefined)}
          />
        )}
      </Suspense>
      <Suspense fallback={null}>
        {/* Asked for while only the first screen is in: it opens once the full list is in. */}
        {exporting && query.complete && (
          <LazyExportDialog
            environment={environment}
            account={{ id: account, name: accountName }}
            shown={shown}
            all={(list.tokens ?? []).filter((token) => isLive(token, now))}
            labels={notes.labels}
            history={notes.history}
            onClose={() => setExporting(false)}
          />
        )}
      </Suspense>
      <Suspense fallback={null}>
        {/* Asked for while only the first screen is in: it opens once the full list says which tokens. */}
        {confirmingBulk && query.complete && (
          <LazyBulkDeleteDialog
            count={neverExpiring.length}
            onCancel={() => setConfirmingBulk(false)}
            onConfirm={async () => {
              const error = await bulk.start(neverExpiring);
              if (!error) {
                setBulkStartedHere(true);
                setConfirmingBulk(false);
              }
              return error;
            }}
          />
        )}
      </Suspense>
    </>
  );
}

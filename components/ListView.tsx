import type { Ref } from 'preact';
import { t } from '@/utils/i18n';
import type { UploadToken } from '@/utils/apivideo/types';
import type { TokenListState } from '@/components/hooks/useTokenList';
import type { TokenQueryState } from '@/components/hooks/useTokenQuery';
import type { AccountId, StoredListProgress } from '@/utils/storage';
import { emptyListMessage } from '@/utils/ui/empty-message';
import { errorAction } from '@/utils/ui/error-action';
import { openOptionsPage } from '@/utils/ui/open-options';
import { ErrorNotice } from '@/components/ErrorNotice';
import { RefreshProgress } from '@/components/RefreshProgress';
import { TokenFilters } from '@/components/TokenFilters';
import { TokenList, type TokenListHandle } from '@/components/TokenList';
import type { Labels } from '@/utils/labels';

export interface ListViewProps {
  account: AccountId;
  /** The key's token list as useTokenList keeps it (tokens undefined until the first list arrives). */
  list: TokenListState;
  /** Filter, sort and search as useTokenQuery keeps them, with the tokens they select. */
  query: TokenQueryState;
  nowMs: number;
  soonHours: number;
  progress?: StoredListProgress;
  /** Offered when some tokens never expire and no bulk delete is running. */
  onBulkDelete?: () => void;
  onCreate: () => void;
  onLookup: () => void;
  /** Opens the export dialog (offered once there is a list). */
  onExport: () => void;
  /** The person's labels, shown on the rows. */
  labels: Labels;
  /** Tokens first seen since the popup last showed the list, tagged on their rows. */
  newTokens: ReadonlySet<string>;
  /** Tokens marked "Keep" (the lifetime policy leaves them alone), tagged on their rows. */
  keptTokens?: ReadonlySet<string>;
  onOpen: (token: UploadToken, index: number) => void;
  onDelete: (token: UploadToken, index: number) => void;
  listHandle: Ref<TokenListHandle>;
  createButton: Ref<HTMLButtonElement>;
  lookupButton: Ref<HTMLButtonElement>;
  hidden: boolean;
}

/** The main screen: actions, refresh state, filters and the windowed list. */
export function ListView(props: ListViewProps) {
  const { list, query, soonHours, progress } = props;
  const { refreshError } = list;
  const { shown, summary, filter, sort, search } = query;
  const showProgress = list.refreshing && progress && progress.account === props.account && progress.pagesTotal > 1;
  return (
    <div class="list-view" hidden={props.hidden}>
      <div class="toolbar">
        <button type="button" class="button button--primary" ref={props.createButton} onClick={props.onCreate}>
          {t('popup_new_token')}
        </button>
        <button type="button" class="button" ref={props.lookupButton} onClick={props.onLookup}>
          {t('popup_lookup_open')}
        </button>
        {query.ready && (
          <button type="button" class="button" onClick={props.onExport}>
            {t('popup_export_open')}
          </button>
        )}
      </div>
      {props.onBulkDelete && summary.neverExpiring > 0 && (
        <button type="button" class="button button--danger button--wide" onClick={props.onBulkDelete}>
          {t('popup_bulk_open', summary.neverExpiring)}
        </button>
      )}
      {showProgress && <RefreshProgress progress={progress} />}
      {refreshError && (
        <ErrorNotice
          message={query.ready ? t('popup_refresh_failed_cached', refreshError.message) : refreshError.message}
          {...(errorAction(refreshError.kind) === 'open-settings'
            ? { onRetry: () => void openOptionsPage(), retryLabel: t('popup_settings') }
            : { onRetry: () => void list.refresh() })}
        />
      )}
      {!query.ready ? (
        !refreshError && (
          <p class="muted" role="status">
            {t('popup_loading_list')}
          </p>
        )
      ) : (
        <>
          <TokenFilters
            filter={filter}
            sort={sort}
            search={search}
            summary={summary}
            newCount={query.newCount}
            soonHours={soonHours}
            onFilter={query.setFilter}
            onSort={query.setSort}
            onSearch={query.setSearch}
          />
          <p class="muted visually-hidden" role="status">
            {query.waiting ? t('popup_loading_list') : t('popup_showing', [query.shownTotal, summary.total])}
          </p>
          <TokenList
            tokens={shown}
            total={query.shownTotal}
            busy={!query.complete}
            nowMs={props.nowMs}
            soonHours={soonHours}
            labels={props.labels}
            newTokens={props.newTokens}
            keptTokens={props.keptTokens}
            label={t('popup_list_label')}
            emptyMessage={
              query.waiting ? t('popup_loading_list') : emptyListMessage(summary.total, filter, search, soonHours)
            }
            resetKey={`${filter}|${sort}|${search}`}
            onOpen={props.onOpen}
            onDelete={props.onDelete}
            handle={props.listHandle}
          />
        </>
      )}
    </div>
  );
}

import { useId } from 'preact/hooks';
import { t } from '@/utils/i18n';
import type { MessageKey } from '@/utils/i18n';
import { LIST_SORTS, TOKEN_FILTERS, type ListSort, type TokenFilter, type TokenSummary } from '@/utils/ui/token-list';

export interface TokenFiltersProps {
  filter: TokenFilter;
  sort: ListSort;
  search: string;
  summary: TokenSummary;
  /** Tokens first seen since the popup last showed the list. */
  newCount: number;
  soonHours: number;
  onFilter: (filter: TokenFilter) => void;
  onSort: (sort: ListSort) => void;
  onSearch: (search: string) => void;
}

const SORT_LABELS: Record<ListSort, MessageKey> = {
  'created-desc': 'popup_sort_created_desc',
  'created-asc': 'popup_sort_created_asc',
  'ttl-asc': 'popup_sort_ttl_asc',
  'ttl-desc': 'popup_sort_ttl_desc',
  label: 'popup_sort_label_asc',
};

function filterLabel(filter: TokenFilter, summary: TokenSummary, newCount: number): string {
  switch (filter) {
    case 'all':
      return t('popup_filter_all', summary.total);
    case 'never':
      return t('popup_filter_never', summary.neverExpiring);
    case 'soon':
      return t('popup_filter_soon', summary.expiringSoon);
    case 'new':
      return t('popup_filter_new', newCount);
  }
}

/** Which tokens to show (All / Never expires / Expiring soon), in what order, matching what text. */
export function TokenFilters(props: TokenFiltersProps) {
  const { filter, sort, search, summary, newCount, soonHours, onFilter, onSort, onSearch } = props;
  const searchId = useId();
  const sortId = useId();
  return (
    <div class="filters">
      <fieldset class="segmented">
        <legend class="visually-hidden">{t('popup_filter_legend')}</legend>
        {TOKEN_FILTERS.map((option) => (
          <label
            key={option}
            class="segmented__option"
            title={
              option === 'soon'
                ? t('popup_filter_soon_title', soonHours)
                : option === 'new'
                  ? t('popup_filter_new_title')
                  : undefined
            }
          >
            <input
              type="radio"
              name="token-filter"
              value={option}
              checked={filter === option}
              onChange={() => onFilter(option)}
            />
            <span>{filterLabel(option, summary, newCount)}</span>
          </label>
        ))}
      </fieldset>
      <div class="filters__row">
        <div class="filters__search">
          <label for={searchId} class="visually-hidden">
            {t('popup_search_label')}
          </label>
          <input
            id={searchId}
            class="input"
            type="search"
            value={search}
            placeholder={t('popup_search_placeholder')}
            autocomplete="off"
            spellcheck={false}
            onInput={(event) => onSearch(event.currentTarget.value)}
          />
        </div>
        <div class="filters__sort">
          <label for={sortId} class="visually-hidden">
            {t('popup_sort_label')}
          </label>
          <select
            id={sortId}
            class="input"
            value={sort}
            onChange={(event) => onSort(event.currentTarget.value as ListSort)}
          >
            {LIST_SORTS.map((option) => (
              <option key={option} value={option}>
                {t(SORT_LABELS[option])}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );
}

import { t } from '@/utils/i18n';
import type { TokenFilter } from '@/utils/ui/token-list';

/** What an empty list means, so "nothing here" never reads like an error. */
export function emptyListMessage(totalTokens: number, filter: TokenFilter, search: string, soonHours: number): string {
  if (totalTokens === 0) return t('popup_empty_none');
  if (search.trim() !== '') return t('popup_empty_search', search.trim());
  if (filter === 'never') return t('popup_empty_never');
  if (filter === 'soon') return t('popup_empty_soon', soonHours);
  if (filter === 'new') return t('popup_empty_new');
  return t('popup_empty_none');
}

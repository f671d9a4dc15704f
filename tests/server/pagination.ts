// api.video's list envelope: one page of items plus the pagination object and its links.
import type { Pagination, SortBy, SortOrder } from '@/utils/apivideo/types';

export interface PageRequest {
  currentPage: number;
  pageSize: number;
  sortBy?: SortBy;
  sortOrder?: SortOrder;
}

/**
 * @param path the list's path, e.g. '/upload-tokens'
 * @param origin '' for relative link uris (api.video's usual), or 'https://ws.api.video' for absolute ones
 */
export function paginate<T>(
  items: readonly T[] | ((start: number, end: number) => { items: T[]; total: number }),
  page: PageRequest,
  path: string,
  origin = '',
): { data: T[]; pagination: Pagination } {
  const { currentPage, pageSize } = page;
  const start = (currentPage - 1) * pageSize;
  // A function gives just the page (large lists format only what is sent).
  const { items: data, total } =
    typeof items === 'function'
      ? items(start, start + pageSize)
      : { items: items.slice(start, start + pageSize), total: items.length };
  // An empty list still has one (empty) page, so first/last always point somewhere real.
  const pagesTotal = Math.max(1, Math.ceil(total / pageSize));
  const uri = (pageNumber: number) => {
    const query = new URLSearchParams({ currentPage: String(pageNumber), pageSize: String(pageSize) });
    // Keep the caller's ordering in every link, so following `next` never reshuffles.
    if (page.sortBy) query.set('sortBy', page.sortBy);
    if (page.sortOrder) query.set('sortOrder', page.sortOrder);
    return `${origin}${path}?${query.toString()}`;
  };
  const links: Pagination['links'] = [
    { rel: 'self', uri: uri(currentPage) },
    { rel: 'first', uri: uri(1) },
  ];
  // Past the end, `previous` leads back to the last page that exists.
  if (currentPage > 1) links.push({ rel: 'previous', uri: uri(Math.min(currentPage - 1, pagesTotal)) });
  if (currentPage < pagesTotal) links.push({ rel: 'next', uri: uri(currentPage + 1) });
  links.push({ rel: 'last', uri: uri(pagesTotal) });
  return {
    data,
    pagination: { currentPage, pageSize, pagesTotal, itemsTotal: total, currentPageItems: data.length, links },
  };
}

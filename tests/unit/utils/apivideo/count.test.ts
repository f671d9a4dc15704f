import { describe, expect, it } from 'vitest';
import { countNeverExpiringTokens } from '@/utils/apivideo/count';
import type { UploadToken, UploadTokenPage } from '@/utils/apivideo/types';

const token = (id: string, ttl: number): UploadToken => ({ token: id, ttl, createdAt: '2025-01-01T00:00:00+00:00' });

/** Serves `tokens` in the given order, `pageSize` per page, like a server that sorted (or did not). */
function pages(tokens: UploadToken[], pageSize = 2) {
  const served: number[] = [];
  const fetchSortedPage = async (page: number): Promise<UploadTokenPage> => {
    served.push(page);
    const data = tokens.slice((page - 1) * pageSize, page * pageSize);
    const pagesTotal = Math.max(1, Math.ceil(tokens.length / pageSize));
    return {
      data,
      pagination: {
        currentPage: page,
        pageSize,
        pagesTotal,
        itemsTotal: tokens.length,
        currentPageItems: data.length,
        links: [],
      },
    };
  };
  let scanned = false;
  const listAll = async (
    onProgress: (p: { pagesDone: number; pagesTotal: number; itemsLoaded: number; itemsTotal: number }) => void,
  ) => {
    scanned = true;
    const pagesTotal = Math.max(1, Math.ceil(tokens.length / pageSize));
    onProgress({ pagesDone: pagesTotal, pagesTotal, itemsLoaded: tokens.length, itemsTotal: tokens.length });
    return tokens;
  };
  return { deps: { fetchSortedPage, listAll }, served, scanned: () => scanned };
}

describe('countNeverExpiringTokens', () => {
  it('stops at the first page holding a ttl above 0', async () => {
    const { deps, served, scanned } = pages([
      token('a', 0),
      token('b', 0),
      token('c', 0),
      token('d', 60),
      token('e', 90),
      token('f', 99),
    ]);
    await expect(countNeverExpiringTokens(deps)).resolves.toEqual({
      neverExpiring: 3,
      total: 6,
      requests: 2,
      method: 'sorted',
    });
    expect(served).toEqual([1, 2]);
    expect(scanned()).toBe(false);
  });

  it('reads to the last page when every token never expires', async () => {
    const { deps } = pages([token('a', 0), token('b', 0), token('c', 0)]);
    await expect(countNeverExpiringTokens(deps)).resolves.toEqual({
      neverExpiring: 3,
      total: 3,
      requests: 2,
      method: 'sorted',
    });
  });

  it.each([
    ['out of order within a page', [token('a', 60), token('b', 0), token('c', 90)]],
    ['out of order on a later page', [token('a', 0), token('b', 0), token('c', 60), token('d', 0)]],
    ['a token repeated on a later page', [token('a', 0), token('b', 0), token('b', 0), token('c', 60)]],
  ])('falls back to a full scan when %s', async (_label, tokens) => {
    const { deps, scanned } = pages(tokens);
    const result = await countNeverExpiringTokens(deps);
    expect(scanned()).toBe(true);
    expect(result.method).toBe('full-scan');
    expect(result.neverExpiring).toBe(tokens.filter((t) => t.ttl === 0).length);
  });

  it('counts the requests of the sorted pass and of the full scan', async () => {
    // Page 1 looks sorted, page 2 breaks the order: 2 sorted requests, then 3 pages scanned.
    const { deps } = pages([token('a', 0), token('b', 0), token('c', 60), token('d', 0), token('e', 90)]);
    await expect(countNeverExpiringTokens(deps)).resolves.toEqual({
      neverExpiring: 3,
      total: 5,
      requests: 2 + 3,
      method: 'full-scan',
    });
  });

  it('reads an empty account claiming 300 pages in one request', async () => {
    const served: number[] = [];
    const fetchSortedPage = async (page: number): Promise<UploadTokenPage> => {
      served.push(page);
      return {
        data: [],
        pagination: {
          currentPage: page,
          pageSize: 100,
          pagesTotal: 300,
          itemsTotal: 0,
          currentPageItems: 0,
          links: [],
        },
      };
    };
    const listAll = async () => {
      throw new Error('no full scan expected');
    };
    await expect(countNeverExpiringTokens({ fetchSortedPage, listAll })).resolves.toEqual({
      neverExpiring: 0,
      total: 0,
      requests: 1,
      method: 'sorted',
    });
    expect(served).toEqual([1]);
  });

  it('never reads more pages than itemsTotal needs plus 2, whatever pagesTotal says', async () => {
    // Every page full of fresh never-expiring tokens, pagesTotal huge: only the bound stops it.
    const served: number[] = [];
    const fetchSortedPage = async (page: number): Promise<UploadTokenPage> => {
      served.push(page);
      if (served.length > 100) throw new Error('read far too many pages');
      const data = [token(`p${page}a`, 0), token(`p${page}b`, 0)];
      return {
        data,
        pagination: {
          currentPage: page,
          pageSize: 2,
          pagesTotal: 1_000_000_000,
          itemsTotal: 4,
          currentPageItems: 2,
          links: [],
        },
      };
    };
    const listAll = async () => {
      throw new Error('no full scan expected');
    };
    const result = await countNeverExpiringTokens({ fetchSortedPage, listAll });
    expect(served).toEqual([1, 2, 3, 4]);
    expect(result).toMatchObject({ requests: 4, method: 'sorted' });
  });
});

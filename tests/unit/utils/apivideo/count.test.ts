import { describe, expect, it } from 'vitest';
import { countNeverExpiringTokens, type SortedQuery } from '@/utils/apivideo/count';
import type { UploadToken, UploadTokenPage } from '@/utils/apivideo/types';

const token = (id: string, ttl: number): UploadToken => ({ token: id, ttl, createdAt: '2025-01-01T00:00:00+00:00' });

/**
 * Serves `tokens` in the given order for any currentPage and pageSize, like a server that sorted
 * (or did not), and records each query with the round it was sent in.
 */
function pages(tokens: UploadToken[], pageSize = 2) {
  const served: SortedQuery[] = [];
  const fetchSorted = async ({ currentPage, pageSize: size }: SortedQuery): Promise<UploadTokenPage> => {
    served.push({ currentPage, pageSize: size });
    const data = tokens.slice((currentPage - 1) * size, currentPage * size);
    return {
      data,
      pagination: {
        currentPage,
        pageSize: size,
        pagesTotal: Math.max(1, Math.ceil(tokens.length / size)),
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
  return { deps: { fetchSorted, listAll, pageSize }, served, scanned: () => scanned };
}

/** k never-expiring tokens then n - k with a ttl, sorted by ttl as api.video would. */
function sortedAccount(n: number, k: number): UploadToken[] {
  return Array.from({ length: n }, (_, index) => token(`t${index}`, index < k ? 0 : 60 + index));
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
      rounds: 2,
      method: 'sorted',
    });
    expect(served).toEqual([
      { currentPage: 1, pageSize: 2 },
      { currentPage: 2, pageSize: 2 },
    ]);
    expect(scanned()).toBe(false);
  });

  it('reads to the last page when every token never expires', async () => {
    const { deps } = pages([token('a', 0), token('b', 0), token('c', 0)]);
    await expect(countNeverExpiringTokens(deps)).resolves.toEqual({
      neverExpiring: 3,
      total: 3,
      requests: 2,
      rounds: 2,
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

  it('searches once more before the full scan when answers contradict each other, not when one answer is unsorted', async () => {
    // A never-expiring token at two positions: the list changed meanwhile (or pages repeat): 2 searches of 2 requests.
    const repeated = pages([token('a', 0), token('b', 0), token('b', 0), token('c', 60)]);
    await expect(countNeverExpiringTokens(repeated.deps)).resolves.toMatchObject({ requests: 2 + 2 + 2 });
    // Page 2 itself out of order: no server that sorts answers that, so no second search.
    const unsorted = pages([token('a', 0), token('b', 0), token('c', 60), token('d', 0), token('e', 90)]);
    await expect(countNeverExpiringTokens(unsorted.deps)).resolves.toEqual({
      neverExpiring: 3,
      total: 5,
      requests: 2 + 3,
      rounds: 2 + 2,
      method: 'full-scan',
    });
  });

  it('falls back to a full scan, without a second search, when the server pages by its own size', async () => {
    // 25 per page whatever was asked: positions computed from the query would be wrong.
    const tokens = sortedAccount(1000, 500);
    const { deps, scanned } = pages(tokens, 100);
    const fetchSorted = ({ currentPage }: SortedQuery) => deps.fetchSorted({ currentPage, pageSize: 25 });
    const result = await countNeverExpiringTokens({ ...deps, fetchSorted });
    expect(scanned()).toBe(true);
    expect(result).toMatchObject({ neverExpiring: 500, method: 'full-scan', requests: 1 + 10 });
  });

  it('reads an empty account claiming 300 pages in one request', async () => {
    const served: number[] = [];
    const fetchSorted = async ({ currentPage: page }: SortedQuery): Promise<UploadTokenPage> => {
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
    await expect(countNeverExpiringTokens({ fetchSorted, listAll, pageSize: 100 })).resolves.toEqual({
      neverExpiring: 0,
      total: 0,
      requests: 1,
      rounds: 1,
      method: 'sorted',
    });
    expect(served).toEqual([1]);
  });

  it('reads no position past itemsTotal, whatever pagesTotal says', async () => {
    // Every page full of fresh never-expiring tokens, pagesTotal huge: itemsTotal bounds the search.
    const served: number[] = [];
    const fetchSorted = async ({ currentPage: page }: SortedQuery): Promise<UploadTokenPage> => {
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
    const result = await countNeverExpiringTokens({ fetchSorted, listAll, pageSize: 2 });
    expect(served).toEqual([1, 2]);
    expect(result).toMatchObject({ neverExpiring: 4, requests: 2, method: 'sorted' });
  });

  // Every k of a 10,000-token account in steps, and N = 100,000: exact, within the targets, and
  // k < 200 at today's ceil((k + 1) / 100) requests while N leaves room for it.
  it.each([
    ...[0, 1, 99, 100, 101, 150, 199, 200, 201, 299, 300, 1234, 5000, 9899, 9900, 9999, 10_000].map((k) => [10_000, k]),
    ...[0, 150, 20_000, 54_321, 99_999, 100_000].map((k) => [100_000, k]),
    [38_000, 150],
    [1, 1],
    [101, 101],
    [200, 200],
  ])('of %i tokens, counts %i never expiring within 4 rounds and 40 requests', async (n, k) => {
    const { deps, scanned } = pages(sortedAccount(n, k), 100);
    const result = await countNeverExpiringTokens(deps);
    expect(result).toMatchObject({ neverExpiring: k, total: n, method: 'sorted' });
    expect(scanned()).toBe(false);
    expect(result.rounds).toBeLessThanOrEqual(4);
    expect(result.requests).toBeLessThanOrEqual(40);
    if (k < 200 && n <= 38_000)
      expect(result.requests).toBe(Math.min(Math.ceil((k + 1) / 100), Math.ceil(n / 100) || 1));
  });
});

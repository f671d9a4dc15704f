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

  /** k < 200 costs ceil((k + 1) / 100) requests, as before probes, while page 2 may go alone. */
  const PAGE_2_ALONE_UP_TO = 38_100;

  /** Counts k of n on a sorted account built page by page, and says what breaks the targets. */
  async function check(n: number, k: number): Promise<string | undefined> {
    const fetchSorted = async ({ currentPage, pageSize }: SortedQuery): Promise<UploadTokenPage> => {
      const start = (currentPage - 1) * pageSize;
      const data = Array.from({ length: Math.max(0, Math.min(pageSize, n - start)) }, (_, index) =>
        token(`t${start + index}`, start + index < k ? 0 : 60 + start + index),
      );
      const pagination = { currentPage, pageSize, pagesTotal: 1, itemsTotal: n, currentPageItems: 0, links: [] };
      return { data, pagination };
    };
    const listAll = () => Promise.reject(new Error('no full scan expected'));
    const result = await countNeverExpiringTokens({ fetchSorted, listAll, pageSize: 100 });
    const smallK = k < 100 || n <= 100 ? 1 : 2;
    if (result.neverExpiring !== k || result.method !== 'sorted') return `${n}/${k}: counted ${result.neverExpiring}`;
    if (result.rounds > 4 || result.requests > 40) return `${n}/${k}: ${result.requests} in ${result.rounds} rounds`;
    if (k < 200 && n <= PAGE_2_ALONE_UP_TO && result.requests !== smallK) return `${n}/${k}: ${result.requests}`;
    // Past that, page 2 goes with the first probes: k < 200 still answers in 2 rounds.
    if (k < 200 && result.rounds !== (k < 100 || n <= 100 ? 1 : 2)) return `${n}/${k}: ${result.rounds} rounds`;
    return undefined;
  }

  it('counts every k of a 3,000-token account exactly, within 4 rounds and 40 requests', async () => {
    const failures: string[] = [];
    for (let k = 0; k <= 3_000; k++) {
      const failure = await check(3_000, k);
      if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });

  it('counts any k of any N up to 100,000 exactly, within 4 rounds and 40 requests', async () => {
    const sizes = [
      ...Array.from({ length: 101 }, (_, index) => index * 1_000),
      ...[1, 101, 199, 200, 201, 37_000, PAGE_2_ALONE_UP_TO, PAGE_2_ALONE_UP_TO + 1, 99_999],
    ];
    let seed = 1;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const failures: string[] = [];
    for (const n of sizes) {
      const ks = [0, 1, 99, 100, 150, 199, 200, 201, n - 1, n, ...Array.from({ length: 20 }, () => random() * n)];
      for (const k of new Set(ks.map(Math.floor).filter((k) => k >= 0 && k <= n))) {
        const failure = await check(n, k);
        if (failure) failures.push(failure);
      }
    }
    expect(failures).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { ApiVideoError } from '@/utils/apivideo/errors';
import {
  dedupeByToken,
  listAllPages,
  listingRoundTrips,
  pageLimit,
  type ListProgress,
} from '@/utils/apivideo/list-all';
import type { Pagination, UploadToken, UploadTokenPage } from '@/utils/apivideo/types';

const token = (id: string, ttl = 60): UploadToken => ({ token: id, ttl, createdAt: '2025-01-01T00:00:00+00:00' });
const tokens = (count: number, prefix = 't') => Array.from({ length: count }, (_, index) => token(`${prefix}${index}`));

function pagination(fields: Partial<Pagination>): Pagination {
  return { currentPage: 1, pageSize: 100, pagesTotal: 1, itemsTotal: 0, currentPageItems: 0, links: [], ...fields };
}

/**
 * A server that serves `stored` 100 a page (or `pageSize`) and says whatever `claims` tells it
 * about the totals. Records the pages asked for.
 */
function server(stored: UploadToken[], claims: Partial<Pagination> = {}, pageSize = 100) {
  const asked: number[] = [];
  const fetchPage = async (page: number): Promise<UploadTokenPage> => {
    asked.push(page);
    if (asked.length > 100) throw new Error('read far too many pages');
    const data = stored.slice((page - 1) * pageSize, page * pageSize);
    return {
      data,
      pagination: pagination({
        currentPage: page,
        pageSize,
        pagesTotal: Math.max(1, Math.ceil(stored.length / pageSize)),
        itemsTotal: stored.length,
        currentPageItems: data.length,
        ...claims,
      }),
    };
  };
  return { fetchPage, asked };
}

describe('pageLimit', () => {
  it.each<[string, Partial<Pagination>, number]>([
    ['an honest answer', { pagesTotal: 13, itemsTotal: 1234 }, 13],
    ['an empty account claiming 300 pages', { pagesTotal: 300, itemsTotal: 0 }, 2],
    ['a huge pagesTotal', { pagesTotal: Number.MAX_SAFE_INTEGER, itemsTotal: 250 }, 3 + 2],
    ['pagesTotal 0', { pagesTotal: 0, itemsTotal: 0 }, 1],
    ['a smaller page size than asked for', { pageSize: 25, pagesTotal: 4, itemsTotal: 100 }, 4],
    ['a page size of 0', { pageSize: 0, pagesTotal: 1000, itemsTotal: 5 }, 5 + 2],
    ['a larger page size than asked for', { pageSize: 1000, pagesTotal: 1000, itemsTotal: 1000 }, 10 + 2],
  ])('trusts pagesTotal no further than itemsTotal needs, plus 2: %s', (_label, fields, limit) => {
    expect(pageLimit(pagination(fields), 100)).toBe(limit);
  });
});

describe('listAllPages', () => {
  it('reads an empty account claiming 300 pages in one request', async () => {
    const { fetchPage, asked } = server([], { pagesTotal: 300 });
    await expect(listAllPages(fetchPage)).resolves.toEqual([]);
    expect(asked).toEqual([1]);
  });

  it('never reads more than itemsTotal needs plus 2 pages, whatever pagesTotal says', async () => {
    // Fresh tokens on every page, forever: only the bound stops it.
    let served = 0;
    const asked: number[] = [];
    const fetchPage = async (page: number): Promise<UploadTokenPage> => {
      asked.push(page);
      if (asked.length > 100) throw new Error('read far too many pages');
      const data = tokens(100, `p${page}-`);
      served += data.length;
      return { data, pagination: pagination({ currentPage: page, pagesTotal: 1_000_000_000, itemsTotal: 250 }) };
    };
    const listed = await listAllPages(fetchPage);
    expect(asked.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(listed).toHaveLength(served);
  });

  it('stops at the first empty page', async () => {
    const { fetchPage, asked } = server(tokens(250), { pagesTotal: 1_000_000_000, itemsTotal: 10_000 });
    const listed = await listAllPages(fetchPage, { concurrency: 1 });
    expect(asked).toEqual([1, 2, 3, 4]);
    expect(listed).toEqual(tokens(250));
  });

  it('starts no page past an empty one, while pages already asked for still count', async () => {
    const { fetchPage, asked } = server(tokens(250), { pagesTotal: 50, itemsTotal: 5000 });
    const listed = await listAllPages(fetchPage, { concurrency: 3 });
    // Pages 2-4 go out together; page 4 is empty, so 5 and later are never asked for.
    expect(Math.max(...asked)).toBeLessThanOrEqual(6);
    expect(listed).toEqual(tokens(250));
  });

  it('reads every page of a server that uses smaller pages than asked for', async () => {
    const { fetchPage, asked } = server(tokens(100), {}, 25);
    await expect(listAllPages(fetchPage)).resolves.toEqual(tokens(100));
    expect(asked.sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
  });

  it('reports progress after each page, ending with every page done', async () => {
    const { fetchPage } = server(tokens(250));
    const progress: ListProgress[] = [];
    await listAllPages(fetchPage, { concurrency: 1, onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([
      { pagesDone: 1, pagesTotal: 3, itemsLoaded: 100, itemsTotal: 250 },
      { pagesDone: 2, pagesTotal: 3, itemsLoaded: 200, itemsTotal: 250 },
      { pagesDone: 3, pagesTotal: 3, itemsLoaded: 250, itemsTotal: 250 },
    ]);
  });

  it('shortens the reported total when an empty page ends the listing early', async () => {
    const { fetchPage } = server(tokens(150), { pagesTotal: 9, itemsTotal: 900 });
    const progress: ListProgress[] = [];
    await listAllPages(fetchPage, { concurrency: 1, onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toEqual({ pagesDone: 3, pagesTotal: 3, itemsLoaded: 150, itemsTotal: 900 });
  });

  it('keeps listing when a progress listener throws', async () => {
    const { fetchPage } = server(tokens(150));
    const listed = await listAllPages(fetchPage, {
      onProgress: () => {
        throw new Error('listener failed');
      },
    });
    expect(listed).toHaveLength(150);
  });

  it.each([
    [0, 1],
    [1, 1],
    [2.7, 2],
    [6, 6],
    [100, 16],
  ])('asks for at most %d pages at once, kept within 1..16 (%d)', async (concurrency, expected) => {
    let inFlight = 0;
    let most = 0;
    const fetchPage = async (page: number): Promise<UploadTokenPage> => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Every worker starts its page at once; none answers before the next turn of the loop.
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return {
        data: tokens(100, `p${page}-`),
        pagination: pagination({ currentPage: page, pagesTotal: 40, itemsTotal: 4000 }),
      };
    };
    await expect(listAllPages(fetchPage, { concurrency })).resolves.toHaveLength(4000);
    expect(most).toBe(expected);
  });

  it('passes an ApiVideoError of a page on as it is, and wraps anything else as network', async () => {
    const failure = new ApiVideoError('server', { status: 502 });
    const failing =
      (error: unknown) =>
      async (page: number): Promise<UploadTokenPage> => {
        if (page === 2) throw error;
        return {
          data: tokens(100, `p${page}-`),
          pagination: pagination({ currentPage: page, pagesTotal: 3, itemsTotal: 300 }),
        };
      };
    await expect(listAllPages(failing(failure))).rejects.toBe(failure);
    const wrapped = await listAllPages(failing(new TypeError('boom'))).catch((error: unknown) => error);
    expect(wrapped).toBeInstanceOf(ApiVideoError);
    expect(wrapped).toMatchObject({ kind: 'network' });
    expect((wrapped as Error).cause).toEqual(new TypeError('boom'));
  });

  it('reports a cancel as aborted, whatever the pages in flight fail with', async () => {
    const controller = new AbortController();
    const fetchPage = async (page: number, signal: AbortSignal | undefined): Promise<UploadTokenPage> => {
      if (page === 1) return { data: tokens(100), pagination: pagination({ pagesTotal: 3, itemsTotal: 300 }) };
      // A page in flight fails its own way when the listing stops it (a fetch: a DOMException, a TypeError).
      const inFlight = new Promise<UploadTokenPage>((_resolve, reject) =>
        signal?.addEventListener('abort', () => reject(new TypeError('fetch failed')), { once: true }),
      );
      controller.abort(); // the person cancels while page 2 is in flight
      return inFlight;
    };
    await expect(listAllPages(fetchPage, { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('listingRoundTrips', () => {
  it.each([
    [0, 0],
    [1, 1],
    [2, 2],
    [7, 2],
    [8, 3],
    [13, 3],
  ])('%i pages take %i round trips: page 1, then six at a time', (pages, trips) => {
    expect(listingRoundTrips(pages)).toBe(trips);
  });
});

describe('dedupeByToken', () => {
  it('keeps the first of each token, in order', () => {
    expect(dedupeByToken([token('a', 1), token('b'), token('a', 2), token('c'), token('b')])).toEqual([
      token('a', 1),
      token('b'),
      token('c'),
    ]);
  });
});

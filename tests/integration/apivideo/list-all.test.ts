import { describe, expect } from 'vitest';
import { abortableSleep } from '@/utils/apivideo/http';
import type { ListProgress } from '@/utils/apivideo/client';
import type { FaultKind } from '@/tests/server';
import { craftedPage, useCraftedServers } from './crafted-server';
import { caught, clientFor, clientForCrafted, it } from './harness';

const craftedServers = useCraftedServers();

describe('listAllUploadTokens', () => {
  it('loads every page once, in page order, reporting progress after each page', async ({ startServer }) => {
    const server = await startServer();
    server.seed('production', { count: 1234, neverExpiring: 40, seed: 7 });
    const { client } = clientFor(server);
    const progress: ListProgress[] = [];
    const tokens = await client.listAllUploadTokens({ onProgress: (p) => progress.push(p) });

    expect(tokens).toEqual(server.tokens('production')); // createdAt ascending
    const pages = server.requests.filter((request) => request.path === '/upload-tokens');
    expect(pages.map((request) => Number(request.query.currentPage)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 13 }, (_, index) => index + 1),
    );
    expect(pages[0]!.query.currentPage).toBe('1'); // page 1 first: it tells how many there are
    expect(pages.every((request) => request.query.pageSize === '100')).toBe(true);
    expect(progress.map((p) => p.pagesDone)).toEqual(Array.from({ length: 13 }, (_, index) => index + 1));
    expect(progress.at(-1)).toEqual({ pagesDone: 13, pagesTotal: 13, itemsLoaded: 1234, itemsTotal: 1234 });
  });

  it('returns an empty list for an account without tokens, in one request', async ({ startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    await expect(client.listAllUploadTokens()).resolves.toEqual([]);
    expect(server.stats().reads).toBe(1);
  });

  it('keeps six requests in flight after page 1', async ({ startServer }) => {
    const server = await startServer();
    server.seed('production', { count: 1000 });
    const { client } = clientFor(server);
    await client.authenticate();
    // Page 1 is let through once it arrived; the pages after it are held until all six are in flight.
    const first = server.hold({ method: 'GET', pathPrefix: '/upload-tokens' });
    const listing = client.listAllUploadTokens();
    await first.arrived;
    const next = server.hold({ method: 'GET', pathPrefix: '/upload-tokens', times: 6 });
    first.release();
    await next.arrivals(6);
    // Six pages reached the server while none of them was answered: they went out together.
    expect(next.held).toBe(6);
    expect(server.requests.filter((request) => request.path === '/upload-tokens')).toHaveLength(7);
    next.release();
    await expect(listing).resolves.toHaveLength(1000);
    expect(server.stats().rateLimited).toBe(0);
  });

  it('slows down before the rate limit instead of drawing 429s', async ({ startServer }) => {
    // 20 pages against 15 reads per second: two windows, the second waited for, not refused.
    const server = await startServer({ rateLimit: { production: { reads: 15, writes: 15, windowMs: 1000 } } });
    server.seed('production', { count: 2000 });
    const { client } = clientFor(server, 'production', { sleep: abortableSleep });
    const tokens = await client.listAllUploadTokens();
    expect(tokens).toHaveLength(2000);
    expect(server.stats().rateLimited).toBe(0);
  });

  it('fails with rate-limited instead of waiting longer than allowed for the window', async ({ startServer }) => {
    const server = await startServer({ rateLimit: { production: { reads: 3, writes: 3, windowMs: 60_000 } } });
    server.seed('production', { count: 1000 });
    const { client, waits } = clientFor(server, 'production', { retry: { maxRateLimitWaitMs: 5_000 } });
    const error = await caught(client.listAllUploadTokens());
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: expect.any(Number) });
    expect((error as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(5);
    expect(waits).toEqual([]);
    expect(server.stats().rateLimited).toBe(0);
  });

  it('stops promptly when aborted: rejects without waiting for the pages in flight, and starts no further request', async ({
    startServer,
  }) => {
    const server = await startServer();
    server.seed('production', { count: 2500 });
    const { client, requests } = clientFor(server);
    // Page 1 is let through once it arrived (the listing learns the total); the next two pages are held in flight.
    const first = server.hold({ method: 'GET', pathPrefix: '/upload-tokens' });
    const controller = new AbortController();
    const error = caught(client.listAllUploadTokens({ concurrency: 2, signal: controller.signal }));
    await first.arrived;
    const inFlight = server.hold({ method: 'GET', pathPrefix: '/upload-tokens', times: 2 });
    first.release();
    await inFlight.arrivals(2);
    const requestsAtAbort = requests.length;
    controller.abort();
    // Rejected while both pages are still held: the listing did not wait for their answers.
    expect(await error).toMatchObject({ kind: 'aborted' });
    expect(inFlight.held).toBe(2);
    inFlight.release();
    await abortableSleep(100);
    expect(requests.length).toBe(requestsAtAbort);
  });

  it('rejects at once when the signal has already fired', async ({ startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    await expect(client.listAllUploadTokens({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      kind: 'aborted',
    });
    expect(server.requests).toEqual([]);
  });

  it('drops a token seen twice when pages shift while listing', async ({ startServer }) => {
    const server = await startServer();
    server.seed('production', { count: 250 });
    const { client } = clientFor(server);
    const tokens = await client.listAllUploadTokens({
      sortBy: 'ttl',
      sortOrder: 'asc',
      concurrency: 1,
      onProgress: ({ pagesDone }) => {
        // A new token sorts first: every later page shifts by one, repeating a token.
        if (pagesDone === 1) server.addToken('production', { ttl: 0 });
      },
    });
    expect(new Set(tokens.map((token) => token.token)).size).toBe(tokens.length);
    expect(tokens).toHaveLength(250);
  });

  it.for<[FaultKind, number]>([
    ['bad-gateway-html', 502],
    ['malformed-json', 200],
  ])(
    'retries one page that failed with %s on its own, not the whole listing',
    async ([kind, status], { startServer }) => {
      const server = await startServer();
      server.seed('production', { count: 1000 });
      const { client } = clientFor(server);
      const tokens = await client.listAllUploadTokens({
        onProgress: ({ pagesDone }) => {
          // The next page request to arrive fails once.
          if (pagesDone === 1) server.inject({ kind, match: { method: 'GET', pathPrefix: '/upload-tokens' } });
        },
      });
      expect(tokens).toEqual(server.tokens('production'));
      const pages = server.requests.filter((request) => request.path === '/upload-tokens');
      const asked = pages.map((request) => Number(request.query.currentPage));
      expect(asked).toHaveLength(11);
      expect(new Set(asked).size).toBe(10);
      const repeated = asked.find((page, index) => asked.indexOf(page) !== index)!;
      expect(repeated).toBeGreaterThan(1);
      expect(
        pages.filter((request) => Number(request.query.currentPage) === repeated).map((request) => request.status),
      ).toEqual([status, 200]);
    },
  );

  it('reads an empty account that claims 300 pages in one request', async () => {
    const crafted = await craftedServers.start((request) =>
      craftedPage([], { currentPage: Number(request.query.currentPage), pagesTotal: 300, itemsTotal: 0 }),
    );
    const { client } = clientForCrafted(crafted);
    await expect(client.listAllUploadTokens()).resolves.toEqual([]);
    expect(crafted.requests).toHaveLength(1);
  });

  it('reads no more than itemsTotal needs plus 2 pages from a server that never runs out', async () => {
    const crafted = await craftedServers.start((request, index) => {
      if (index > 100) return { status: 500, body: { title: 'the client read far too many pages' } };
      const page = Number(request.query.currentPage);
      const data = Array.from({ length: 100 }, (_, item) => ({ token: `to${page}x${item}`, ttl: 60 }));
      return craftedPage(data, { currentPage: page, pagesTotal: 1_000_000_000, itemsTotal: 250 });
    });
    const { client } = clientForCrafted(crafted);
    await expect(client.listAllUploadTokens()).resolves.toHaveLength(500);
    expect(crafted.requests.map((request) => Number(request.query.currentPage)).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });

  it('passes a failure of any page on, stopping the other pages', async ({ startServer }) => {
    const server = await startServer();
    server.seed('production', { count: 1000 });
    server.inject({ kind: 'bad-gateway-html', times: 100, match: { method: 'GET', pathPrefix: '/upload-tokens' } });
    const { client } = clientFor(server);
    await expect(client.listAllUploadTokens()).rejects.toMatchObject({ kind: 'server', status: 502 });
  });
});

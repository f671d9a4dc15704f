import { describe, expect, it } from 'vitest';
import { craftedPage, useCraftedServers } from './crafted-server';
import { clientFor, clientForCrafted, useServers } from './harness';

const servers = useServers();
const craftedServers = useCraftedServers();

describe('countNeverExpiring', () => {
  it.each([
    // [tokens, never expiring, requests]: ceil((k + 1) / 100), at most the number of pages
    [1000, 0, 1],
    [1000, 1, 1],
    [1000, 99, 1],
    [1000, 100, 2],
    [1000, 250, 3],
    [150, 150, 2],
    [0, 0, 1],
  ])('of %i tokens, counts %i never expiring in %i requests, sorted by ttl', async (count, neverExpiring, requests) => {
    const server = await servers.start();
    server.seed('production', { count, neverExpiring, seed: count + neverExpiring });
    const { client } = clientFor(server);
    await expect(client.countNeverExpiring()).resolves.toEqual({
      neverExpiring,
      total: count,
      requests,
      method: 'sorted',
    });
    const lists = server.requests.filter((request) => request.path === '/upload-tokens');
    expect(lists).toHaveLength(requests);
    expect(lists.map((request) => request.query)).toEqual(
      Array.from({ length: requests }, (_, index) => ({
        sortBy: 'ttl',
        sortOrder: 'asc',
        pageSize: '100',
        currentPage: String(index + 1),
      })),
    );
  });

  it('falls back to a full scan when the server ignores sorting, and still counts right', async () => {
    const server = await servers.start({ ignoreSorting: true });
    server.seed('production', { count: 1000, neverExpiring: 37, seed: 3 });
    const { client } = clientFor(server);
    const result = await client.countNeverExpiring();
    expect(result).toMatchObject({ neverExpiring: 37, total: 1000, method: 'full-scan' });
    const lists = server.requests.filter((request) => request.path === '/upload-tokens');
    expect(result.requests).toBe(lists.length);
    expect(lists.length).toBeLessThanOrEqual(10 + 2);
  });

  it('reads no more than itemsTotal needs plus 2 pages from a server that never runs out of never-expiring tokens', async () => {
    const crafted = await craftedServers.start((request, index) => {
      if (index > 100) return { status: 500, body: { title: 'the client read far too many pages' } };
      const page = Number(request.query.currentPage);
      const data = Array.from({ length: 100 }, (_, item) => ({ token: `to${page}x${item}`, ttl: 0 }));
      return craftedPage(data, { currentPage: page, pagesTotal: 1_000_000_000, itemsTotal: 150 });
    });
    const { client } = clientForCrafted(crafted);
    await expect(client.countNeverExpiring()).resolves.toMatchObject({ requests: 4, method: 'sorted' });
    expect(crafted.requests.map((request) => Number(request.query.currentPage))).toEqual([1, 2, 3, 4]);
  });

  it('passes an abort on', async () => {
    const server = await servers.start({ latencyMs: 20 });
    server.seed('production', { count: 500, neverExpiring: 450 });
    const { client } = clientFor(server);
    const controller = new AbortController();
    const counting = client.countNeverExpiring({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(counting).rejects.toMatchObject({ kind: 'aborted' });
  });
});

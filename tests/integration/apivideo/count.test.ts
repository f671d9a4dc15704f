import { describe, expect } from 'vitest';
import type { ApiVideoServer, HeldResponses, RecordedRequest } from '@/tests/server';
import type { ApiVideoClient, NeverExpiringCount } from '@/utils/apivideo/client';
import { craftedPage, useCraftedServers } from './crafted-server';
import { clientFor, clientForCrafted, it } from './harness';

const craftedServers = useCraftedServers();

const LISTS = { method: 'GET', pathPrefix: '/upload-tokens', times: 100_000 } as const;

function listRequests(server: ApiVideoServer): RecordedRequest[] {
  return server.requests.filter((request) => request.method === 'GET' && request.path === '/upload-tokens');
}

/** `pageSize@currentPage`, e.g. `100@2` (page 2 whole) or `1@4600` (the token at position 4,600). */
function read(request: RecordedRequest): string {
  expect(request.query).toMatchObject({ sortBy: 'ttl', sortOrder: 'asc' });
  return `${request.query.pageSize}@${request.query.currentPage}`;
}

/**
 * Counts with every list request held, one round at a time: a round is what the client sends
 * while none of its requests is answered. `sizes` are the requests expected in each round: a
 * round that sends fewer never completes (the test times out), one that sends more shows in the
 * total checked at the end. `between(round)` runs while that round is held, before the server
 * answers any of it: changes made there land between two rounds.
 */
async function countByRounds(
  server: ApiVideoServer,
  client: ApiVideoClient,
  sizes: number[],
  between?: (round: number) => Promise<void> | void,
): Promise<{ result: NeverExpiringCount; rounds: string[][] }> {
  let hold: HeldResponses = server.hold(LISTS);
  const counting = client.countNeverExpiring();
  const finishedEarly = counting.then(
    (result) => new Error(`the count finished after fewer rounds than expected: ${JSON.stringify(result)}`),
    (error: unknown) => error,
  );
  const rounds: string[][] = [];
  for (const [index, size] of sizes.entries()) {
    const held = await Promise.race([hold.arrivals(size), finishedEarly]);
    if (!Array.isArray(held)) throw held;
    const next = server.hold(LISTS);
    await between?.(index + 1);
    rounds.push(held.map(read).sort());
    hold.release();
    hold = next;
  }
  const result = await counting;
  hold.release();
  expect(listRequests(server)).toHaveLength(sizes.reduce((sum, size) => sum + size, 0));
  expect(result.requests).toBe(listRequests(server).length);
  expect(result.rounds).toBe(sizes.length);
  return { result, rounds };
}

/** Deletes tokens through the API, as the person's own backend would. */
async function deleteElsewhere(server: ApiVideoServer, tokens: string[]): Promise<void> {
  const { client } = clientFor(server);
  for (let start = 0; start < tokens.length; start += 50)
    await Promise.all(tokens.slice(start, start + 50).map((token) => client.deleteUploadToken(token)));
}

const neverExpiringTokens = (server: ApiVideoServer) =>
  server
    .tokens('production')
    .filter((token) => token.ttl === 0)
    .map((token) => token.token);

describe('countNeverExpiring', () => {
  it.for<[number, number, number[]]>([
    // [tokens, never expiring, requests per round]: k < 200 costs ceil((k + 1) / 100) requests,
    // more never-expiring tokens 2 rounds of probes after page 2, at most 4 rounds in all.
    [10_000, 0, [1]],
    [10_000, 1, [1]],
    [10_000, 99, [1]],
    [10_000, 100, [1, 1]],
    [10_000, 101, [1, 1]],
    [10_000, 150, [1, 1]],
    [10_000, 5_000, [1, 1, 10, 9]],
    [10_000, 10_000, [1, 1, 10, 9]],
    [1000, 250, [1, 1, 3, 2]],
    [150, 150, [1, 1]],
    [0, 0, [1]],
  ])(
    'of %i tokens, counts %i never expiring in rounds of %j requests',
    async ([count, neverExpiring, sizes], { startServer }) => {
      // api.video's production rate limit: the gate lets each round go at once.
      const server = await startServer();
      server.seed('production', { count, neverExpiring, seed: count + neverExpiring });
      const { client } = clientFor(server);
      const { result, rounds } = await countByRounds(server, client, sizes);
      expect(result).toMatchObject({ neverExpiring, total: count, method: 'sorted' });
      // Page 1 first, then page 2 whole: small counts cost what they cost before probes existed.
      expect(rounds[0]).toEqual(['100@1']);
      if (rounds[1]) expect(rounds[1]).toContain('100@2');
    },
  );

  it('of 100,000 tokens, counts 20,000 never expiring in 4 rounds and at most 40 requests', async ({ startServer }) => {
    const server = await startServer({ rateLimit: false });
    server.seed('production', { count: 100_000, neverExpiring: 20_000, seed: 7 });
    const { client } = clientFor(server);
    const { result, rounds } = await countByRounds(server, client, [1, 11, 10, 8]);
    expect(result).toMatchObject({ neverExpiring: 20_000, total: 100_000, requests: 30, method: 'sorted' });
    // Past about 38,000 tokens page 2 cannot go alone: it goes with the first probes.
    expect(rounds[1]).toContain('100@2');
    expect(rounds[1]!.filter((query) => query.startsWith('1@'))).toHaveLength(10);
    // The last round reads whole pages: where ttl goes from 0 to above 0 is among them.
    expect(rounds[3]!.every((query) => query.startsWith('100@'))).toBe(true);
    expect(rounds[3]).toContain('100@200');
    expect(rounds[3]).toContain('100@201');
  });

  it('counts never-expiring tokens whether expiresAt is absent or null', async ({ startServer }) => {
    const server = await startServer({ rateLimit: false });
    server.seed('production', { count: 9_900, neverExpiring: 4_900, seed: 5 });
    for (let index = 0; index < 100; index++) server.addToken('production', { ttl: 0, expiresAt: null });
    const listed = server.tokens('production').filter((token) => token.ttl === 0);
    expect(listed.filter((token) => token.expiresAt === null)).toHaveLength(100);
    expect(listed.filter((token) => !('expiresAt' in token))).toHaveLength(4_900);
    const { client } = clientFor(server);
    const { result } = await countByRounds(server, client, [1, 1, 10, 9]);
    expect(result).toMatchObject({ neverExpiring: 5_000, total: 10_000, method: 'sorted' });
  });

  it('counts right when many tokens share one ttl and one createdAt (ties broken by the server)', async ({
    startServer,
  }) => {
    const server = await startServer({ rateLimit: false });
    const createdAt = '2026-01-01T00:00:00+00:00';
    for (let index = 0; index < 1_234; index++) server.addToken('production', { ttl: 0, createdAt });
    for (let index = 0; index < 1_766; index++) server.addToken('production', { ttl: 400_000_000, createdAt });
    const { client } = clientFor(server);
    const { result } = await countByRounds(server, client, [1, 1, 5, 5]);
    expect(result).toMatchObject({ neverExpiring: 1_234, total: 3_000, method: 'sorted' });
  });

  it.for([
    [1000, 37],
    [10_000, 5_000],
  ] as const)(
    'falls back to a full scan when the server ignores sorting: %i tokens, %i never expiring',
    async ([count, k], { startServer }) => {
      const server = await startServer({ ignoreSorting: true, rateLimit: false });
      server.seed('production', { count, neverExpiring: k, seed: 3 });
      const { client } = clientFor(server);
      const result = await client.countNeverExpiring();
      expect(result).toMatchObject({ neverExpiring: k, total: count, method: 'full-scan' });
      const lists = listRequests(server);
      expect(result.requests).toBe(lists.length);
      // Page 1 shows the order is not kept; then every page once, no more than itemsTotal needs plus 2.
      expect(lists.length).toBeLessThanOrEqual(1 + count / 100 + 2);
    },
  );

  describe('tokens created or deleted elsewhere between two rounds', () => {
    it('tokens with a ttl, created or deleted, move no position the count depends on: exact, no second search', async ({
      startServer,
    }) => {
      const server = await startServer({ rateLimit: false });
      server.seed('production', { count: 10_000, neverExpiring: 5_000, seed: 11 });
      const withTtl = server
        .tokens('production')
        .filter((token) => token.ttl > 0)
        .map((token) => token.token);
      const { client } = clientFor(server);
      const { result } = await countByRounds(server, client, [1, 1, 10, 9], async (round) => {
        if (round < 3) return;
        await deleteElsewhere(server, withTtl.splice(0, 40));
        for (let index = 0; index < 25; index++) server.addToken('production', { ttl: 900 });
      });
      expect(result).toMatchObject({ neverExpiring: 5_000, total: 10_000 - 80 + 50, method: 'sorted' });
    });

    it('never-expiring tokens deleted before the last round: the count is the one after', async ({ startServer }) => {
      const server = await startServer({ rateLimit: false });
      server.seed('production', { count: 10_000, neverExpiring: 5_000, seed: 11 });
      const { client } = clientFor(server);
      const { result } = await countByRounds(server, client, [1, 1, 10, 9], async (round) => {
        if (round === 4) await deleteElsewhere(server, neverExpiringTokens(server).slice(0, 30));
      });
      expect(result).toMatchObject({ neverExpiring: 4_970, method: 'sorted' });
    });

    it('never-expiring tokens deleted past a probe already answered: off by no more than the changes', async ({
      startServer,
    }) => {
      const server = await startServer({ rateLimit: false });
      server.seed('production', { count: 10_000, neverExpiring: 5_000, seed: 11 });
      const { client } = clientFor(server);
      const { result, rounds } = await countByRounds(server, client, [1, 1, 10, 9], async (round) => {
        if (round === 4) await deleteElsewhere(server, neverExpiringTokens(server).slice(0, 500));
      });
      // Round 3 saw position 4,600 never expiring; then 500 went, so round 4 sees the boundary
      // below the pages it reads. 4,600 is a count that was true in between: 5,000 before, 4,500 after.
      expect(rounds[2]).toContain('1@4600');
      expect(rounds[3]![0]).toBe('100@47');
      expect(result).toMatchObject({ neverExpiring: 4_600, method: 'sorted' });
      expect(result.neverExpiring).toBeGreaterThanOrEqual(4_500);
      expect(result.neverExpiring).toBeLessThanOrEqual(5_000);
    });

    it('never-expiring tokens created so that answers contradict each other: searches again once', async ({
      startServer,
    }) => {
      const server = await startServer({ rateLimit: false });
      server.seed('production', { count: 10_000, neverExpiring: 5_000, seed: 11 });
      const { client } = clientFor(server);
      const { result, rounds } = await countByRounds(server, client, [1, 1, 10, 9, 1, 1, 10, 9], async (round) => {
        // Round 3 saw position 5,500 with a ttl; 600 more never-expiring tokens put one there.
        if (round === 4) for (let index = 0; index < 600; index++) server.addToken('production', { ttl: 0 });
      });
      expect(rounds[2]).toContain('1@5500');
      expect(result).toMatchObject({ neverExpiring: 5_600, total: 10_600, method: 'sorted' });
    });

    it('contradicted twice: falls back to the full scan, which counts exactly', async ({ startServer }) => {
      const server = await startServer({ rateLimit: false });
      server.seed('production', { count: 10_000, neverExpiring: 5_000, seed: 11 });
      const { client } = clientFor(server);
      let hold: HeldResponses = server.hold(LISTS);
      const counting = client.countNeverExpiring();
      // Rounds 4 and 8 each get 600 more never-expiring tokens, as above; then the count runs free.
      for (const [round, size] of [1, 1, 10, 9, 1, 1, 10, 9].entries()) {
        await hold.arrivals(size);
        const next = server.hold(LISTS);
        if (round === 3 || round === 7)
          for (let index = 0; index < 600; index++) server.addToken('production', { ttl: 0 });
        hold.release();
        hold = next;
      }
      hold.release();
      const result = await counting;
      expect(result).toMatchObject({ neverExpiring: 6_200, total: 11_200, method: 'full-scan' });
      expect(result.requests).toBe(listRequests(server).length);
      // Two searches of 21 requests, then every page of 11,200 tokens.
      expect(result.requests).toBe(21 + 21 + 112);
    });
  });

  it('never reads past itemsTotal from a server that never runs out of never-expiring tokens', async () => {
    const crafted = await craftedServers.start((request, index) => {
      if (index > 100) return { status: 500, body: { title: 'the client read far too many pages' } };
      const page = Number(request.query.currentPage);
      const data = Array.from({ length: 100 }, (_, item) => ({ token: `to${page}x${item}`, ttl: 0 }));
      return craftedPage(data, { currentPage: page, pagesTotal: 1_000_000_000, itemsTotal: 150 });
    });
    const { client } = clientForCrafted(crafted);
    // Page 2 holds tokens past the 150 it claims: not a list sorted and paginated as asked, so the
    // full scan, which stops at what itemsTotal needs plus 2 pages.
    await expect(client.countNeverExpiring()).resolves.toMatchObject({ requests: 2 + 4, method: 'full-scan' });
    expect(crafted.requests.map((request) => Number(request.query.currentPage))).toEqual([1, 2, 1, 2, 3, 4]);
  });

  it('passes an abort on', async ({ startServer }) => {
    const server = await startServer({ latencyMs: 20 });
    server.seed('production', { count: 500, neverExpiring: 450 });
    const { client } = clientFor(server);
    const controller = new AbortController();
    const counting = client.countNeverExpiring({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(counting).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('an abort during a round of probes stops every probe still in flight', async ({ startServer }) => {
    const server = await startServer({ rateLimit: false });
    server.seed('production', { count: 10_000, neverExpiring: 5_000, seed: 2 });
    const { client } = clientFor(server);
    const controller = new AbortController();
    let hold = server.hold(LISTS);
    const counting = client.countNeverExpiring({ signal: controller.signal });
    // Page 1, then page 2, then the round of 10 probes, held in flight.
    for (const size of [1, 1]) {
      await hold.arrivals(size);
      const next = server.hold(LISTS);
      hold.release();
      hold = next;
    }
    await hold.arrivals(10);
    controller.abort();
    await expect(counting).rejects.toMatchObject({ kind: 'aborted' });
    hold.release();
    expect(listRequests(server)).toHaveLength(12);
  });
});

import { describe, expect } from 'vitest';
import type { ApiVideoServer, HeldResponses, RecordedRequest } from '@/tests/server';
import type { ApiVideoClient, RefreshedListing } from '@/utils/apivideo/client';
import { covering, locateCost } from '@/utils/apivideo/delta';
import type { UploadToken } from '@/utils/apivideo/types';
import { expiresAtMs } from '@/utils/token-rules';
import { craftedPage, useCraftedServers } from './crafted-server';
import { clientFor, clientForCrafted, it } from './harness';

const craftedServers = useCraftedServers();

const LISTS = { method: 'GET', pathPrefix: '/upload-tokens', times: 100_000 } as const;
const START = Date.parse('2026-03-01T12:00:00Z');

function listRequests(server: ApiVideoServer): RecordedRequest[] {
  return server.requests.filter((request) => request.method === 'GET' && request.path === '/upload-tokens');
}

/** One clock for the server and the client (api.video's and this computer's agree unless a test says not). */
function sharedClock() {
  const clock = { ms: START };
  return { clock, now: () => clock.ms };
}

const ids = (tokens: readonly UploadToken[]) => tokens.map((token) => token.token).sort();

/** The list must end exactly as the server has it: same tokens, same fields. */
function expectExact(result: RefreshedListing, server: ApiVideoServer): void {
  const byToken = (a: UploadToken, b: UploadToken) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0);
  expect([...result.tokens].sort(byToken)).toEqual(server.tokens('production').sort(byToken));
}

/** Deletes tokens through the API, as the person's own backend would. */
async function deleteElsewhere(server: ApiVideoServer, tokens: string[]): Promise<void> {
  const { client } = clientFor(server);
  await Promise.all(tokens.map((token) => client.deleteUploadToken(token)));
}

/** Moves the shared clock so that exactly `count` tokens with a ttl expire; returns them. */
function expireSome(server: ApiVideoServer, clock: { ms: number }, count: number): UploadToken[] {
  const expiring = server
    .tokens('production')
    .filter((token) => token.ttl > 0)
    .sort((a, b) => expiresAtMs(a)! - expiresAtMs(b)!);
  const last = expiresAtMs(expiring[count - 1]!)!;
  expect(expiresAtMs(expiring[count]!)!).toBeGreaterThan(last); // the seed gives them distinct expiries
  clock.ms = last;
  return expiring.slice(0, count);
}

/** The token with a ttl that expires first among those past the newest 200 (so past page 1). */
function soonestPastTheNewest(server: ApiVideoServer): UploadToken {
  return server
    .tokens('production')
    .slice(0, -200)
    .filter((token) => token.ttl > 0)
    .sort((a, b) => expiresAtMs(a)! - expiresAtMs(b)!)[0]!;
}

/** A server with `count` tokens and a client whose cache is the full listing of them. */
async function cachedAccount(
  startServer: (options?: object) => Promise<ApiVideoServer>,
  seed: { count: number; neverExpiring?: number; expiringSoon?: number; seed?: number },
  options: { ignoreSorting?: boolean } = {},
) {
  const { clock, now } = sharedClock();
  const server = await startServer({ rateLimit: false, now, ...options });
  server.seed('production', seed);
  const { client } = clientFor(server, 'production', { now });
  const cached = await client.listAllUploadTokens();
  expect(cached).toHaveLength(seed.count);
  server.resetRequests();
  return { server, client, clock, cached };
}

async function refresh(client: ApiVideoClient, cached: readonly UploadToken[]) {
  return client.refreshUploadTokens({ cached });
}

describe('refreshUploadTokens: the delta refresh', () => {
  it('nothing changed: one request, newest first', async ({ startServer }) => {
    const { server, client, cached } = await cachedAccount(startServer, { count: 10_000, neverExpiring: 150, seed: 1 });
    const result = await refresh(client, cached);
    expect(result).toMatchObject({ method: 'delta', requests: 1, rounds: 1 });
    expectExact(result, server);
    const [request] = listRequests(server);
    expect(request!.query).toMatchObject({ sortBy: 'createdAt', sortOrder: 'desc', currentPage: '1', pageSize: '100' });
    expect(listRequests(server)).toHaveLength(1);
  });

  it('5 created elsewhere and 20 expired since: exact in one list request', async ({ startServer }) => {
    const { server, client, clock, cached } = await cachedAccount(startServer, {
      count: 10_000,
      neverExpiring: 150,
      expiringSoon: 200,
      seed: 2,
    });
    const expired = expireSome(server, clock, 20);
    const created = Array.from({ length: 5 }, (_, index) => server.addToken('production', { ttl: index * 600 }));
    const result = await refresh(client, cached);
    expect(result).toMatchObject({ method: 'delta', requests: 1, deletedElsewhere: 0 });
    expectExact(result, server);
    expect(ids(result.tokens)).toEqual(expect.arrayContaining(ids(created)));
    expect(result.tokens.some((token) => expired.some((gone) => gone.token === token.token))).toBe(false);
    expect(listRequests(server)).toHaveLength(1);
  });

  it('the same plus 3 deleted elsewhere: exact, located by probes for far less than a full re-list', async ({
    startServer,
  }) => {
    const { server, client, clock, cached } = await cachedAccount(startServer, {
      count: 10_000,
      neverExpiring: 150,
      expiringSoon: 200,
      seed: 3,
    });
    expireSome(server, clock, 20);
    for (let index = 0; index < 5; index++) server.addToken('production', { ttl: 0 });
    const listed = server.tokens('production');
    await deleteElsewhere(server, [listed[1_234]!.token, listed[5_000]!.token, listed[9_000]!.token]);
    server.resetRequests();
    const result = await refresh(client, cached);
    expect(result).toMatchObject({ method: 'delta', deletedElsewhere: 3 });
    expectExact(result, server);
    expect(result.requests).toBe(listRequests(server).length);
    // Page 1, 9 probes, 4 more around each deletion, each group of ≤ 200 read whole: ≤ 1 + 9 + 12 + 9.
    expect(result.requests).toBeLessThanOrEqual(31);
    expect(result.rounds).toBe(4);
  });

  it('a deletion among the newest, inside the prefix, costs nothing more', async ({ startServer }) => {
    const { server, client, cached } = await cachedAccount(startServer, { count: 3_000, seed: 4 });
    const newest = server.tokens('production').at(-1)!;
    await deleteElsewhere(server, [newest.token]);
    server.addToken('production', { ttl: 0 });
    server.resetRequests();
    const result = await refresh(client, cached);
    expect(result).toMatchObject({ method: 'delta', requests: 1 });
    expectExact(result, server);
  });

  it('deletions in one stretch of the list: the whole group is read once', async ({ startServer }) => {
    const { server, client, cached } = await cachedAccount(startServer, { count: 10_000, seed: 5 });
    const listed = server.tokens('production');
    await deleteElsewhere(
      server,
      listed.slice(2_000, 2_004).map((token) => token.token),
    );
    server.resetRequests();
    const result = await refresh(client, cached);
    expect(result).toMatchObject({ method: 'delta', deletedElsewhere: 4 });
    expectExact(result, server);
    // Page 1, 9 probes, 4 inside the one group that lost tokens, that group's survivors read whole.
    expect(result).toMatchObject({ rounds: 4 });
    expect(result.requests).toBeLessThanOrEqual(1 + 9 + 4 + 3);
  });

  it('every token past the prefix deleted: no probe needed', async ({ startServer }) => {
    const { server, client, cached } = await cachedAccount(startServer, { count: 250, seed: 6 });
    const listed = server.tokens('production');
    await deleteElsewhere(
      server,
      listed.slice(0, 150).map((token) => token.token),
    );
    server.resetRequests();
    const result = await refresh(client, cached);
    expect(result).toMatchObject({ method: 'delta', deletedElsewhere: 150, requests: 1 });
    expectExact(result, server);
  });

  it('an empty cached account that now has tokens: one request', async ({ startServer }) => {
    const { now } = sharedClock();
    const server = await startServer({ rateLimit: false, now });
    const { client } = clientFor(server, 'production', { now });
    for (let index = 0; index < 40; index++) server.addToken('production', { ttl: 3600 });
    const result = await refresh(client, []);
    expect(result).toMatchObject({ method: 'delta', requests: 1 });
    expectExact(result, server);
  });

  it('every token gone: one request, an empty list', async ({ startServer }) => {
    const { server, client, clock, cached } = await cachedAccount(startServer, { count: 120, seed: 7 });
    clock.ms += 10 * 365 * 24 * 3600 * 1000;
    expect(server.tokens('production')).toEqual([]);
    const result = await refresh(client, cached);
    expect(result).toMatchObject({ method: 'delta', requests: 1, tokens: [] });
  });

  it('expiresAt absent or null: never-expiring either way, kept and compared alike', async ({ startServer }) => {
    const { clock, now } = sharedClock();
    const server = await startServer({ rateLimit: false, now });
    server.seed('production', { count: 2_000, neverExpiring: 500, seed: 8 });
    for (let index = 0; index < 100; index++) server.addToken('production', { ttl: 0, expiresAt: null });
    const { client } = clientFor(server, 'production', { now });
    const cached = await client.listAllUploadTokens();
    const nulls = cached.filter((token) => token.expiresAt === null);
    expect(nulls).toHaveLength(100);
    expect(cached.filter((token) => token.ttl === 0 && !('expiresAt' in token))).toHaveLength(500);
    clock.ms += 3_600_000;
    await deleteElsewhere(server, [nulls[10]!.token, nulls[60]!.token]);
    for (let index = 0; index < 3; index++) server.addToken('production', { ttl: 0, expiresAt: null });
    server.addToken('production', { ttl: 0 });
    server.resetRequests();
    const result = await refresh(client, cached);
    expect(result).toMatchObject({ method: 'delta', deletedElsewhere: 2 });
    expectExact(result, server);
  });

  describe('ties in createdAt', () => {
    it('tokens created in the same second as the newest cached one, spread over two pages, are all found', async ({
      startServer,
    }) => {
      const { clock, now } = sharedClock();
      const server = await startServer({ rateLimit: false, now });
      server.seed('production', { count: 1_000, seed: 9 });
      clock.ms += 60_000;
      const second = new Date(clock.ms).toISOString();
      for (let index = 0; index < 150; index++) server.addToken('production', { ttl: 0, createdAt: second });
      const { client } = clientFor(server, 'production', { now });
      const cached = await client.listAllUploadTokens();
      // 30 more in that same second, after the listing: api.video orders ties as it likes, so
      // they sit among the 150 known ones, some past page 1.
      for (let index = 0; index < 30; index++) server.addToken('production', { ttl: 0, createdAt: second });
      server.resetRequests();
      const result = await refresh(client, cached);
      expect(result).toMatchObject({ method: 'delta', requests: 2 });
      expectExact(result, server);
    });

    it('deletions among tokens sharing one createdAt: exact (probes on a tie teach nothing, groups are read whole)', async ({
      startServer,
    }) => {
      const { now } = sharedClock();
      const server = await startServer({ rateLimit: false, now });
      const createdAt = '2026-01-01T00:00:00+00:00';
      for (let index = 0; index < 1_500; index++) server.addToken('production', { ttl: 0, createdAt });
      server.seed('production', { count: 1_500, seed: 10 });
      const { client } = clientFor(server, 'production', { now });
      const cached = await client.listAllUploadTokens();
      const tied = cached.filter((token) => token.createdAt === createdAt);
      const others = cached.filter((token) => token.createdAt !== createdAt);
      await deleteElsewhere(server, [tied[700]!.token, others[100]!.token]);
      server.resetRequests();
      const result = await refresh(client, cached);
      expectExact(result, server);
      expect(result.requests).toBe(listRequests(server).length);
    });

    it('a whole account created in one second, 2 deleted: exact, through the full listing', async ({ startServer }) => {
      const { now } = sharedClock();
      const server = await startServer({ rateLimit: false, now });
      const createdAt = '2026-01-01T00:00:00+00:00';
      for (let index = 0; index < 1_000; index++) server.addToken('production', { ttl: 0, createdAt });
      const { client } = clientFor(server, 'production', { now });
      const cached = await client.listAllUploadTokens();
      await deleteElsewhere(server, [cached[10]!.token, cached[900]!.token]);
      server.resetRequests();
      const result = await refresh(client, cached);
      // Page after page of one second: no token older than the newest cached one in sight.
      expect(result).toMatchObject({ method: 'full-listing', fallback: 'long-prefix', deletedElsewhere: 2 });
      expectExact(result, server);
    });
  });

  it.for([
    [1000, 0],
    [10_000, 3],
  ] as const)(
    'a server that ignores sorting (%i tokens, %i deleted): detected, and the full listing gives the list',
    async ([count, deleted], { startServer }) => {
      const { server, client, cached } = await cachedAccount(startServer, { count, seed: 11 }, { ignoreSorting: true });
      for (let index = 0; index < 5; index++) server.addToken('production', { ttl: 0 });
      await deleteElsewhere(
        server,
        cached.slice(100, 100 + deleted).map((token) => token.token),
      );
      const result = await refresh(client, cached);
      expect(result).toMatchObject({ method: 'full-listing', fallback: 'unsorted' });
      expectExact(result, server);
    },
  );

  describe('when the delta cannot be sure: the full listing', () => {
    it('a cached listing that missed a token', async ({ startServer }) => {
      const { server, client, cached } = await cachedAccount(startServer, { count: 3_000, seed: 12 });
      const result = await refresh(client, [...cached.slice(0, 1_000), ...cached.slice(1_001)]);
      expect(result).toMatchObject({ method: 'full-listing', fallback: 'unknown-tokens', requests: 1 + 30 });
      expectExact(result, server);
    });

    it('a cached listing that missed one of the newest tokens, older than the newest cached one', async ({
      startServer,
    }) => {
      const { server, client, cached } = await cachedAccount(startServer, { count: 3_000, seed: 21 });
      const withoutSecondNewest = cached.filter((_, index) => index !== cached.length - 2);
      const result = await refresh(client, withoutSecondNewest);
      expect(result).toMatchObject({ method: 'full-listing', fallback: 'unknown-tokens', requests: 1 + 30 });
      expectExact(result, server);
    });

    it('a cached listing that missed a token while another was deleted elsewhere: a probe meets the stranger', async ({
      startServer,
    }) => {
      const { server, client, cached } = await cachedAccount(startServer, { count: 3_000, seed: 13 });
      await deleteElsewhere(server, [cached[200]!.token, cached[2_500]!.token, cached[2_600]!.token]);
      const result = await refresh(client, [...cached.slice(0, 1_500), ...cached.slice(1_501)]);
      expect(result).toMatchObject({ method: 'full-listing' });
      expectExact(result, server);
    });

    it('more new tokens than a few pages', async ({ startServer }) => {
      const { server, client, clock, cached } = await cachedAccount(startServer, { count: 1_000, seed: 14 });
      clock.ms += 1000;
      for (let index = 0; index < 400; index++) server.addToken('production', { ttl: 0 });
      const result = await refresh(client, cached);
      expect(result).toMatchObject({ method: 'full-listing', fallback: 'long-prefix', requests: 3 + 14 });
      expectExact(result, server);
    });

    it('more deletions elsewhere than probing them would save', async ({ startServer }) => {
      const { server, client, cached } = await cachedAccount(startServer, { count: 10_000, seed: 15 });
      await deleteElsewhere(
        server,
        cached.filter((_, index) => index % 500 === 7).map((token) => token.token),
      );
      server.resetRequests();
      const result = await refresh(client, cached);
      expect(result).toMatchObject({ method: 'full-listing', fallback: 'many-deletions' });
      expect(result.requests).toBe(1 + 100);
      expectExact(result, server);
    });
  });

  it('api.video’s clock a few seconds behind ours: a token it still lists is kept', async ({ startServer }) => {
    const { clock, now } = sharedClock();
    const server = await startServer({ rateLimit: false, now: () => clock.ms - 3_000 });
    server.seed('production', { count: 500, seed: 16 });
    const { client } = clientFor(server, 'production', { now });
    const cached = await client.listAllUploadTokens();
    const soonest = soonestPastTheNewest(server);
    clock.ms = expiresAtMs(soonest)! + 1_000; // expired by our clock, not yet by api.video's
    expect(ids(server.tokens('production'))).toContain(soonest.token);
    const result = await refresh(client, cached);
    // One page, and the one token expiring this very moment asked about.
    expect(result).toMatchObject({ method: 'delta', requests: 1 });
    expect(result.tokenReads).toBeGreaterThanOrEqual(1);
    expect(server.requests.filter((request) => request.path === `/upload-tokens/${soonest.token}`)).toHaveLength(1);
    expectExact(result, server);
  });

  it('a token api.video still lists though our clock says it expired, and one deleted elsewhere: the counts agree, the list is still exact', async ({
    startServer,
  }) => {
    const { clock, now } = sharedClock();
    const server = await startServer({ rateLimit: false, now: () => clock.ms - 3_000 });
    server.seed('production', { count: 3_000, expiringSoon: 50, seed: 24 });
    const { client } = clientFor(server, 'production', { now });
    const cached = await client.listAllUploadTokens();
    const soonest = soonestPastTheNewest(server);
    clock.ms = expiresAtMs(soonest)! + 1_000;
    await deleteElsewhere(server, [cached[500]!.token]);
    server.resetRequests();
    const result = await refresh(client, cached);
    expect(result).toMatchObject({ method: 'delta', deletedElsewhere: 1 });
    expect(result.tokenReads).toBeGreaterThanOrEqual(1);
    expectExact(result, server);
    expect(ids(result.tokens)).toContain(soonest.token);
    expect(ids(result.tokens)).not.toContain(cached[500]!.token);
  });

  it('a token expiring this very moment that api.video already dropped: asked about, not probed for', async ({
    startServer,
  }) => {
    const { clock, now } = sharedClock();
    const server = await startServer({ rateLimit: false, now: () => clock.ms + 3_000 });
    server.seed('production', { count: 3_000, expiringSoon: 50, seed: 25 });
    const { client } = clientFor(server, 'production', { now });
    const cached = await client.listAllUploadTokens();
    const soonest = soonestPastTheNewest(server);
    clock.ms = expiresAtMs(soonest)! - 1_000; // not yet expired here, already by api.video's clock
    expect(ids(server.tokens('production'))).not.toContain(soonest.token);
    const result = await refresh(client, cached);
    expect(result).toMatchObject({ method: 'delta', requests: 1 });
    expect(result.tokenReads).toBeGreaterThanOrEqual(1);
    expectExact(result, server);
  });

  describe('tokens created or deleted elsewhere between two requests of one refresh', () => {
    /** Holds every list request, one round at a time; `between` runs while the last round is held. */
    async function refreshWithChangeAt(
      server: ApiVideoServer,
      client: ApiVideoClient,
      cached: readonly UploadToken[],
      sizes: number[],
      between: () => Promise<void> | void,
    ) {
      let hold: HeldResponses = server.hold(LISTS);
      const refreshing = refresh(client, cached);
      for (const [index, size] of sizes.entries()) {
        await hold.arrivals(size);
        const next = server.hold(LISTS);
        if (index === sizes.length - 1) await between();
        hold.release();
        hold = next;
      }
      hold.release();
      return refreshing;
    }

    it('created between the two newest-first pages: the refresh starts over and ends exact', async ({
      startServer,
    }) => {
      const { server, client, clock, cached } = await cachedAccount(startServer, { count: 2_000, seed: 22 });
      clock.ms += 1_000;
      for (let index = 0; index < 150; index++) server.addToken('production', { ttl: 0 });
      const result = await refreshWithChangeAt(server, client, cached, [1, 1], () => {
        clock.ms += 1_000;
        server.addToken('production', { ttl: 3_600 });
      });
      expect(result).toMatchObject({ method: 'delta', requests: 4 });
      expectExact(result, server);
    });

    it('deleted between the two newest-first pages: the refresh starts over and ends exact', async ({
      startServer,
    }) => {
      const { server, client, clock, cached } = await cachedAccount(startServer, { count: 2_000, seed: 23 });
      clock.ms += 1_000;
      const created = Array.from({ length: 150 }, () => server.addToken('production', { ttl: 0 }));
      const result = await refreshWithChangeAt(server, client, cached, [1, 1], () =>
        deleteElsewhere(server, [created[3]!.token]),
      );
      expect(result).toMatchObject({ method: 'delta', requests: 4 });
      expectExact(result, server);
    });

    it('created while the probes are held: the refresh starts over and ends exact', async ({ startServer }) => {
      const { server, client, cached } = await cachedAccount(startServer, { count: 10_000, seed: 17 });
      await deleteElsewhere(server, [cached[3_000]!.token, cached[7_000]!.token]);
      server.resetRequests();
      const result = await refreshWithChangeAt(server, client, cached, [1, 9], () => {
        for (let index = 0; index < 2; index++) server.addToken('production', { ttl: 0 });
      });
      expectExact(result, server);
      expect(result).toMatchObject({ method: 'delta', deletedElsewhere: 2 });
      // The first attempt stopped at its probes; the second read page 1 again.
      expect(listRequests(server).filter((request) => request.query.currentPage === '1')).toHaveLength(2);
    });

    it('deleted while the probes are held: the refresh starts over and ends exact', async ({ startServer }) => {
      const { server, client, cached } = await cachedAccount(startServer, { count: 10_000, seed: 18 });
      await deleteElsewhere(server, [cached[4_000]!.token]);
      server.resetRequests();
      const result = await refreshWithChangeAt(server, client, cached, [1, 9], () =>
        deleteElsewhere(server, [cached[8_000]!.token]),
      );
      expectExact(result, server);
      expect(result).toMatchObject({ method: 'delta', deletedElsewhere: 2 });
    });

    it('as many created as deleted while held: itemsTotal unchanged, yet the positions give it away', async ({
      startServer,
    }) => {
      const { server, client, cached } = await cachedAccount(startServer, { count: 10_000, seed: 19 });
      await deleteElsewhere(server, [cached[2_000]!.token, cached[6_000]!.token]);
      server.resetRequests();
      const result = await refreshWithChangeAt(server, client, cached, [1, 9], async () => {
        // Positions before the one deleted now all moved by one: a probe there contradicts page 1.
        await deleteElsewhere(server, [cached[1_000]!.token]);
        server.addToken('production', { ttl: 0 });
      });
      expectExact(result, server);
    });

    it('changed between every attempt: the full listing', async ({ startServer }) => {
      const { server, client, cached } = await cachedAccount(startServer, { count: 10_000, seed: 20 });
      await deleteElsewhere(server, [cached[5_000]!.token]);
      server.resetRequests();
      let hold: HeldResponses = server.hold(LISTS);
      const refreshing = refresh(client, cached);
      // Attempt 1: page 1, then its probes held while a token is created; attempt 2 the same.
      for (const size of [1, 9, 1, 9]) {
        await hold.arrivals(size);
        const next = server.hold(LISTS);
        if (size === 9) server.addToken('production', { ttl: 0 });
        hold.release();
        hold = next;
      }
      hold.release();
      const result = await refreshing;
      expect(result).toMatchObject({ method: 'full-listing', fallback: 'changed-meanwhile' });
      expect(result.requests).toBe(listRequests(server).length);
      expectExact(result, server);
    });
  });

  it('an answer whose page holds fewer tokens than its itemsTotal leaves: not trusted', async () => {
    const crafted = await craftedServers.start((request, index) => {
      const page = Number(request.query.currentPage);
      const size = Number(request.query.pageSize);
      if (index === 0) {
        const data = Array.from({ length: 10 }, (_, item) => ({
          token: `to${item}`,
          ttl: 0,
          createdAt: `2026-01-01T00:00:${String(59 - item).padStart(2, '0')}+00:00`,
        }));
        return craftedPage(data, { currentPage: page, pageSize: size, pagesTotal: 1, itemsTotal: 50 });
      }
      return craftedPage([], { currentPage: page, pageSize: size, pagesTotal: 1, itemsTotal: 0 });
    });
    const { client } = clientForCrafted(crafted);
    const result = await client.refreshUploadTokens({
      cached: [{ token: 'old', ttl: 0, createdAt: '2025-01-01T00:00:00+00:00' }],
    });
    expect(result).toMatchObject({ method: 'full-listing', fallback: 'unsorted', tokens: [] });
  });
});

describe('covering', () => {
  it.for([
    [1, 100, [{ currentPage: 1, pageSize: 100 }]],
    [101, 150, [{ currentPage: 3, pageSize: 50 }]],
    [5, 7, [{ currentPage: 2, pageSize: 4 }]],
    [
      9_950,
      10_049,
      [
        { currentPage: 164, pageSize: 61 },
        { currentPage: 165, pageSize: 61 },
      ],
    ],
    [
      1_001,
      1_200,
      [
        { currentPage: 11, pageSize: 100 },
        { currentPage: 12, pageSize: 100 },
      ],
    ],
    [42, 42, [{ currentPage: 42, pageSize: 1 }]],
  ] as const)('positions %i … %i: %j', ([first, last, expected]) => {
    const queries = covering(first, last);
    expect(queries).toEqual(expected);
    for (let position = first; position <= last; position++)
      expect(
        queries.some(
          ({ currentPage, pageSize }) => position > (currentPage - 1) * pageSize && position <= currentPage * pageSize,
        ),
      ).toBe(true);
  });

  it('positions 1,050 … 1,249: at most 3 reads, every position on one of them', () => {
    const queries = covering(1_050, 1_249);
    expect(queries.length).toBeLessThanOrEqual(3);
    for (let position = 1_050; position <= 1_249; position++)
      expect(
        queries.some(
          ({ currentPage, pageSize }) => position > (currentPage - 1) * pageSize && position <= currentPage * pageSize,
        ),
      ).toBe(true);
  });

  it('locateCost: 3 deletions among 10,000 stay well under a full re-list of 100 pages, 13 do not', () => {
    // 9 probes, then per deletion 4 probes and a group of ≤ 200 read whole in ≤ 3 requests.
    expect(locateCost(10_000, 3)).toBe(9 + 3 * 7);
    expect(locateCost(10_000, 12)).toBeLessThan(100);
    expect(locateCost(10_000, 13)).toBeGreaterThanOrEqual(100);
    expect(locateCost(150, 2)).toBe(6);
  });
});

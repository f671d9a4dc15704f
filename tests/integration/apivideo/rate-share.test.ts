// The client's share of api.video's rate limit, against the local server's real (small,
// time-scaled) windows, with the person's own backend writing to the same account meanwhile.
// What is checked is the server's own ledger: which window counted each request.
import { describe, expect } from 'vitest';
import { test } from '@/tests/helpers/server-fixture';
import { DEFAULT_KEYS, type ApiVideoServer, type RecordedRequest } from '@/tests/server';
import { abortableSleep } from '@/utils/apivideo/http';
import { countedPerWindow } from '@/tests/helpers/rate-windows';
import { caught, clientFor } from './harness';

// The backend's requests are not the extension's: only the server's own checks apply to them.
const it = test.extend({
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern: none
  checkServer: async ({}, use) => use((server: ApiVideoServer) => expect(server.validationErrors).toEqual([])),
});

/** The person's own backend: its own access token for the same account, creating upload tokens. */
async function backendOf(server: ApiVideoServer) {
  const base = server.urls.production;
  const auth = await fetch(`${base}/auth/api-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiKey: DEFAULT_KEYS.production }),
  });
  const { access_token: accessToken } = (await auth.json()) as { access_token: string };
  return {
    /** Creates one upload token; the HTTP status. */
    async write(): Promise<number> {
      const response = await fetch(`${base}/upload-tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: '{}',
      });
      await response.arrayBuffer();
      return response.status;
    },
  };
}

const isExtension = (request: RecordedRequest) => request.headers['av-origin-app'] !== undefined;

/** How many of the extension's requests of `method` each window counted, window by window. */
const ownPerWindow = (server: ApiVideoServer, method: string) =>
  countedPerWindow(server.requests.filter(isExtension), method);

async function deleteAll(client: ReturnType<typeof clientFor>['client'], tokens: string[], concurrency = 3) {
  const queue = [...tokens];
  // The bulk delete's pool shape (utils/background/bulk-delete.ts).
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let token = queue.shift(); token !== undefined; token = queue.shift()) await client.deleteUploadToken(token);
    }),
  );
}

describe('a share of the rate limit', () => {
  it('deletes at most its share of the writes in each window, waiting for the next ones', async ({ startServer }) => {
    const server = await startServer({ rateLimit: { production: { reads: 100, writes: 8, windowMs: 1000 } } });
    server.seed('production', { count: 12, neverExpiring: 12 });
    const { client } = clientFor(server, 'production', { sleep: abortableSleep, rateLimitShare: () => 0.5 });
    await deleteAll(
      client,
      server.tokens('production').map((token) => token.token),
    );
    expect(server.tokens('production')).toEqual([]);
    expect(ownPerWindow(server, 'DELETE')).toEqual([4, 4, 4]);
    expect(server.stats().rateLimited).toBe(0);
  });

  it('lists with at most its share of the reads in each window', async ({ startServer }) => {
    const server = await startServer({ rateLimit: { production: { reads: 16, writes: 8, windowMs: 1000 } } });
    server.seed('production', { count: 2000 });
    const { client } = clientFor(server, 'production', { sleep: abortableSleep, rateLimitShare: () => 0.5 });
    expect(await client.listAllUploadTokens()).toHaveLength(2000);
    const perWindow = ownPerWindow(server, 'GET');
    expect(perWindow.reduce((sum, count) => sum + count, 0)).toBe(20);
    expect(Math.max(...perWindow)).toBeLessThanOrEqual(8);
    expect(server.stats().rateLimited).toBe(0);
  });

  it('leaves the backend the rest of the window while the backend writes in it', async ({ startServer }) => {
    // One long window: nothing here depends on time. The extension may take 5 of 10.
    const server = await startServer({ rateLimit: { production: { reads: 100, writes: 10, windowMs: 60_000 } } });
    server.seed('production', { count: 8, neverExpiring: 8 });
    const tokens = server.tokens('production').map((token) => token.token);
    const backend = await backendOf(server);
    // Waiting for the next window would take longer than allowed: what is over the share fails at once.
    const { client } = clientFor(server, 'production', {
      rateLimitShare: () => 0.5,
      retry: { maxRateLimitWaitMs: 5_000 },
    });

    await client.deleteUploadToken(tokens[0]!); // opens the window
    expect([await backend.write(), await backend.write(), await backend.write()]).toEqual([200, 200, 200]);
    const results = await Promise.allSettled(tokens.slice(1).map((token) => client.deleteUploadToken(token)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(4);
    const refused = results.find((result) => result.status === 'rejected');
    expect(refused?.reason).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: expect.any(Number) });

    // The backend still has the 2 it had not used of its 5, and the account is then spent.
    expect([await backend.write(), await backend.write()]).toEqual([200, 200]);
    expect(await backend.write()).toBe(429);
    expect(ownPerWindow(server, 'DELETE')).toEqual([5]);
    // The extension itself drew no 429: what was over its share never left the computer.
    expect(server.requests.filter((request) => isExtension(request) && request.status === 429)).toEqual([]);
  });

  it('takes no more than the account has left when the backend used more than its part', async ({ startServer }) => {
    const server = await startServer({ rateLimit: { production: { reads: 100, writes: 10, windowMs: 60_000 } } });
    server.seed('production', { count: 4, neverExpiring: 4 });
    const tokens = server.tokens('production').map((token) => token.token);
    const backend = await backendOf(server);
    const { client } = clientFor(server, 'production', {
      rateLimitShare: () => 0.5,
      retry: { maxRateLimitWaitMs: 5_000 },
    });
    await client.deleteUploadToken(tokens[0]!);
    for (let index = 0; index < 7; index++) expect(await backend.write()).toBe(200);
    // One after the other, so that each learns from the answer before it what the account has left.
    await client.deleteUploadToken(tokens[1]!);
    await client.deleteUploadToken(tokens[2]!);
    expect(await caught(client.deleteUploadToken(tokens[3]!))).toMatchObject({ kind: 'rate-limited' });
    expect(server.stats().rateLimited).toBe(0);
    expect(ownPerWindow(server, 'DELETE')).toEqual([3]);
  });

  it('follows a share changed while it runs, from the next request on', async ({ startServer }) => {
    const server = await startServer({ rateLimit: { production: { reads: 100, writes: 10, windowMs: 60_000 } } });
    server.seed('production', { count: 9, neverExpiring: 9 });
    const tokens = server.tokens('production').map((token) => token.token);
    let share = 0.2;
    const { client } = clientFor(server, 'production', {
      rateLimitShare: () => share,
      retry: { maxRateLimitWaitMs: 5_000 },
    });
    await client.deleteUploadToken(tokens[0]!);
    await client.deleteUploadToken(tokens[1]!); // 2 of 10 at 20 %
    expect(await caught(client.deleteUploadToken(tokens[2]!))).toMatchObject({ kind: 'rate-limited' });
    share = 0.6;
    for (const token of tokens.slice(2, 6)) await client.deleteUploadToken(token); // 6 of 10 now
    expect(await caught(client.deleteUploadToken(tokens[6]!))).toMatchObject({ kind: 'rate-limited' });
    share = 0.5; // lowered below what was spent: nothing more in this window
    expect(await caught(client.deleteUploadToken(tokens[6]!))).toMatchObject({ kind: 'rate-limited' });
    expect(ownPerWindow(server, 'DELETE')).toEqual([6]);
    expect(server.stats().rateLimited).toBe(0);
  });
});

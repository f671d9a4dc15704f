import { describe, expect } from 'vitest';
import { it, type ServerFixtures } from '@/tests/helpers/server-fixture';
import {
  type ApiVideoServer,
  type ChaosKind,
  type ChaosOptions,
  DEFAULT_CHAOS_KINDS,
  OTHER_KEYS,
} from '@/tests/server';
import type { AccessTokenResponse } from '@/utils/apivideo/types';
import { JSON_HEADERS, authorizedFetcher, exchangeKey } from './helpers';

type Call = Awaited<ReturnType<typeof authorizedFetcher>>;

/** One request, in turn: what the client saw, and the fault the server recorded for it. */
async function attempt(server: ApiVideoServer, call: Call, path: string, init: RequestInit = {}): Promise<string> {
  const before = server.requests.length;
  let seen: string;
  try {
    const response = await call(path, init);
    const text = await response.text();
    seen = `${response.status} ${parses(text) ? 'json' : text === '' ? 'empty' : 'broken'}`;
  } catch {
    seen = 'dropped';
  }
  // One request per call: the client never silently retried (a retry would shift the draws).
  expect(server.requests.length).toBe(before + 1);
  const fault = server.requests.at(-1)!.fault;
  return fault ? `${seen} (${fault.source} ${fault.kind} ${fault.phase})` : seen;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function listRun(
  startServer: ServerFixtures['startServer'],
  options: ChaosOptions,
  count: number,
): Promise<string[]> {
  const server = await startServer({ rateLimit: false });
  const call = await authorizedFetcher(server);
  server.chaos(options);
  const outcomes: string[] = [];
  for (let i = 0; i < count; i++) outcomes.push(await attempt(server, call, '/upload-tokens'));
  return outcomes;
}

describe('chaos', () => {
  it('faults about `rate` of the requests, the same ones for the same seed', async ({ startServer }) => {
    const first = await listRun(startServer, { seed: 7, rate: 0.3 }, 80);
    const again = await listRun(startServer, { seed: 7, rate: 0.3 }, 80);
    const otherSeed = await listRun(startServer, { seed: 8, rate: 0.3 }, 80);

    expect(again).toEqual(first);
    expect(otherSeed).not.toEqual(first);
    const faulted = first.filter((outcome) => outcome.includes('(chaos'));
    expect(faulted.length).toBeGreaterThanOrEqual(12);
    expect(faulted.length).toBeLessThanOrEqual(36);
    // Every default kind shows up, and unfaulted requests are answered normally.
    for (const kind of DEFAULT_CHAOS_KINDS) expect(faulted.some((outcome) => outcome.includes(` ${kind} `))).toBe(true);
    expect(first.filter((outcome) => !outcome.includes('(chaos')).every((outcome) => outcome === '200 json')).toBe(
      true,
    );
  });

  it('rate 0 faults nothing', async ({ startServer }) => {
    expect(new Set(await listRun(startServer, { seed: 1, rate: 0 }, 20))).toEqual(new Set(['200 json']));
  });

  it.for([
    { kind: 'rate-limit', seen: '429 json', contentType: 'application/json' },
    { kind: 'server-error-json', seen: '500 json', contentType: 'application/json' },
    { kind: 'bad-gateway-html', seen: '502 broken', contentType: 'text/html; charset=utf-8' },
    { kind: 'malformed-json', seen: '200 broken', contentType: 'application/json' },
    { kind: 'drop-connection', seen: 'dropped', contentType: undefined },
  ] as const)('$kind answers $seen', async ({ kind, seen, contentType }, { startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.chaos({ seed: 1, rate: 1, kinds: [kind] });
    expect(await attempt(server, call, '/upload-tokens')).toBe(`${seen} (chaos ${kind} before)`);
    if (contentType === undefined) return;
    const response = await call('/upload-tokens');
    expect(response.headers.get('content-type')).toBe(contentType);
    if (kind === 'rate-limit') {
      expect(response.headers.get('x-ratelimit-limit')).toBe('500');
      expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(response.headers.get('x-ratelimit-retry-after')).toBe('1');
      expect(server.stats('production').rateLimited).toBe(2);
    }
  });

  it('never touches /auth', async ({ startServer }) => {
    const server = await startServer();
    server.chaos({ seed: 2, rate: 1 });
    const { refresh_token } = await exchangeKey(server);
    const refreshed = await fetch(`${server.urls.production}/auth/refresh`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ refreshToken: refresh_token }),
    });
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).toMatchObject({ token_type: 'Bearer' } satisfies Partial<AccessTokenResponse>);
    expect(server.requests.every((request) => request.fault === undefined)).toBe(true);
  });

  it('DELETE: strikes before or after the operation as drawn; the log says what really happened', async ({
    startServer,
  }) => {
    const server = await startServer({ rateLimit: false });
    const call = await authorizedFetcher(server);
    const tokens = server.seed('production', { count: 40 }).map((token) => token.token);
    const otherAccount = server.account('production', OTHER_KEYS.production);
    const bystanders = otherAccount.seed({ count: 5, seed: 2 });
    server.chaos({ seed: 3, rate: 1, kinds: ['server-error-json', 'drop-connection', 'malformed-json'] });

    const seen: string[] = [];
    for (const token of tokens) seen.push(await attempt(server, call, `/upload-tokens/${token}`, { method: 'DELETE' }));
    const struckAfter = tokens.filter((_, i) => seen[i]!.endsWith(' after)'));
    expect(struckAfter.length).toBeGreaterThan(5);
    expect(struckAfter.length).toBeLessThan(35);
    // Not one request got a 204: yet exactly the 'after' ones were deleted, each once.
    expect(seen.some((outcome) => outcome.startsWith('204'))).toBe(false);
    expect(server.operations.deleted.map((entry) => entry.token)).toEqual(struckAfter);
    for (const token of tokens)
      expect(server.operations.deleteAttempts(token)).toBe(struckAfter.includes(token) ? 1 : 0);
    expect(
      server
        .tokens('production')
        .map((token) => token.token)
        .sort(),
    ).toEqual(tokens.filter((token) => !struckAfter.includes(token)).sort());
    expect(otherAccount.tokens()).toEqual(expect.arrayContaining(bystanders));
    expect(otherAccount.tokens()).toHaveLength(5);
  });

  it('POST: a token is created exactly when the fault struck after the operation', async ({ startServer }) => {
    const server = await startServer({ rateLimit: false });
    const call = await authorizedFetcher(server);
    server.chaos({ seed: 4, rate: 1, kinds: ['bad-gateway-html', 'drop-connection'] });
    const seen: string[] = [];
    for (let i = 0; i < 20; i++)
      seen.push(await attempt(server, call, '/upload-tokens', { method: 'POST', body: '{}' }));
    const after = seen.filter((outcome) => outcome.endsWith(' after)')).length;
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(20);
    expect(server.operations.created).toHaveLength(after);
    expect(
      server
        .tokens('production')
        .map((token) => token.token)
        .sort(),
    ).toEqual(server.operations.created.map((entry) => entry.token).sort());
  });

  it.for(['rate-limit', 'expired-access-token'] as const)(
    '%s always strikes before: api.video refuses before acting',
    async (kind, { startServer }) => {
      const server = await startServer({ rateLimit: false });
      const call = await authorizedFetcher(server);
      server.chaos({ seed: 5, rate: 1, kinds: [kind] });
      for (let i = 0; i < 10; i++)
        expect(await attempt(server, call, '/upload-tokens', { method: 'POST', body: '{}' })).toMatch(/ before\)$/);
      expect(server.operations.all).toEqual([]);
    },
  );

  it('injected faults win; chaos(false) stops; a new chaos() restarts the sequence', async ({ startServer }) => {
    const server = await startServer({ rateLimit: false });
    const call = await authorizedFetcher(server);
    server.chaos({ seed: 6, rate: 1, kinds: ['server-error-json'] });
    server.inject({ kind: 'bad-gateway-html' });
    expect(await attempt(server, call, '/upload-tokens')).toBe('502 broken (inject bad-gateway-html before)');
    expect(await attempt(server, call, '/upload-tokens')).toBe('500 json (chaos server-error-json before)');
    server.chaos(false);
    expect(await attempt(server, call, '/upload-tokens')).toBe('200 json');

    const run = async () => {
      server.chaos({ seed: 9, rate: 0.5 });
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i++) outcomes.push(await attempt(server, call, '/upload-tokens'));
      return outcomes;
    };
    expect(await run()).toEqual(await run());
  });

  it.for([
    { case: 'rate above 1', options: { seed: 1, rate: 1.5 } },
    { case: 'negative rate', options: { seed: 1, rate: -0.1 } },
    { case: 'NaN rate', options: { seed: 1, rate: Number.NaN } },
    { case: 'fractional seed', options: { seed: 1.5, rate: 0.3 } },
    { case: 'no kinds', options: { seed: 1, rate: 0.3, kinds: [] } },
    { case: "'slow' (time-dependent)", options: { seed: 1, rate: 0.3, kinds: ['slow' as ChaosKind] } },
  ])('refuses $case', async ({ options }, { startServer }) => {
    const server = await startServer();
    expect(() => server.chaos(options)).toThrow(RangeError);
  });
});

// The authenticator on its own (utils/apivideo/auth.ts) over the real http layer and a crafted
// server: what it trusts in its cache, when it asks api.video again, and what it reports.
import { describe, expect, it } from 'vitest';
import { createAuthenticator, createMemoryAuthStore, type AuthStore, type AuthTokens } from '@/utils/apivideo/auth';
import { createHttp, DEFAULT_RETRY_POLICY } from '@/utils/apivideo/http';
import { createRateLimitGate } from '@/utils/apivideo/rate-limit';
import { useCraftedServers, type CraftedAnswer, type CraftedRequest } from './crafted-server';
import { caught, fastSleep } from './harness';

const crafted = useCraftedServers();
const NOW = 1_700_000_000_000;

/** A server whose sign-ins hand out access-1, access-2, … unless `answerAuth` answers. */
async function authServer(answerAuth?: (request: CraftedRequest, index: number) => CraftedAnswer | undefined) {
  let signIns = 0;
  return crafted.start(() => ({ status: 404 }), {
    answerAuth: (request) => {
      signIns++;
      return (
        answerAuth?.(request, signIns - 1) ?? {
          status: 200,
          body: { token_type: 'Bearer', expires_in: 3600, access_token: `access-${signIns}`, refresh_token: 'r' },
        }
      );
    },
  });
}

function authenticatorFor(url: string, options: { store?: AuthStore; now?: () => number; apiKey?: string } = {}) {
  const { sleep } = fastSleep();
  const http = createHttp({
    baseUrl: url,
    timeoutMs: 5000,
    retry: DEFAULT_RETRY_POLICY,
    sleep,
    gate: createRateLimitGate({ now: Date.now, sleep, maxWaitMs: 60_000 }),
  });
  const store = options.store ?? createMemoryAuthStore();
  const auth = createAuthenticator({ http, apiKey: options.apiKey ?? 'key', store, now: options.now ?? (() => NOW) });
  return { auth, store };
}

const fresh = (accessToken: string): AuthTokens => ({ accessToken, refreshToken: 'r', expiresAt: NOW + 60_000 });

/** A store that hands back `value` as it is, whatever its shape. */
function storeHolding(value: unknown): AuthStore {
  return {
    get: () => Promise.resolve(value as AuthTokens),
    set: () => Promise.resolve(),
    clear: () => Promise.resolve(),
  };
}

describe('what the cache is trusted with', () => {
  it('uses fresh cached tokens without asking api.video', async () => {
    const server = await authServer();
    const { auth } = authenticatorFor(server.url, { store: storeHolding(fresh('cached')) });
    await expect(auth.accessToken()).resolves.toBe('cached');
    expect(server.signIns).toHaveLength(0);
  });

  it.each<[string, unknown]>([
    ['nothing', null],
    ['a string', 'cached'],
    ['no access token', { refreshToken: 'r', expiresAt: NOW + 60_000 }],
    ['no refresh token', { accessToken: 'cached', expiresAt: NOW + 60_000 }],
    ['an expiry that is not a number', { accessToken: 'cached', refreshToken: 'r', expiresAt: String(NOW + 60_000) }],
  ])('exchanges the key when the cache holds %s', async (_label, value) => {
    const server = await authServer();
    const { auth } = authenticatorFor(server.url, { store: storeHolding(value) });
    await expect(auth.accessToken()).resolves.toBe('access-1');
    expect(server.signIns.map((request) => request.path)).toEqual(['/auth/api-key']);
  });

  it('renews tokens at the instant they are due', async () => {
    const server = await authServer();
    const { auth } = authenticatorFor(server.url, { store: storeHolding({ ...fresh('cached'), expiresAt: NOW }) });
    await expect(auth.accessToken()).resolves.toBe('access-1');
    expect(server.signIns.map((request) => request.path)).toEqual(['/auth/refresh']);
  });

  it('keeps using what it obtained when the store cannot be read', async () => {
    const server = await authServer();
    const broken: AuthStore = {
      get: () => Promise.reject(new Error('storage gone')),
      set: () => Promise.reject(new Error('storage gone')),
      clear: () => Promise.reject(new Error('storage gone')),
    };
    const { auth } = authenticatorFor(server.url, { store: broken });
    await expect(auth.accessToken()).resolves.toBe('access-1');
    await expect(auth.accessToken()).resolves.toBe('access-1');
    expect(server.signIns).toHaveLength(1);
    // A token it did not hand out last is not refused: it is still the newest one.
    await expect(auth.reauthenticate('access-0')).resolves.toBe('access-1');
    expect(server.signIns).toHaveLength(1);
  });
});

describe('after a 401', () => {
  it('hands out the stored token when it is not the one refused', async () => {
    const server = await authServer();
    const { auth } = authenticatorFor(server.url, { store: storeHolding(fresh('newer')) });
    await expect(auth.reauthenticate('older')).resolves.toBe('newer');
    expect(server.signIns).toHaveLength(0);
  });

  it('forgets the refused token even when the new key exchange fails', async () => {
    const server = await authServer((_request, index) => (index === 0 ? undefined : { status: 503 }));
    const { auth, store } = authenticatorFor(server.url);
    await expect(auth.accessToken()).resolves.toBe('access-1');
    await expect(auth.reauthenticate('access-1')).rejects.toMatchObject({ kind: 'server' });
    expect(await store.get()).toBeUndefined();
  });
});

describe('what a key that cannot sign in reports', () => {
  it('an empty key is refused before anything is sent', async () => {
    const server = await authServer();
    const error = await caught(authenticatorFor(server.url, { apiKey: '' }).auth.exchangeKey());
    expect(error).toMatchObject({ kind: 'invalid-key' });
    expect((error as Error).message).toContain('(the API key is empty)');
    expect(server.signIns).toHaveLength(0);
  });

  it.each<[number, string | undefined]>([
    [401, 'https://docs.api.video/reference/authentication-invalid-user-credentials'],
    [400, undefined],
  ])('a %i is invalid-key, with api.video’s problem type when it gives one', async (status, type) => {
    const server = await authServer(() => ({ status, body: type === undefined ? { title: 'no' } : { type } }));
    const error = await caught(authenticatorFor(server.url).auth.exchangeKey());
    expect(error).toMatchObject({ kind: 'invalid-key', status });
    expect((error as Error).message).toContain(`(POST /auth/api-key, HTTP ${status})`);
    expect((error as { problemType?: string }).problemType).toBe(type);
  });
});

describe('cancelling', () => {
  it('a caller whose signal already fired gets aborted at once', async () => {
    const server = await authServer();
    const { auth } = authenticatorFor(server.url);
    const error = await caught(auth.accessToken(AbortSignal.abort()));
    expect(error).toMatchObject({ kind: 'aborted' });
  });

  it('a caller cancelling while the sign-in is awaited stops waiting; the others get their token', async () => {
    const controller = new AbortController();
    const server = await authServer(() => {
      controller.abort();
      return 'hold';
    });
    const { auth } = authenticatorFor(server.url);
    const other = auth.accessToken().catch((error: unknown) => error);
    await expect(auth.accessToken(controller.signal)).rejects.toMatchObject({ kind: 'aborted' });
    await server.close(); // the held sign-in breaks off; the other caller sees that, not the cancel
    expect(await other).not.toMatchObject({ kind: 'aborted' });
  });
});

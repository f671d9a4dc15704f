// api.video's "disposable bearer token" flow: exchange the API key for an access token plus
// a refresh token, reuse the access token until shortly before it expires, then refresh
// (the refresh token rotates), and exchange the key again when refreshing fails.
// https://docs.api.video/reference/disposable-bearer-token-authentication
//
// The key travels only in the body of POST /auth/api-key. Tokens are cached in an AuthStore
// (storage.session in the extension, so they survive the service worker being killed).
// Concurrent callers share one in-flight authentication per client instance.
import { ApiVideoError, abortedError, isApiVideoError } from './errors';
import type { Http } from './http';
import { parseAccessToken } from './shapes';

export interface AuthTokens {
  accessToken: string;
  refreshToken: string;
  /** ms since epoch, already minus the safety margin. */
  expiresAt: number;
}

export interface AuthStore {
  get(): Promise<AuthTokens | undefined>;
  set(tokens: AuthTokens): Promise<void>;
  clear(): Promise<void>;
}

export function createMemoryAuthStore(): AuthStore {
  let tokens: AuthTokens | undefined;
  return {
    get: () => Promise.resolve(tokens),
    set: (next) => {
      tokens = { ...next };
      return Promise.resolve();
    },
    clear: () => {
      tokens = undefined;
      return Promise.resolve();
    },
  };
}

export interface Authenticator {
  /** A usable access token: cached, refreshed, or from a new key exchange. */
  accessToken(signal?: AbortSignal): Promise<string>;
  /** After a 401 with `rejected`: forget the cache and exchange the key (unless another caller just did). */
  reauthenticate(rejected: string, signal?: AbortSignal): Promise<string>;
  /** Exchange the key now, e.g. to check a key before saving it. */
  exchangeKey(signal?: AbortSignal): Promise<void>;
}

/** Renew this long before expiry: 60 s, or 10 % of a short lifetime. */
export function safetyMarginMs(expiresInSeconds: number): number {
  return Math.min(60_000, expiresInSeconds * 100);
}

function isValidStored(value: unknown): value is AuthTokens {
  if (typeof value !== 'object' || value === null) return false;
  const { accessToken, refreshToken, expiresAt } = value as Partial<AuthTokens>;
  return typeof accessToken === 'string' && typeof refreshToken === 'string' && typeof expiresAt === 'number';
}

/** Waits for a shared promise, but lets this caller stop waiting when its own signal fires. */
function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function createAuthenticator(options: {
  http: Http;
  apiKey: string;
  store: AuthStore;
  now: () => number;
}): Authenticator {
  const { http, apiKey, store, now } = options;
  let inFlight: { kind: 'renew' | 'exchange'; promise: Promise<AuthTokens> } | undefined;
  // What this instance obtained last: covers callers that read the store just before an
  // in-flight authentication finished, so they do not start a second one.
  let latest: AuthTokens | undefined;

  const isFresh = (tokens: AuthTokens | undefined): tokens is AuthTokens =>
    tokens !== undefined && now() < tokens.expiresAt;

  async function readStore(): Promise<AuthTokens | undefined> {
    try {
      const stored = await store.get();
      return isValidStored(stored) ? stored : undefined;
    } catch {
      return undefined; // An unreadable cache only costs one key exchange.
    }
  }

  async function remember(tokens: AuthTokens): Promise<AuthTokens> {
    latest = tokens;
    try {
      await store.set(tokens);
    } catch {
      // Caching is an optimisation: the tokens are still good for this call.
    }
    return tokens;
  }

  async function forget(): Promise<void> {
    latest = undefined;
    try {
      await store.clear();
    } catch {
      // Nothing more to do: the next read validates whatever is there.
    }
  }

  async function callAuth(path: '/auth/api-key' | '/auth/refresh', body: Record<string, string>): Promise<AuthTokens> {
    const issuedAt = now(); // Measure the lifetime from before the request: errs on the safe side.
    const { data } = await http.request({
      method: 'POST',
      route: path,
      path,
      body,
      // Repeating an auth call is harmless (it only mints another short-lived token).
      idempotent: true,
      rateLimited: false,
      parse: parseAccessToken,
    });
    return {
      accessToken: data.access_token,
      refreshToken: data.refresh_token,
      expiresAt: issuedAt + data.expires_in * 1000 - safetyMarginMs(data.expires_in),
    };
  }

  async function exchange(): Promise<AuthTokens> {
    if (typeof apiKey !== 'string' || apiKey === '')
      throw new ApiVideoError('invalid-key', { context: 'the API key is empty' });
    try {
      return await remember(await callAuth('/auth/api-key', { apiKey }));
    } catch (error) {
      // The spec documents 400 authentication-invalid-user-credentials, the docs say 401.
      // Our body is always {apiKey}, so any 400 here is about the key too.
      if (isApiVideoError(error) && (error.status === 401 || error.status === 400)) {
        throw new ApiVideoError('invalid-key', {
          status: error.status,
          context: 'POST /auth/api-key',
          ...(error.problemType === undefined ? {} : { problemType: error.problemType }),
        });
      }
      throw error;
    }
  }

  async function renew(stale: AuthTokens | undefined): Promise<AuthTokens> {
    if (stale) {
      try {
        return await remember(await callAuth('/auth/refresh', { refreshToken: stale.refreshToken }));
      } catch {
        // The refresh token's lifetime is undocumented; whatever went wrong, the key still works.
      }
    }
    return exchange();
  }

  /** Starts `run` unless an authentication is already in flight, which is then shared. */
  function shared(kind: 'renew' | 'exchange', run: () => Promise<AuthTokens>): Promise<AuthTokens> {
    if (!inFlight) {
      const promise = run().finally(() => {
        if (inFlight?.promise === promise) inFlight = undefined;
      });
      promise.catch(() => {}); // Callers that stopped waiting must not leave it unhandled.
      inFlight = { kind, promise };
    }
    return inFlight.promise;
  }

  return {
    async accessToken(signal) {
      const stored = await readStore();
      if (isFresh(stored)) return stored.accessToken;
      if (!inFlight && isFresh(latest)) return latest.accessToken;
      // The shared run takes no caller signal: one caller cancelling must not fail the others.
      return (
        await waitFor(
          shared('renew', () => renew(stored ?? latest)),
          signal,
        )
      ).accessToken;
    },

    async reauthenticate(rejected, signal) {
      if (!inFlight) {
        const stored = await readStore();
        if (isFresh(stored) && stored.accessToken !== rejected) return stored.accessToken;
        if (isFresh(latest) && latest.accessToken !== rejected) return latest.accessToken;
      }
      if (!inFlight) await forget();
      return (await waitFor(shared('exchange', exchange), signal)).accessToken;
    },

    async exchangeKey(signal) {
      // A refresh in flight would not test the key: wait for it, then exchange anyway.
      if (inFlight && inFlight.kind !== 'exchange')
        await waitFor(
          inFlight.promise.catch(() => undefined),
          signal,
        );
      await waitFor(shared('exchange', exchange), signal);
    },
  };
}

// A local, stateful stand-in for api.video's auth and upload-token calls, for tests, demos
// and benchmarks. One engine, one loopback listener per environment (as api.video has one
// host per environment); see ./types.ts for the contract; the behaviour follows api.video's documentation.
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import { Chaos } from './chaos';
import {
  DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_KEYS,
  DEFAULT_LIMITS,
  DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
  OTHER_KEYS,
} from './defaults';
import { type Account, Engine } from './engine';
import { listen, type Listener } from './http';
import { newTokenString } from './random';
import { seedTokens } from './seed';
import { createTestCertificate } from './tls';
import { formatAtom, type TokenStore, wholeSeconds } from './token-store';
import type {
  AccountHandle,
  ApiVideoServer,
  ApiVideoServerOptions,
  Limits,
  OperationLog,
  ServerStats,
  TokenOperation,
} from './types';
import { loadRequestValidator } from './validation';

export { DEFAULT_KEYS, OTHER_KEYS } from './defaults';
export { DEFAULT_CHAOS_KINDS } from './chaos';
export type {
  AccountHandle,
  ApiVideoServer,
  ApiVideoServerOptions,
  ChaosKind,
  ChaosOptions,
  Fault,
  FaultKind,
  HeldResponses,
  HoldMatch,
  Limits,
  OperationLog,
  Phase,
  RecordedRequest,
  RequestMatch,
  ServerStats,
  TokenOperation,
  ValidationFailure,
} from './types';

const BOTH: readonly Environment[] = ['production', 'sandbox'];

export async function startApiVideoServer(options: ApiVideoServerOptions = {}): Promise<ApiVideoServer> {
  const now = options.now ?? Date.now;
  const rateLimit = options.rateLimit;
  const engine = new Engine({
    keys: {
      production: options.keys?.production ?? [DEFAULT_KEYS.production, OTHER_KEYS.production],
      sandbox: options.keys?.sandbox ?? [DEFAULT_KEYS.sandbox, OTHER_KEYS.sandbox],
    },
    limits: {
      production: rateLimit === false ? false : (rateLimit?.production ?? DEFAULT_LIMITS.production),
      sandbox: rateLimit === false ? false : (rateLimit?.sandbox ?? DEFAULT_LIMITS.sandbox),
    },
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
    invalidKeyStatus: options.invalidKeyStatus ?? 400,
    ignoreSorting: options.ignoreSorting ?? false,
    absoluteLinks: options.absoluteLinks ?? false,
    latencyMs: options.latencyMs ?? 0,
    now,
    quiet: options.quiet ?? false,
    validator: options.validate === false ? undefined : await loadRequestValidator(),
  });

  const certificate = options.tls ? await createTestCertificate() : undefined;
  let offline = false;
  const listeners = {} as Record<Environment, Listener>;
  try {
    for (const environment of BOTH) {
      listeners[environment] = await listen({
        environment,
        engine,
        host: options.host ?? '127.0.0.1',
        port: options.ports?.[environment] ?? 0,
        certificate,
        isOffline: () => offline,
      });
    }
  } catch (error) {
    await Promise.all(Object.values(listeners).map((listener) => listener.close()));
    throw error;
  }

  const envs = (env?: Environment) => (env ? [env] : BOTH);
  const defaultTokens = (env: Environment) => engine.environments[env].defaultAccount.tokens;
  const accountHandle = (environment: Environment, account: Account): AccountHandle => ({
    environment,
    key: account.key,
    tokens: () => account.tokens.list(),
    seed: (opts) => seedTokens(account.tokens, now(), opts),
    addToken: (token) => addToken(account.tokens, token, now),
    clearTokens: () => account.tokens.clear(),
    stats: () => ({ ...account.stats }),
    setRateLimit: (limits) => account.limiter.setLimits(limits),
    revokeKey: () => engine.environments[environment].auth.revoke(account.key),
  });
  return {
    urls: { production: listeners.production.url, sandbox: listeners.sandbox.url },
    ports: { production: listeners.production.port, sandbox: listeners.sandbox.port },
    certificate,
    tokens: (env) => defaultTokens(env).list(),
    seed: (env, opts) => seedTokens(defaultTokens(env), now(), opts),
    addToken: (env, token) => addToken(defaultTokens(env), token, now),
    clearTokens: (env) => {
      if (env) defaultTokens(env).clear();
      else BOTH.forEach((e) => engine.environments[e].accounts.forEach((account) => account.tokens.clear()));
    },
    account: (env, key) => {
      const account = engine.environments[env].accounts.get(key);
      if (!account) throw new RangeError(`account: not an API key of ${env} on this server`);
      return accountHandle(env, account);
    },
    setLatency: (ms) => {
      engine.latencyMs = ms;
    },
    setRateLimit: (env, limits: Limits | false) => engine.setRateLimit(env, limits),
    inject: (fault) => engine.faults.push(fault),
    clearFaults: () => engine.faults.clear(),
    hold: (match) => engine.holds.add(match),
    chaos: (chaosOptions) => {
      engine.chaos = chaosOptions === false ? undefined : new Chaos(chaosOptions);
    },
    get operations() {
      return operationLog(engine.operations);
    },
    resetOperations: () => {
      engine.operations = [];
    },
    expireAccessTokens: (env) => envs(env).forEach((e) => engine.environments[e].auth.expireAccessTokens()),
    setOffline: (value) => {
      offline = value;
      if (value) BOTH.forEach((e) => listeners[e].dropConnections());
    },
    get requests() {
      return engine.requests;
    },
    resetRequests: () => {
      engine.requests = [];
    },
    get validationErrors() {
      return engine.validationErrors;
    },
    stats: (env) =>
      envs(env).reduce<ServerStats>(
        (total, e) => {
          const s = engine.environments[e].stats;
          return {
            reads: total.reads + s.reads,
            writes: total.writes + s.writes,
            auth: total.auth + s.auth,
            rateLimited: total.rateLimited + s.rateLimited,
          };
        },
        { reads: 0, writes: 0, auth: 0, rateLimited: 0 },
      ),
    close: async () => {
      engine.shutdown.abort();
      await Promise.all(BOTH.map((e) => listeners[e].close()));
    },
  };
}

/**
 * Exact control over one token: any token string (HTML, '../videos', '/'), any createdAt.
 * expiresAt is derived from createdAt + ttl unless given; giving it (even null) only changes
 * what is shown, expiry always follows createdAt + ttl.
 */
function addToken(store: TokenStore, input: Partial<UploadToken> & { ttl: number }, now: () => number): UploadToken {
  const createdAtMs = input.createdAt !== undefined ? Date.parse(input.createdAt) : wholeSeconds(now());
  if (Number.isNaN(createdAtMs)) throw new RangeError(`addToken: createdAt is not a date: ${input.createdAt}`);
  if (!Number.isInteger(input.ttl) || input.ttl < 0)
    throw new RangeError(`addToken: ttl must be a non-negative integer: ${input.ttl}`);
  let token = input.token;
  while (token === undefined || (input.token === undefined && store.has(token))) token = newTokenString();
  store.remove(token); // re-adding a token string replaces it and moves it to the end of storage order
  return store.insert({
    token,
    ttl: input.ttl,
    createdAtMs: wholeSeconds(createdAtMs),
    ...('expiresAt' in input ? { expiresAtOverride: input.expiresAt ?? null } : {}),
  });
}

/** A snapshot: later operations do not change a log already read. */
function operationLog(operations: readonly TokenOperation[]): OperationLog {
  const all = [...operations];
  return {
    all,
    created: all.filter((entry) => entry.result === 'created'),
    deleted: all.filter((entry) => entry.result === 'deleted'),
    deleteAttempts: (token, where = {}) =>
      all.filter(
        (entry) =>
          entry.operation === 'delete' &&
          entry.token === token &&
          (where.environment === undefined || entry.environment === where.environment) &&
          (where.account === undefined || entry.account === where.account),
      ).length,
  };
}

export { formatAtom };

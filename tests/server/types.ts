// Public shapes of the local api.video server. Other suites code against these names:
// change them only together with every caller.
import type { Environment, UploadToken } from '@/utils/apivideo/types';

export type { Environment, UploadToken };

export interface Limits {
  reads: number;
  writes: number;
  windowMs: number;
}

export interface ApiVideoServerOptions {
  /** Speak HTTPS with a self-signed certificate (default false = HTTP). */
  tls?: boolean;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 = free ports. */
  ports?: { production?: number; sandbox?: number };
  /**
   * Valid API keys per environment (default [DEFAULT_KEYS.x, OTHER_KEYS.x]). Each key is its
   * own account (an api.video project): its own tokens and rate-limit windows; the access and
   * refresh tokens it is exchanged for open that account only. The first key is the default
   * account, the one every method taking just an environment addresses.
   */
  keys?: { production?: string[]; sandbox?: string[] };
  /** Added to every request (default 0); see setLatency. */
  latencyMs?: number;
  /** Default api.video's: production 500 reads/200 writes, sandbox 100/40 per 60 s, per account. */
  rateLimit?: false | { production?: Limits; sandbox?: Limits };
  /** expires_in of access tokens (default 3600). */
  accessTokenTtlSeconds?: number;
  /** Default 30 days. */
  refreshTokenTtlSeconds?: number;
  /** How a bad key is answered (default 400, as in the spec; the docs say 401). */
  invalidKeyStatus?: 400 | 401;
  /** Answer lists in storage order regardless of sortBy/sortOrder (to test fallbacks). */
  ignoreSorting?: boolean;
  /** Pagination link uris absolute instead of relative. */
  absoluteLinks?: boolean;
  /** OpenAPI request validation (default true). */
  validate?: boolean;
  /** Clock in ms (default Date.now) for createdAt, token expiry and auth expiry. */
  now?: () => number;
  /** Do not console.error validation failures. */
  quiet?: boolean;
}

export interface RecordedRequest {
  environment: Environment;
  method: string;
  /** Raw path as received, without the query string. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** 0 until answered, and for dropped connections. */
  status: number;
  /** Wall-clock ms (Date.now) when the request arrived. */
  at: number;
  /**
   * The rate-limit window (1, 2, … per account and category, reads and writes apart) that counted
   * this request; absent when it was not counted (refused, /auth/*, no limits).
   */
  rateWindow?: number;
  /** Set when an injected fault or chaos answered (or delayed) this request instead of, or after, the operation. */
  fault?: { kind: FaultKind; phase: Phase; source: 'inject' | 'chaos' };
}

/**
 * When a fault strikes or a hold waits. 'before': as soon as the request arrived, before
 * anything else (as a proxy in front would: no credential check, no rate-limit count, no
 * operation). 'after': once the request's operation has run (it got through route,
 * credentials, rate limit and validation, so a token may really be created or deleted now)
 * and before its answer is sent. Requests refused before their operation (401, 429, 400)
 * never meet an 'after' fault, hold or chaos fault.
 */
export type Phase = 'before' | 'after';

/** Which requests a fault or a hold applies to. */
export interface RequestMatch {
  /** Case-insensitive. */
  method?: string;
  /** Raw path prefix, e.g. '/upload-tokens/' or '/auth/refresh'. Without it, /auth requests never match. */
  pathPrefix?: string;
  environment?: Environment;
}

export type FaultKind =
  | 'rate-limit'
  | 'server-error-html'
  | 'bad-gateway-html'
  | 'service-unavailable-html'
  | 'server-error-json'
  | 'slow'
  | 'drop-connection'
  | 'malformed-json'
  | 'non-json-200'
  | 'expired-access-token';

export interface Fault {
  kind: FaultKind;
  /** How many matching requests it affects (default 1). */
  times?: number;
  /** For 'slow'. */
  delayMs?: number;
  /** For 'rate-limit' (default 1). */
  retryAfterSeconds?: number;
  /** Default: any non-/auth request. Without pathPrefix, /auth requests never match. */
  match?: RequestMatch;
  /**
   * Default 'before'; see Phase. With 'after' the operation runs, then the fault replaces its
   * answer (or, for 'slow', delays it). 'malformed-json' then sends the real JSON body cut in
   * half, or a fixed truncated body when the real one is empty (DELETE's 204): a 200 with a
   * broken JSON body either way.
   */
  phase?: Phase;
}

/** hold(): which requests to hold, and where. */
export interface HoldMatch extends RequestMatch {
  /** How many matching requests this hold takes (default 1); later ones pass. */
  times?: number;
  /** Default 'before'; see Phase ('after' lets refusals through and holds the next request whose operation ran). */
  phase?: Phase;
}

export interface HeldResponses {
  /** The first held request (the live record: its status is 0 until answered). Never rejects. */
  readonly arrived: Promise<RecordedRequest>;
  /** Resolves once `count` requests (1 ≤ count ≤ times, else rejects) have been held, with them in arrival order. */
  arrivals(count: number): Promise<RecordedRequest[]>;
  /**
   * Lets every request held so far proceed normally, and disarms the hold: later matching
   * requests pass straight through. Idempotent.
   */
  release(): void;
  /** How many requests are waiting right now. */
  readonly held: number;
}

/** Kinds chaos may pick from ('slow' is not one: chaos never depends on wall-clock time). */
export type ChaosKind = Exclude<FaultKind, 'slow'>;

export interface ChaosOptions {
  /** PRNG seed (see random.ts): the same seed and the same sequence of requests give the same faults. */
  seed: number;
  /** Share of non-/auth requests that get a fault, 0–1 (e.g. 0.3); one drawn 'after' for a refused request is not applied. */
  rate: number;
  /** Default ['rate-limit', 'server-error-json', 'bad-gateway-html', 'malformed-json', 'drop-connection']. */
  kinds?: ChaosKind[];
}

/** What the server actually did to a token because a request asked, whatever the client was told. */
export interface TokenOperation {
  operation: 'create' | 'delete';
  /** 'not-found': a DELETE reached the operation but there was no such active token (answered 404). */
  result: 'created' | 'deleted' | 'not-found';
  environment: Environment;
  /** The API key of the account whose token it was. */
  account: string;
  token: string;
  /** The request that caused it (the live record: status 0 if the answer was dropped). */
  request: RecordedRequest;
}

export interface OperationLog {
  /** Every POST /upload-tokens that created a token and every DELETE that reached the operation, in order. */
  readonly all: readonly TokenOperation[];
  /** Tokens actually created. */
  readonly created: readonly TokenOperation[];
  /** Tokens actually deleted (a token appears twice only if it was created again in between). */
  readonly deleted: readonly TokenOperation[];
  /** DELETE requests for this token that reached the operation (deleted or not found). Filters are optional. */
  deleteAttempts(token: string, where?: { environment?: Environment; account?: string }): number;
}

/** One account (API key) of one environment. */
export interface AccountHandle {
  readonly environment: Environment;
  readonly key: string;
  tokens(): UploadToken[];
  seed(opts: { count: number; neverExpiring?: number; expiringSoon?: number; seed?: number }): UploadToken[];
  addToken(token: Partial<UploadToken> & { ttl: number }): UploadToken;
  clearTokens(): void;
  /** This account's requests; auth = token pairs issued to it (key exchanges and refreshes). */
  stats(): ServerStats;
  /** This account's limits only (setRateLimit(env) sets every account of the environment). */
  setRateLimit(limits: Limits | false): void;
  /** As when the key is deleted in api.video's dashboard: the key and every token it was given stop working. */
  revokeKey(): void;
}

export interface ValidationFailure {
  method: string;
  url: string;
  errors: unknown;
}

export interface ServerStats {
  reads: number;
  writes: number;
  auth: number;
  rateLimited: number;
}

export interface ApiVideoServer {
  /** e.g. 'http://127.0.0.1:41234': one listener per environment, one shared engine. */
  urls: { production: string; sandbox: string };
  ports: { production: number; sandbox: number };
  /** When tls: PEMs + base64 sha256 of the SubjectPublicKeyInfo (Chromium's --ignore-certificate-errors-spki-list). */
  certificate?: { cert: string; key: string; spkiSha256Base64: string };
  /**
   * Current active tokens (copies) of the environment's default account, in the list's default
   * order (createdAt asc, then token). seed, addToken and clearTokens(env) also address the
   * default account; account(env, key) addresses any other.
   */
  tokens(env: Environment): UploadToken[];
  seed(
    env: Environment,
    opts: { count: number; neverExpiring?: number; expiringSoon?: number; seed?: number },
  ): UploadToken[];
  addToken(env: Environment, token: Partial<UploadToken> & { ttl: number }): UploadToken;
  /** With env: its default account. Without: every account of both environments. */
  clearTokens(env?: Environment): void;
  /** One account by its API key (throws if the key is not one of env's). */
  account(env: Environment, key: string): AccountHandle;
  setLatency(ms: number): void;
  /** For every account of env (each keeps its own window). */
  setRateLimit(env: Environment, limits: Limits | false): void;
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Holds matching requests until released; see HoldMatch and HeldResponses. close() ends held requests unanswered. */
  hold(match?: HoldMatch): HeldResponses;
  /**
   * Random faults on about `rate` of non-/auth requests, reproducible from `seed`; false stops.
   * A new call restarts the sequence. Injected faults win over chaos for the requests they match.
   * For POST and DELETE the PRNG also picks the phase ('before' or 'after' the operation),
   * except for 'rate-limit' and 'expired-access-token': api.video refuses those before doing anything.
   */
  chaos(options: ChaosOptions | false): void;
  /** What the server did to tokens on request, as of now (a snapshot); see resetOperations. */
  readonly operations: OperationLog;
  resetOperations(): void;
  /** Every access token of env (or of both), whatever its account; refresh tokens stay usable. */
  expireAccessTokens(env?: Environment): void;
  setOffline(offline: boolean): void;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  resetRequests(): void;
  /** Requests api.video would not accept. */
  readonly validationErrors: ValidationFailure[];
  /** Totals of env (every account, plus /auth calls with bad credentials), or of both. */
  stats(env?: Environment): ServerStats;
  close(): Promise<void>;
}

// Credentials of one environment: its API keys, the access tokens and refresh tokens it
// issued. Each environment has its own instance, which is what makes a production key
// (or token) useless on the sandbox listener, as on api.video. Each key is its own account
// (an api.video project): whatever it issued only ever opens that account.
import { randomBytes } from 'node:crypto';
import type { AccessTokenResponse, Environment } from '@/utils/apivideo/types';

export interface AuthSettings {
  keys: string[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  now: () => number;
  /** Told each time a token pair is issued to an account (key). */
  onIssue?: (apiKey: string) => void;
}

/** `account` is the API key whose account the credential opens (only when ok). */
export type Credential =
  | { kind: 'bearer' | 'basic'; ok: true; account: string }
  | { kind: 'bearer' | 'basic'; ok: false }
  | { kind: 'none'; ok: false };

interface Grant {
  /** The API key (account) it was issued for. */
  account: string;
  expiresAtMs: number;
}

export class AuthStore {
  private readonly accessTokens = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant>();
  /** Keys deleted in the dashboard: they and whatever they issued open nothing any more. */
  private readonly revoked = new Set<string>();

  constructor(
    private readonly environment: Environment,
    private readonly settings: AuthSettings,
  ) {}

  isValidKey(apiKey: unknown): apiKey is string {
    return typeof apiKey === 'string' && this.settings.keys.includes(apiKey) && !this.revoked.has(apiKey);
  }

  /** As when the key is deleted in api.video's dashboard: the key and its tokens stop working now. */
  revoke(apiKey: string): void {
    this.revoked.add(apiKey);
  }

  /** POST /auth/api-key with a valid key: a pair that opens that key's account only. */
  issue(apiKey: string): AccessTokenResponse {
    const now = this.settings.now();
    const { accessTokenTtlSeconds, refreshTokenTtlSeconds } = this.settings;
    const accessToken = fakeJwt(this.environment, now, accessTokenTtlSeconds);
    const refreshToken = `def50200${randomBytes(48).toString('hex')}`;
    this.accessTokens.set(accessToken, { account: apiKey, expiresAtMs: now + accessTokenTtlSeconds * 1000 });
    this.refreshTokens.set(refreshToken, { account: apiKey, expiresAtMs: now + refreshTokenTtlSeconds * 1000 });
    this.settings.onIssue?.(apiKey);
    return {
      token_type: 'Bearer',
      expires_in: accessTokenTtlSeconds,
      access_token: accessToken,
      refresh_token: refreshToken,
    };
  }

  /** POST /auth/refresh: a refresh token works once (rotation), then a new pair for the same account. */
  refresh(refreshToken: unknown): AccessTokenResponse | undefined {
    if (typeof refreshToken !== 'string') return undefined;
    const grant = this.refreshTokens.get(refreshToken);
    this.refreshTokens.delete(refreshToken);
    if (grant === undefined || grant.expiresAtMs <= this.settings.now() || this.revoked.has(grant.account))
      return undefined;
    return this.issue(grant.account);
  }

  /** Every issued access token becomes invalid now (refresh tokens stay usable). */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** Bearer access token, or HTTP Basic with the API key as user name and an empty password. */
  check(authorization: string | undefined): Credential {
    const [scheme = '', value = ''] = (authorization ?? '').trim().split(/\s+/, 2);
    if (/^bearer$/i.test(scheme)) {
      const grant = this.accessTokens.get(value);
      return grant !== undefined && grant.expiresAtMs > this.settings.now() && !this.revoked.has(grant.account)
        ? { kind: 'bearer', ok: true, account: grant.account }
        : { kind: 'bearer', ok: false };
    }
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon < 0 ? decoded : decoded.slice(0, colon);
      const password = colon < 0 ? '' : decoded.slice(colon + 1);
      return password === '' && this.isValidKey(user)
        ? { kind: 'basic', ok: true, account: user }
        : { kind: 'basic', ok: false };
    }
    return { kind: 'none', ok: false };
  }
}

/** JWT-shaped like api.video's (clients may peek at `exp`); the signature is random, nobody verifies it. */
function fakeJwt(environment: Environment, nowMs: number, ttlSeconds: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(nowMs / 1000);
  const header = encode({ typ: 'JWT', alg: 'RS256', jti: randomBytes(16).toString('hex') });
  const payload = encode({ aud: 'library', iat, nbf: iat, exp: iat + ttlSeconds, sub: 'local-test', environment });
  return `${header}.${payload}.${randomBytes(64).toString('base64url')}`;
}

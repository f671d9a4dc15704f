import type { Environment } from '@/utils/apivideo/types';
import type { Limits } from './types';

/** Fake test keys: they only open this local server. */
export const DEFAULT_KEYS: { production: string; sandbox: string } = {
  production: 'prod_key_0123456789abcdef0123456789abcdef',
  sandbox: 'sandbox_key_0123456789abcdef0123456789abcdef',
};

/**
 * A second fake key per environment, accepted by default as a second account (another
 * api.video project): its own tokens and rate limits, so a test can swap keys mid-run.
 */
export const OTHER_KEYS: { production: string; sandbox: string } = {
  production: 'prod_key_fedcba9876543210fedcba9876543210',
  sandbox: 'sandbox_key_fedcba9876543210fedcba9876543210',
};

/** api.video's documented per-minute limits (docs.api.video, "Rate limits"). */
export const DEFAULT_LIMITS: Readonly<Record<Environment, Limits>> = {
  production: { reads: 500, writes: 200, windowMs: 60_000 },
  sandbox: { reads: 100, writes: 40, windowMs: 60_000 },
};

export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 3600;
export const DEFAULT_REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
/** The spec's bound for a token's ttl (a signed 32-bit integer). */
export const MAX_TTL_SECONDS = 2_147_483_647;

// Shapes of api.video's authentication and upload-token calls, as in
// tests/server/openapi/apivideo-upload-tokens.yaml, api.video's own OpenAPI description.

export const ENVIRONMENTS = ['production', 'sandbox'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The only hosts the API key is ever sent to. */
export const API_HOSTS: Readonly<Record<Environment, string>> = {
  production: 'https://ws.api.video',
  sandbox: 'https://sandbox.api.video',
};

/** api.video's largest page of a list (its documentation: "Allowed values 1-100"). */
export const MAX_PAGE_SIZE = 100;

/**
 * How far api.video's dates and this computer's clock may disagree: dates have whole seconds,
 * and clocks drift. Used where "created since" or "expired by now" is judged on our side.
 */
export const CLOCK_SKEW_MS = 5_000;

/** api.video's largest token ttl, in seconds (a signed 32-bit integer; 0 means never expires). */
export const MAX_TTL_SECONDS = 2_147_483_647;

export interface UploadToken {
  /** Both the id and the secret that uploads use. */
  token: string;
  /** Lifetime in seconds; 0 means the token never expires. */
  ttl: number;
  /** ISO-8601, e.g. 2020-12-02T10:13:19+00:00 */
  createdAt: string;
  /** ISO-8601; absent or null when ttl is 0. */
  expiresAt?: string | null;
}

export interface Pagination {
  currentPage: number;
  pageSize: number;
  pagesTotal: number;
  itemsTotal: number;
  currentPageItems: number;
  /** `rel` is 'self', 'first', 'previous', 'next' or 'last' today; read as any string, as the spec types it. */
  links: { rel: string; uri: string }[];
}

export interface UploadTokenPage {
  data: UploadToken[];
  pagination: Pagination;
}

export type SortBy = 'createdAt' | 'ttl';
export type SortOrder = 'asc' | 'desc';

/** Response of POST /auth/api-key and POST /auth/refresh. */
export interface AccessTokenResponse {
  token_type: string;
  expires_in: number;
  access_token: string;
  refresh_token: string;
}

/** api.video's problem-details error body. */
export interface ApiVideoProblem {
  type?: string;
  title?: string;
  status?: number;
  name?: string;
  detail?: string;
  problems?: ApiVideoProblem[];
  range?: { min?: number; max?: number };
}

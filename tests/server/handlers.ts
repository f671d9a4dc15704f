// The operations themselves, once a request is authorised and admitted by the rate limit.
// They re-check parameters the spec validator also checks, so that `validate: false`
// still answers like api.video instead of crashing or accepting nonsense.
import type { ApiVideoProblem, SortBy, SortOrder } from '@/utils/apivideo/types';
import type { AuthStore } from './auth';
import { MAX_TTL_SECONDS } from './defaults';
import { paginate } from './pagination';
import { invalidAttribute, invalidCredentials, notFound } from './problems';

const isSortBy = (value: string): value is SortBy => value === 'createdAt' || value === 'ttl';
const isSortOrder = (value: string): value is SortOrder => value === 'asc' || value === 'desc';
import type { Route } from './routes';
import type { TokenStore } from './token-store';

export interface HandlerContext {
  tokens: TokenStore;
  auth: AuthStore;
  invalidKeyStatus: 400 | 401;
  ignoreSorting: boolean;
  /** '' for relative pagination links, else e.g. 'http://127.0.0.1:41234'. */
  linkOrigin: string;
}

export interface JsonReply {
  status: number;
  /** undefined = empty body (204). */
  body?: unknown;
}

export function runOperation(
  route: Route,
  ctx: HandlerContext,
  query: Record<string, string>,
  rawBody: string,
): JsonReply {
  switch (route.operationId) {
    case 'POST_auth-api-key': {
      const body = parseBody(rawBody);
      if ('problem' in body) return body.problem;
      if (!ctx.auth.isValidKey(body.value.apiKey)) return reply(invalidCredentials(ctx.invalidKeyStatus));
      return { status: 200, body: ctx.auth.issue(body.value.apiKey) };
    }
    case 'POST_auth-refresh': {
      const body = parseBody(rawBody);
      if ('problem' in body) return body.problem;
      const issued = ctx.auth.refresh(body.value.refreshToken);
      // api.video answers an unknown, used or expired refresh token like a bad key, with 400.
      return issued ? { status: 200, body: issued } : reply(invalidCredentials(400));
    }
    case 'GET_upload-tokens':
      return listTokens(ctx, query);
    case 'POST_upload-tokens': {
      const body = parseBody(rawBody);
      if ('problem' in body) return body.problem;
      const ttl = body.value.ttl ?? 0; // missing ttl = api.video's default: never expires
      if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL_SECONDS) {
        return reply(
          invalidAttribute('ttl', 'ttl must be an integer between 0 and 2147483647', { min: 0, max: MAX_TTL_SECONDS }),
        );
      }
      return { status: 200, body: ctx.tokens.create(ttl) };
    }
    case 'GET_upload-tokens-uploadToken': {
      const token = ctx.tokens.get(route.uploadToken);
      return token ? { status: 200, body: token } : reply(notFound('uploadToken'));
    }
    case 'DELETE_upload-tokens-uploadToken':
      return ctx.tokens.delete(route.uploadToken) ? { status: 204 } : reply(notFound('uploadToken'));
  }
}

function listTokens(ctx: HandlerContext, query: Record<string, string>): JsonReply {
  const currentPage = integerParam(query.currentPage, 1);
  if (currentPage === undefined || currentPage < 1) {
    return reply(invalidAttribute('currentPage', 'currentPage must be an integer of at least 1', { min: 1 }));
  }
  const pageSize = integerParam(query.pageSize, 25);
  if (pageSize === undefined || pageSize < 1 || pageSize > 100) {
    return reply(invalidAttribute('pageSize', 'pageSize must be an integer between 1 and 100', { min: 1, max: 100 }));
  }
  const { sortBy, sortOrder } = query;
  if (sortBy !== undefined && !isSortBy(sortBy)) {
    return reply(invalidAttribute('sortBy', 'sortBy must be one of createdAt, ttl'));
  }
  if (sortOrder !== undefined && !isSortOrder(sortOrder)) {
    return reply(invalidAttribute('sortOrder', 'sortOrder must be one of asc, desc'));
  }
  const order = { sortBy, sortOrder };
  const listOrder = { ...order, ignoreSorting: ctx.ignoreSorting };
  const pageOf = (start: number, end: number) => ctx.tokens.page(listOrder, start, end);
  return { status: 200, body: paginate(pageOf, { currentPage, pageSize, ...order }, '/upload-tokens', ctx.linkOrigin) };
}

function integerParam(raw: string | undefined, fallback: number): number | undefined {
  if (raw === undefined) return fallback;
  return /^-?\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

function parseBody(rawBody: string): { value: Record<string, unknown> } | { problem: JsonReply } {
  try {
    const value: unknown = JSON.parse(rawBody || '{}');
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return { value: value as Record<string, unknown> };
  } catch {
    // fall through to the same answer as a non-object body
  }
  return { problem: reply(invalidAttribute('requestBody', 'the body must be a JSON object')) };
}

function reply(problem: ApiVideoProblem): JsonReply {
  return { status: problem.status ?? 400, body: problem };
}

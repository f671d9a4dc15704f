// Checks that api.video's answers have the shape the spec promises before anything uses
// them. A wrong shape (a proxy page, an API change) becomes 'bad-response', never a crash
// deeper in the UI. Results are rebuilt field by field so unknown server fields never leak.
import type { AccessTokenResponse, Pagination, UploadToken, UploadTokenPage } from './types';

/** Thrown by the parsers; the http layer turns it into ApiVideoError('bad-response'). */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function parseUploadToken(value: unknown): UploadToken {
  if (!isRecord(value)) throw new ShapeError('upload token is not an object');
  const { token, ttl, createdAt, expiresAt } = value;
  if (typeof token !== 'string' || token === '') throw new ShapeError('upload token has no string `token`');
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) {
    throw new ShapeError('upload token has no numeric `ttl`');
  }
  if (typeof createdAt !== 'string') throw new ShapeError('upload token has no string `createdAt`');
  // expiresAt is absent or null for tokens that never expire (ttl 0): both are accepted.
  if (expiresAt !== undefined && expiresAt !== null && typeof expiresAt !== 'string') {
    throw new ShapeError('upload token has a non-string `expiresAt`');
  }
  const parsed: UploadToken = { token, ttl, createdAt };
  if (expiresAt !== undefined) parsed.expiresAt = expiresAt;
  return parsed;
}

function parsePagination(value: unknown): Pagination {
  if (!isRecord(value)) throw new ShapeError('list has no `pagination` object');
  const { currentPage, pageSize, pagesTotal, itemsTotal, currentPageItems, links } = value;
  if (!isCount(currentPage) || !isCount(pageSize) || !isCount(pagesTotal) || !isCount(itemsTotal)) {
    throw new ShapeError('pagination counts are missing or not whole numbers');
  }
  const parsedLinks: Pagination['links'] = [];
  if (Array.isArray(links)) {
    for (const link of links) {
      if (isRecord(link) && typeof link.rel === 'string' && typeof link.uri === 'string') {
        parsedLinks.push({ rel: link.rel, uri: link.uri });
      }
    }
  }
  return {
    currentPage,
    pageSize,
    pagesTotal,
    itemsTotal,
    // Not needed for anything but display; tolerate its absence.
    currentPageItems: isCount(currentPageItems) ? currentPageItems : 0,
    links: parsedLinks,
  };
}

export function parseUploadTokenPage(value: unknown): UploadTokenPage {
  if (!isRecord(value)) throw new ShapeError('list body is not an object');
  if (!Array.isArray(value.data)) throw new ShapeError('list has no `data` array');
  const pagination = parsePagination(value.pagination);
  return { data: value.data.map(parseUploadToken), pagination };
}

export function parseAccessToken(value: unknown): AccessTokenResponse {
  if (!isRecord(value)) throw new ShapeError('authentication answer is not an object');
  const { token_type, expires_in, access_token, refresh_token } = value;
  if (typeof access_token !== 'string' || access_token === '') throw new ShapeError('no `access_token`');
  if (typeof refresh_token !== 'string' || refresh_token === '') throw new ShapeError('no `refresh_token`');
  if (typeof expires_in !== 'number' || !Number.isFinite(expires_in) || expires_in <= 0) {
    throw new ShapeError('no positive `expires_in`');
  }
  // The spec's example says `Bearer`, its schema default says `bearer`: compare case-insensitively.
  // An absent token_type is tolerated; any other scheme is not something we can send.
  if (token_type !== undefined && (typeof token_type !== 'string' || token_type.toLowerCase() !== 'bearer')) {
    throw new ShapeError('`token_type` is not bearer');
  }
  return { token_type: 'Bearer', expires_in, access_token, refresh_token };
}

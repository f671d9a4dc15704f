// Which api.video operation a method + raw path names. Matching is on the raw path so that
// a token containing '/' is only found when the client encoded it as %2F.
import type { OperationId } from './validation';

export type Route =
  | { operationId: Exclude<OperationId, 'GET_upload-tokens-uploadToken' | 'DELETE_upload-tokens-uploadToken'> }
  | { operationId: 'GET_upload-tokens-uploadToken' | 'DELETE_upload-tokens-uploadToken'; uploadToken: string };

const TOKEN_PREFIX = '/upload-tokens/';

export function matchRoute(method: string, rawPath: string): Route | undefined {
  const route = `${method.toUpperCase()} ${rawPath}`;
  switch (route) {
    case 'POST /auth/api-key':
      return { operationId: 'POST_auth-api-key' };
    case 'POST /auth/refresh':
      return { operationId: 'POST_auth-refresh' };
    case 'GET /upload-tokens':
      return { operationId: 'GET_upload-tokens' };
    case 'POST /upload-tokens':
      return { operationId: 'POST_upload-tokens' };
  }
  if (!rawPath.startsWith(TOKEN_PREFIX)) return undefined;
  const segment = rawPath.slice(TOKEN_PREFIX.length);
  if (segment === '' || segment.includes('/')) return undefined;
  let uploadToken: string;
  try {
    uploadToken = decodeURIComponent(segment); // once: '%252F' stays '%2F'
  } catch {
    return undefined; // malformed percent-encoding names nothing
  }
  if (method === 'GET') return { operationId: 'GET_upload-tokens-uploadToken', uploadToken };
  if (method === 'DELETE') return { operationId: 'DELETE_upload-tokens-uploadToken', uploadToken };
  return undefined;
}

export const isAuthPath = (rawPath: string): boolean => rawPath.startsWith('/auth/');

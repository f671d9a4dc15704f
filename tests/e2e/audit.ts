// Security checks made from the outside: what left the browser, and where a secret went.
import type { ApiVideoServer, RecordedRequest } from '../server';
import { API_HOSTS, type BrowserRequest } from './fixtures';
import { WEB_PAGE_HOST } from './web-page';

/** Requests to anything but api.video's two hosts, this extension's own files and the local test page. */
export function unexpectedRequests(requests: readonly BrowserRequest[], extensionOrigin: string): BrowserRequest[] {
  const allowedHosts = new Set<string>([API_HOSTS.production, API_HOSTS.sandbox]);
  return requests.filter((request) => {
    if (request.url.startsWith(`${extensionOrigin}/`)) return false;
    if (request.url.startsWith('data:') || request.url === 'about:blank') return false;
    const url = new URL(request.url);
    if (url.hostname === WEB_PAGE_HOST && url.protocol === 'http:') return false;
    return !(url.protocol === 'https:' && allowedHosts.has(url.hostname));
  });
}

/** Where a secret showed up other than in the body of POST /auth/api-key (the only place it belongs). */
export function secretLeaks(requests: readonly RecordedRequest[], secrets: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const request of requests) {
    const where = `${request.environment} ${request.method} ${request.path}`;
    for (const secret of secrets) {
      if (request.path.includes(secret) || decodeURIComponent(request.path).includes(secret))
        leaks.push(`${where}: path`);
      if (JSON.stringify(request.query).includes(secret)) leaks.push(`${where}: query`);
      if (JSON.stringify(request.headers).includes(secret)) leaks.push(`${where}: headers`);
      // HTTP Basic would carry the key base64-encoded (key + ':'): the encoding of its first
      // 24 characters (a multiple of 3) is a prefix of that, whatever follows.
      const base64Prefix = Buffer.from(secret.slice(0, 24)).toString('base64');
      if (JSON.stringify(request.headers).includes(base64Prefix)) leaks.push(`${where}: headers (base64)`);
      const isKeyExchange = request.method === 'POST' && request.path === '/auth/api-key';
      if (!isKeyExchange && request.body.includes(secret)) leaks.push(`${where}: body`);
    }
  }
  return leaks;
}

/** The same scan over what the browser itself reported sending (URL, headers, body). */
export function secretLeaksInBrowser(requests: readonly BrowserRequest[], secrets: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const request of requests) {
    const url = new URL(request.url);
    const isKeyExchange = request.method === 'POST' && url.pathname === '/auth/api-key';
    for (const secret of secrets) {
      if (request.url.includes(secret) || request.url.includes(encodeURIComponent(secret)))
        leaks.push(`${request.method} ${request.url}: url`);
      if (JSON.stringify(request.headers).includes(secret)) leaks.push(`${request.method} ${request.url}: headers`);
      if (!isKeyExchange && request.postData?.includes(secret)) leaks.push(`${request.method} ${request.url}: body`);
    }
  }
  return leaks;
}

/**
 * The audit a whole file ends with: every request the browser made went to api.video's hosts (or
 * the extension's own files), and no secret reached the server anywhere but where it belongs.
 * Both lists are empty when all is well.
 */
export function auditRequests(
  session: {
    browserRequests: readonly BrowserRequest[];
    extensionOrigin: string;
    server: Pick<ApiVideoServer, 'requests'>;
  },
  secrets: readonly string[],
): { unexpected: string[]; leaks: string[] } {
  return {
    unexpected: unexpectedRequests(session.browserRequests, session.extensionOrigin).map((r) => `${r.method} ${r.url}`),
    leaks: secretLeaks(session.server.requests, secrets),
  };
}

// Queued failures, consumed in order by the requests they match: what proxies, overloaded
// backends and flaky networks do to api.video calls, on demand.
import type { Environment } from '@/utils/apivideo/types';
import { invalidAccessToken, serverError, tooManyRequests } from './problems';
import type { Fault, Phase, RequestMatch } from './types';

/** What the engine does with a faulted request. */
export type FaultOutcome =
  | { action: 'respond'; status: number; headers: Record<string, string>; body: string }
  | { action: 'drop' }
  | { action: 'delay'; ms: number };

export class FaultQueue {
  private queue: { fault: Fault; remaining: number }[] = [];

  push(fault: Fault): void {
    this.queue.push({ fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.queue = [];
  }

  /** The first queued fault of this phase matching this request, consumed once. */
  take(phase: Phase, environment: Environment, method: string, path: string): Fault | undefined {
    const entry = this.queue.find(
      ({ fault }) => (fault.phase ?? 'before') === phase && matchesRequest(fault.match, environment, method, path),
    );
    if (!entry) return undefined;
    entry.remaining--;
    if (entry.remaining <= 0) this.queue.splice(this.queue.indexOf(entry), 1);
    return entry.fault;
  }
}

export function matchesRequest(
  match: RequestMatch = {},
  environment: Environment,
  method: string,
  path: string,
): boolean {
  if (match.environment && match.environment !== environment) return false;
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  // Without an explicit prefix, auth calls are spared: faults target the API proper.
  if (match.pathPrefix === undefined) return !path.startsWith('/auth/');
  return path.startsWith(match.pathPrefix);
}

const json = (value: unknown) => JSON.stringify(value);
const JSON_TYPE = { 'Content-Type': 'application/json' };
const HTML_TYPE = { 'Content-Type': 'text/html; charset=utf-8' };

function htmlPage(status: number, reason: string): string {
  // Like an nginx or load-balancer error page: the kind of body a client must not JSON.parse.
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** A body cut mid-way, as when a proxy truncates a response: a client must not trust a 200 it cannot parse. */
const TRUNCATED_LIST = '{"data":[{"token":"to1tcmSFHeYY5Kz';

/**
 * `realBody`: for phase 'after', the answer the operation produced; 'malformed-json' then
 * truncates it (or, when it is empty as for DELETE's 204, sends the fixed truncated body).
 */
export function faultOutcome(fault: Fault, rateLimitCeiling: string | undefined, realBody?: string): FaultOutcome {
  switch (fault.kind) {
    case 'rate-limit': {
      const retryAfter = String(fault.retryAfterSeconds ?? 1);
      return {
        action: 'respond',
        status: 429,
        headers: {
          ...JSON_TYPE,
          'X-RateLimit-Limit': rateLimitCeiling ?? '0',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Retry-After': retryAfter,
        },
        body: json(tooManyRequests()),
      };
    }
    case 'server-error-html':
      return { action: 'respond', status: 500, headers: HTML_TYPE, body: htmlPage(500, 'Internal Server Error') };
    case 'bad-gateway-html':
      return { action: 'respond', status: 502, headers: HTML_TYPE, body: htmlPage(502, 'Bad Gateway') };
    case 'service-unavailable-html':
      return {
        action: 'respond',
        status: 503,
        headers: HTML_TYPE,
        body: htmlPage(503, 'Service Temporarily Unavailable'),
      };
    case 'server-error-json':
      return { action: 'respond', status: 500, headers: JSON_TYPE, body: json(serverError()) };
    case 'slow':
      return { action: 'delay', ms: fault.delayMs ?? 1000 };
    case 'drop-connection':
      return { action: 'drop' };
    case 'malformed-json':
      return {
        action: 'respond',
        status: 200,
        headers: JSON_TYPE,
        body: realBody ? truncate(realBody) : TRUNCATED_LIST,
      };
    case 'non-json-200':
      return {
        action: 'respond',
        status: 200,
        headers: HTML_TYPE,
        body: '<!doctype html><html><body>Captive portal: please sign in</body></html>',
      };
    case 'expired-access-token':
      return { action: 'respond', status: 401, headers: JSON_TYPE, body: json(invalidAccessToken()) };
  }
}

/** The first half of a JSON object or array: never valid JSON, as it lacks its closing bracket. */
function truncate(body: string): string {
  return /^[{[]/.test(body) && body.length > 1 ? body.slice(0, Math.ceil(body.length / 2)) : TRUNCATED_LIST;
}

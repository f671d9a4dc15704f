// One HTTP request to api.video, with its timeout and retry policy, over ofetch.
//
// ofetch's own retry, timeout and error handling are switched off: its retry would repeat
// POSTs on some statuses, its timeout is ignored once a signal is passed, and its FetchError
// message contains the request URL (which holds token ids). Bodies are read as text and
// parsed here, so an HTML proxy page or malformed JSON becomes 'bad-response', not a crash.
import { FetchError, ofetch } from 'ofetch';
import { ApiVideoError, abortedError, throwIfAborted, type ApiVideoErrorKind } from './errors';
import { ShapeError } from './shapes';
import { readRateLimit, type RateLimitGate, type Sleep } from './rate-limit';
import type { ApiVideoProblem } from './types';

export interface RetryPolicy {
  /** Attempts for idempotent calls (GET, DELETE, auth), first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A 429 asking to wait longer than this fails at once with 'rate-limited'. */
  maxRateLimitWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRateLimitWaitMs: 60_000,
};

/** Sent on every request; api.video asks integrations to identify themselves this way. */
export const ORIGIN_APP_HEADER = 'upload-tokens-extension:0.1.0';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface RequestSpec<T> {
  method: HttpMethod;
  /** Route template for messages and the onRequest hook, e.g. `/upload-tokens/{uploadToken}`: never a token. */
  route: string;
  /** The real path, already URL-encoded. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  accessToken?: string;
  /** Safe to repeat: GET, DELETE and the auth calls. A create is never repeated. */
  idempotent: boolean;
  /** Everything but /auth/* counts against api.video's rate limits. */
  rateLimited: boolean;
  signal?: AbortSignal | undefined;
  /** Checks a 2xx body (undefined when empty); throw ShapeError on a wrong shape. */
  parse: (body: unknown) => T;
}

export interface HttpResponse<T> {
  status: number;
  data: T;
}

export interface Http {
  request<T>(spec: RequestSpec<T>): Promise<HttpResponse<T>>;
}

export interface HttpOptions {
  baseUrl: string;
  timeoutMs: number;
  retry: RetryPolicy;
  sleep: Sleep;
  gate: RateLimitGate;
  onRequest?: ((info: { method: string; path: string }) => void) | undefined;
  random?: () => number;
}

/** setTimeout that stops early, rejecting 'aborted', when the signal fires. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** An attempt's own signal: the caller's signal plus this attempt's timeout. */
function attemptSignal(outer: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('api.video did not answer in time', 'TimeoutError'));
  }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

function buildUrl(baseUrl: string, path: string, query: RequestSpec<unknown>['query']): string {
  // Join by string: `new URL(path, base)` would drop a path prefix of the base URL.
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

function isJsonContentType(contentType: string | null): boolean {
  return contentType !== null && contentType.toLowerCase().includes('json');
}

/** The problem-details body of an error answer, if it is readable JSON. */
function readProblem(contentType: string | null, text: string | undefined): ApiVideoProblem | undefined {
  if (!text || !isJsonContentType(contentType)) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as ApiVideoProblem) : undefined;
  } catch {
    return undefined;
  }
}

function kindForStatus(status: number): ApiVideoErrorKind {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'bad-request';
}

export function createHttp(options: HttpOptions): Http {
  const { baseUrl, timeoutMs, retry, sleep, gate, onRequest } = options;
  const random = options.random ?? Math.random;
  // ofetch's retry is off (we decide per call), errors are answers we inspect, bodies are text.
  const $fetch = ofetch.create({ retry: false, ignoreResponseError: true, responseType: 'text' });

  /** Exponential back-off with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"). */
  function backoffMs(attempt: number): number {
    return random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  }

  async function request<T>(spec: RequestSpec<T>): Promise<HttpResponse<T>> {
    const { method, route, signal } = spec;
    const context = `${method} ${route}`;
    const budget = method === 'GET' ? 'read' : 'write';
    const url = buildUrl(baseUrl, spec.path, spec.query);
    const headers: Record<string, string> = { Accept: 'application/json', 'AV-Origin-App': ORIGIN_APP_HEADER };
    if (spec.accessToken !== undefined) headers.Authorization = `Bearer ${spec.accessToken}`;
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const maxAttempts = spec.idempotent ? Math.max(1, retry.maxAttempts) : 1;

    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal, context);
      const canRetry = attempt < maxAttempts;
      if (spec.rateLimited) await gate.acquire(budget, signal);

      const attemptAbort = attemptSignal(signal, timeoutMs);
      let response: Awaited<ReturnType<typeof $fetch.raw<string, 'text'>>> | undefined;
      let failure: ApiVideoError | undefined;
      try {
        onRequest?.({ method, path: route });
      } catch {
        // A counting hook must never fail or alter a request.
      }
      try {
        response = await $fetch.raw<string, 'text'>(url, { method, headers, body, signal: attemptAbort.signal });
      } catch (error) {
        // No answer at all (or the body broke off): the user cancelled, the attempt timed
        // out, or the connection failed (offline, DNS, reset). The cause kept for debugging is
        // the fetch error *inside* ofetch's FetchError, whose own message holds the URL.
        const kind = signal?.aborted ? 'aborted' : attemptAbort.timedOut() ? 'timeout' : 'network';
        failure = new ApiVideoError(kind, { context, cause: innerError(error) });
      } finally {
        attemptAbort.dispose();
        if (spec.rateLimited) gate.release(budget, response ? readRateLimit(response.headers) : undefined);
      }

      if (failure) {
        if (failure.kind === 'aborted') throw failure;
        if (!spec.idempotent) throw outcomeUnknown(failure.kind, { context, cause: failure.cause });
        if (!canRetry) throw failure;
        await sleep(backoffMs(attempt), signal);
        continue;
      }
      const answer = response!;
      const { status } = answer;
      const contentType = answer.headers.get('content-type');
      const text = answer._data;

      if (status >= 200 && status < 300) {
        try {
          return { status, data: parseBody(spec, contentType, text, status, context) };
        } catch (error) {
          // A 2xx to a create means the token exists, even if we cannot read it.
          if (spec.idempotent || !(error instanceof ApiVideoError)) throw error;
          throw new ApiVideoError('bad-response', {
            status,
            context,
            cause: error,
            message: 'api.video accepted the request but its answer could not be read. Reload the list to see the result.',
          });
        }
      }

      const problem = readProblem(contentType, text);
      const problemType = typeof problem?.type === 'string' ? problem.type : undefined;
      const kind = kindForStatus(status);
      if (kind === 'rate-limited') {
        const retryAfterSeconds = readRateLimit(answer.headers)?.retryAfterSeconds;
        const waitMs = retryAfterSeconds ? retryAfterSeconds * 1000 : backoffMs(attempt);
        if (canRetry && waitMs <= retry.maxRateLimitWaitMs) {
          await sleep(waitMs, signal);
          if (spec.rateLimited) gate.windowWaited(budget);
          continue;
        }
        throw new ApiVideoError('rate-limited', { status, context, ...opt({ problemType, retryAfterSeconds }) });
      }
      if (kind === 'server' || kind === 'timeout') {
        if (!spec.idempotent) throw outcomeUnknown(kind, { status, context, ...opt({ problemType }) });
        if (canRetry) {
          await sleep(backoffMs(attempt), signal);
          continue;
        }
      }
      throw new ApiVideoError(kind, { status, context, ...opt({ problemType }) });
    }
  }

  return { request };
}

function parseBody<T>(
  spec: RequestSpec<T>,
  contentType: string | null,
  text: string | undefined,
  status: number,
  context: string,
): T {
  let json: unknown;
  if (text !== undefined && text !== '') {
    if (!isJsonContentType(contentType)) {
      throw new ApiVideoError('bad-response', { status, context: `${context}, not JSON` });
    }
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ApiVideoError('bad-response', { status, context: `${context}, malformed JSON`, cause: error });
    }
  }
  try {
    return spec.parse(json);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    throw new ApiVideoError('bad-response', { status, context: `${context}, ${error.message}`, cause: error });
  }
}

/**
 * A call that is never repeated (creating a token) failed without a clear refusal: it may
 * have been carried out anyway. Say so, so nobody blindly tries again and mints a second token.
 */
function outcomeUnknown(
  kind: ApiVideoErrorKind,
  details: { status?: number; context: string; problemType?: string; cause?: unknown },
): ApiVideoError {
  const what = kind === 'timeout' ? 'did not answer in time' : kind === 'server' ? 'had a server error' : 'could not be reached';
  return new ApiVideoError(kind, {
    ...details,
    message: `api.video ${what}, so the request may or may not have been carried out. Reload the list before trying again.`,
  });
}

function innerError(error: unknown): unknown {
  return error instanceof FetchError ? error.cause : error;
}

/** Drops undefined fields (exactOptionalPropertyTypes-friendly spreading). */
function opt<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

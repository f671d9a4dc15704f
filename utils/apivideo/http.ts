// One HTTP request to api.video, over one ofetch instance: ofetch builds the URL and the JSON
// body, runs the hooks and repeats failed attempts (`retry`, `retryStatusCodes`,
// `retryDelay`). This file decides what is worth repeating and how long to wait, and turns
// every failure into an ApiVideoError whose message holds neither a URL (token ids are in
// URLs) nor a key: ofetch's own FetchError message holds the URL, so it never leaves here.
//
// What ofetch 1.5.1 cannot do, and so stays here:
// - The rate-limit gate: onRequest waits for it, onResponse feeds it the X-RateLimit headers.
// - Waiting between attempts. retryDelay receives the context (so X-RateLimit-Retry-After can
//   drive it) but must return a number, which ofetch waits with a bare setTimeout that no
//   AbortSignal can cut short: a 60 s wait would outlive a cancel. So retryDelay decides how
//   long, returns 0, and onRequest of the next attempt waits, abortably.
// - A timeout per attempt. ofetch ignores `timeout` once a signal is passed, and passes its
//   timeout signal on to the retries, which then fail at once (unjs/ofetch#621). onRequest
//   gives each attempt its own signal: the caller's plus this attempt's timeout.
// - Reading the body. ofetch reads it after its retry decision, so a body that breaks off
//   could never be retried. The fetch we hand ofetch reads and checks the whole answer, and a
//   2xx it cannot read fails that attempt like a dropped connection.
// - A create is never repeated (retry: 0 for it), and a failure that leaves its outcome
//   unknown says so.
// - A redirect is an error, never followed and never retried (see `redirect` below).
import { FetchError, ofetch, type FetchContext } from 'ofetch';
import {
  ApiVideoError,
  abortedError,
  isApiVideoError,
  throwIfAborted,
  type ApiVideoErrorDetails,
  type ApiVideoErrorKind,
} from './errors';
import { ShapeError } from './shapes';
import { readRateLimit, type RateLimitBudget, type RateLimitGate, type Sleep } from './rate-limit';
import type { ApiVideoProblem } from './types';
import { version } from '@/package.json';

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

/**
 * Sent on every request; api.video asks integrations to identify themselves this way. The version
 * is package.json's, which WXT writes into the manifest (only that field is bundled).
 */
export const ORIGIN_APP_HEADER = `upload-tokens-extension:${version}`;

/** 408, 429 and every 5xx; ofetch counts an attempt that got no answer at all as a 500. */
const RETRY_STATUS_CODES = [408, 429, ...Array.from({ length: 100 }, (_, index) => 500 + index)];

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface RequestSpec<T> {
  method: HttpMethod;
  /** Route template for messages and the onRequest hook, e.g. `/upload-tokens/{uploadToken}`: never a token. */
  route: string;
  /** The real path, already URL-encoded. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: Record<string, unknown>;
  accessToken?: string;
  /** Safe to repeat: GET, DELETE and the auth calls. A create is never repeated. */
  idempotent: boolean;
  /** Everything but /auth/* counts against api.video's rate limits. */
  rateLimited: boolean;
  /**
   * Creates or deletes something: a failure then carries ApiVideoError.outcomeUnknown when
   * an attempt got no clear answer, since api.video may have carried it out.
   */
  changesState?: boolean;
  /** An earlier request for the same change got no clear answer (see authed() in client.ts). */
  earlierOutcomeUnknown?: boolean;
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

/** One call, shared by all its attempts: ofetch copies the options (and so this) into each retry. */
export interface HttpCall {
  spec: RequestSpec<unknown>;
  /** `METHOD /route/{template}` for messages: never a URL. */
  context: string;
  budget: RateLimitBudget;
  attempts: number;
  /** Decided by retryDelay after a failed attempt, waited at the start of the next one. */
  wait?: { ms: number; afterRateLimit: boolean } | undefined;
  holdsGate: boolean;
  /** An attempt got no clear answer (none, a timeout, a 5xx, an unreadable 2xx): it may have been carried out. */
  outcomeUnknown: boolean;
  /** Why the latest attempt failed: thrown once ofetch stops retrying. */
  failure?: ApiVideoError | undefined;
  /** The parsed body of the 2xx answer. */
  data?: unknown;
}

declare module 'ofetch' {
  interface FetchOptions {
    apiVideoCall?: HttpCall;
  }
}

/** setTimeout that stops early, rejecting 'aborted', when the signal fires. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** An attempt's own signal: the caller's signal plus this attempt's timeout. */
function attemptSignal(outer: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return outer ? AbortSignal.any([outer, timeout]) : timeout;
}

/**
 * An attempt that got an answer and still failed: a redirect, or a 2xx that cannot be read.
 * Thrown from inside fetch so that it goes through ofetch's retry decision; onRequestError
 * turns it into the call's failure.
 */
class FailedAnswer extends Error {
  constructor(
    readonly reason: 'redirect' | 'unreadable',
    readonly status: number,
    readonly headers: Headers,
    /** What could not be read, for logs. */
    readonly detail = '',
    cause?: unknown,
  ) {
    super(reason, { cause });
  }
}

/** A bug in a parser (anything but a ShapeError): passed on untouched, never retried. */
class ParserBug extends Error {
  constructor(readonly error: unknown) {
    super('parser failed');
  }
}

function isJsonContentType(contentType: string | null): boolean {
  return contentType !== null && contentType.toLowerCase().includes('json');
}

/** The problem `type` of an error answer, if its body is readable problem JSON. */
function problemTypeOf(contentType: string | null, text: unknown): string | undefined {
  if (typeof text !== 'string' || !isJsonContentType(contentType)) return undefined;
  try {
    const { type } = JSON.parse(text) as ApiVideoProblem;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined; // also for `null`, whose `type` cannot be read
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

function callOf(context: FetchContext): HttpCall {
  const call = context.options.apiVideoCall;
  if (!call) throw new TypeError('api.video request without its call state');
  return call;
}

/** 204, 205 and 304 answers have no body, and a Response for them may not be given one. */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/**
 * The fetch ofetch calls: reads and checks the whole answer within the attempt (and its
 * timeout), keeps the parsed body, and hands ofetch an equivalent Response holding the text.
 */
async function fetchWholeAnswer(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  const call = (init as { apiVideoCall?: HttpCall } | undefined)?.apiVideoCall;
  if (!call) return response;
  const { status, statusText, headers } = response;
  // `redirect: 'manual'`: browsers hand back an opaque redirect (status 0), Node the 3xx itself.
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
    throw new FailedAnswer('redirect', status, headers);
  }
  const text = await response.text();
  if (status >= 200 && status < 300) call.data = readBody(call.spec, status, headers, text);
  return new Response(text === '' || NULL_BODY_STATUSES.has(status) ? null : text, { status, statusText, headers });
}

/** A 2xx body, parsed; throws FailedAnswer('unreadable'). */
function readBody(spec: RequestSpec<unknown>, status: number, headers: Headers, text: string): unknown {
  let json: unknown;
  if (text !== '') {
    if (!isJsonContentType(headers.get('content-type')))
      throw new FailedAnswer('unreadable', status, headers, 'not JSON');
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new FailedAnswer('unreadable', status, headers, 'malformed JSON', error);
    }
  }
  try {
    return spec.parse(json);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw new ParserBug(error);
    throw new FailedAnswer('unreadable', status, headers, error.message, error);
  }
}

const REDIRECT_MESSAGE =
  'api.video answered with a redirect, which this extension never follows: it could carry your API key or tokens to another address. A proxy or captive portal may be interfering.';
const ACCEPTED_UNREADABLE_MESSAGE =
  'api.video accepted the request but its answer could not be read. Reload the list to see the result.';

/**
 * A call that is never repeated (creating a token) failed without a clear refusal: it may
 * have been carried out anyway. Say so, so nobody blindly tries again and mints a second token.
 */
function outcomeUnknownMessage(kind: ApiVideoErrorKind): string {
  // A 2xx to a create means the token exists, even if we cannot read it.
  if (kind === 'bad-response') return ACCEPTED_UNREADABLE_MESSAGE;
  const what =
    kind === 'timeout' ? 'did not answer in time' : kind === 'server' ? 'had a server error' : 'could not be reached';
  return `api.video ${what}, so the request may or may not have been carried out. Reload the list before trying again.`;
}

export function createHttp(options: HttpOptions): Http {
  const { baseUrl, timeoutMs, retry, sleep, gate, onRequest } = options;
  const random = options.random ?? Math.random;

  /** Exponential back-off with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"). */
  function backoffMs(attempt: number): number {
    return random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  }

  function releaseGate(call: HttpCall, headers: Headers | undefined): void {
    if (!call.holdsGate) return;
    call.holdsGate = false;
    gate.release(call.budget, headers ? readRateLimit(headers) : undefined);
  }

  /**
   * Records why an attempt failed and returns it. `unclear`: the attempt got no clear answer,
   * so what it asked for may have happened; a create then says so in its message.
   */
  function failed(
    call: HttpCall,
    kind: ApiVideoErrorKind,
    details: ApiVideoErrorDetails,
    unclear: boolean,
  ): ApiVideoError {
    if (unclear) call.outcomeUnknown = true;
    const { spec } = call;
    call.failure = new ApiVideoError(kind, {
      context: call.context,
      ...details,
      ...(spec.changesState && call.outcomeUnknown ? { outcomeUnknown: true } : {}),
      ...(unclear && !spec.idempotent ? { message: outcomeUnknownMessage(kind) } : {}),
    });
    return call.failure;
  }

  /** Waits out the back-off or the 429, then for the rate gate: abortable, unlike ofetch's retryDelay. */
  async function beforeAttempt(call: HttpCall): Promise<void> {
    const { spec } = call;
    throwIfAborted(spec.signal);
    if (call.wait) {
      const { ms, afterRateLimit } = call.wait;
      call.wait = undefined;
      await sleep(ms, spec.signal);
      if (afterRateLimit && spec.rateLimited) gate.windowWaited(call.budget);
    }
    if (spec.rateLimited) {
      await gate.acquire(call.budget, spec.signal);
      call.holdsGate = true;
    }
  }

  const $fetch = ofetch.create(
    {
      baseURL: baseUrl,
      // Never follow a redirect: a 307 on /auth/api-key would send the key to wherever it
      // points. 'manual', not 'error': browsers report 'error' as a bare "Failed to fetch",
      // which cannot be told from being offline, so it would be retried and reported as a
      // network failure; 'manual' follows nothing either and lets us say what happened.
      redirect: 'manual',
      headers: { Accept: 'application/json', 'AV-Origin-App': ORIGIN_APP_HEADER },
      responseType: 'text',
      retry: Math.max(1, retry.maxAttempts) - 1,
      retryStatusCodes: RETRY_STATUS_CODES,

      // Called only when ofetch has decided to try again.
      retryDelay(context) {
        const call = callOf(context);
        const status = context.response?.status;
        const retryAfterSeconds =
          status === 429 ? readRateLimit(context.response!.headers)?.retryAfterSeconds : undefined;
        call.wait = {
          ms: retryAfterSeconds ? retryAfterSeconds * 1000 : backoffMs(call.attempts),
          afterRateLimit: status === 429,
        };
        return 0; // waited in onRequest, where a cancel can cut it short
      },

      async onRequest(context) {
        const call = callOf(context);
        const { spec } = call;
        try {
          await beforeAttempt(call);
        } catch (error) {
          // Cancelled, or the rate limit asks for too long a wait.
          if (!isApiVideoError(error)) throw error;
          throw failed(call, error.kind, { retryAfterSeconds: error.retryAfterSeconds, cause: error }, false);
        }
        call.attempts++;
        context.options.signal = attemptSignal(spec.signal, timeoutMs);
        if (spec.accessToken !== undefined) context.options.headers.set('Authorization', `Bearer ${spec.accessToken}`);
        try {
          onRequest?.({ method: spec.method, path: spec.route });
        } catch {
          // A counting hook must never fail or alter a request.
        }
      },

      onRequestError(context) {
        const call = callOf(context);
        const { error } = context;
        const answer = error instanceof FailedAnswer ? error : undefined;
        releaseGate(call, answer?.headers);
        if (call.spec.signal?.aborted) throw failed(call, 'aborted', {}, false);
        if (error instanceof ParserBug) throw error.error;
        if (answer?.reason === 'redirect') {
          throw failed(
            call,
            'bad-response',
            { ...(answer.status > 0 ? { status: answer.status } : {}), message: REDIRECT_MESSAGE },
            false,
          );
        }
        if (answer) {
          // Most likely a proxy's page or a body cut short: as transient as a 5xx.
          failed(
            call,
            'bad-response',
            { status: answer.status, context: `${call.context}, ${answer.detail}`, cause: answer.cause },
            true,
          );
          return;
        }
        // No answer at all: the attempt timed out, or the connection failed (offline, DNS,
        // reset, a body that broke off). The fetch error is kept as the cause: its message
        // names the host at most, never the path.
        const timedOut = context.options.signal?.aborted === true;
        failed(call, timedOut ? 'timeout' : 'network', { cause: error }, true);
      },

      onResponse(context) {
        releaseGate(callOf(context), context.response.headers);
      },

      onResponseError(context) {
        const call = callOf(context);
        const { status, headers } = context.response;
        const details = {
          status,
          problemType: problemTypeOf(headers.get('content-type'), context.response._data),
        };
        const kind = kindForStatus(status);
        if (kind === 'rate-limited') {
          const retryAfterSeconds = readRateLimit(headers)?.retryAfterSeconds;
          const failure = failed(call, kind, { ...details, retryAfterSeconds }, false);
          // ofetch would wait and retry: fail now rather than wait this long.
          if ((retryAfterSeconds ?? 0) * 1000 > retry.maxRateLimitWaitMs) throw failure;
          return;
        }
        failed(call, kind, details, kind === 'server' || kind === 'timeout');
      },
    },
    { fetch: fetchWholeAnswer },
  );

  async function request<T>(spec: RequestSpec<T>): Promise<HttpResponse<T>> {
    const call: HttpCall = {
      spec,
      context: `${spec.method} ${spec.route}`,
      budget: spec.method === 'GET' ? 'read' : 'write',
      attempts: 0,
      holdsGate: false,
      outcomeUnknown: spec.earlierOutcomeUnknown === true,
    };
    try {
      const response = await $fetch.raw(spec.path, {
        method: spec.method,
        query: spec.query,
        body: spec.body,
        // Never repeated: if an answer is lost, a retry could mint a second token.
        ...(spec.idempotent ? {} : { retry: 0 }),
        apiVideoCall: call,
      });
      return { status: response.status, data: call.data as T };
    } catch (error) {
      // ofetch's FetchError, whose message holds the URL, gives way to the latest attempt's
      // failure; a hook's own error (already that failure, or a parser bug) stands.
      if (error instanceof FetchError && call.failure) throw call.failure;
      throw error;
    }
  }

  return { request };
}

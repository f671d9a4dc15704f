// Every failure of the api.video client surfaces as an ApiVideoError with a `kind` the UI
// translates. Messages are English, for logs and developers, and tell a person what to do.
// They never contain the API key, tokens, request bodies, headers or URLs (get/delete URLs
// contain token ids): callers pass a route template like `GET /upload-tokens/{uploadToken}`.

export type ApiVideoErrorKind =
  | 'invalid-key'
  | 'unauthorized'
  | 'not-found'
  | 'bad-request'
  | 'rate-limited'
  | 'network'
  | 'timeout'
  | 'server'
  | 'bad-response'
  | 'aborted';

const KINDS: ReadonlySet<string> = new Set<ApiVideoErrorKind>([
  'invalid-key',
  'unauthorized',
  'not-found',
  'bad-request',
  'rate-limited',
  'network',
  'timeout',
  'server',
  'bad-response',
  'aborted',
]);

const ADVICE: Record<ApiVideoErrorKind, string> = {
  'invalid-key':
    'api.video rejected this API key. Check that you copied the whole key, and that it belongs to this environment (production and sandbox keys differ).',
  unauthorized:
    'api.video refused the request even after signing in again. Check that the API key is still active in the api.video dashboard.',
  'not-found': 'api.video has no such upload token (it may have expired or been deleted). Refresh the list.',
  'bad-request': 'api.video refused the request as invalid. Check the values entered and try again.',
  'rate-limited': 'Too many requests to api.video. Wait a moment and try again.',
  network: 'Could not reach api.video. Check your internet connection and try again.',
  timeout: 'api.video did not answer in time. Try again in a moment.',
  server: 'api.video had a server error. Try again in a few minutes.',
  'bad-response':
    'api.video sent an answer this extension could not read. Try again; if it persists, a proxy or firewall may be interfering.',
  aborted: 'The request was cancelled.',
};

export interface ApiVideoErrorDetails {
  status?: number;
  problemType?: string;
  retryAfterSeconds?: number;
  /** Extra context for logs, e.g. the route template; never secrets. */
  context?: string;
  /** Replaces the standard advice. */
  message?: string;
  /** See ApiVideoError.outcomeUnknown. */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

export class ApiVideoError extends Error {
  override readonly name = 'ApiVideoError';
  readonly kind: ApiVideoErrorKind;
  readonly status?: number;
  /** api.video's problem `type` (a docs URL), the stable discriminator of its errors. */
  readonly problemType?: string;
  readonly retryAfterSeconds?: number;
  /**
   * Set on a failed create or delete when an attempt got no clear answer (no answer, a
   * timeout, a 5xx, an unreadable 2xx): api.video may have carried it out anyway. After a
   * create, look for the token before trying again (client.findRecentlyCreated).
   */
  readonly outcomeUnknown?: true;

  constructor(kind: ApiVideoErrorKind, details: ApiVideoErrorDetails = {}) {
    const advice = details.message ?? adviceFor(kind, details.retryAfterSeconds);
    const where = [details.context, details.status === undefined ? undefined : `HTTP ${details.status}`]
      .filter(Boolean)
      .join(', ');
    // `cause` is kept for debugging but never copied into the message: a FetchError's
    // message contains the request URL, and so a token id.
    super(where ? `${advice} (${where})` : advice, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    if (details.status !== undefined) this.status = details.status;
    if (details.problemType !== undefined) this.problemType = details.problemType;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
    if (details.outcomeUnknown) this.outcomeUnknown = true;
  }
}

function adviceFor(kind: ApiVideoErrorKind, retryAfterSeconds: number | undefined): string {
  if (kind === 'rate-limited' && retryAfterSeconds !== undefined) {
    return `Too many requests to api.video. Try again in ${retryAfterSeconds} s.`;
  }
  return ADVICE[kind];
}

export function isApiVideoError(error: unknown): error is ApiVideoError {
  return error instanceof ApiVideoError;
}

/**
 * The kind of any thrown value. Errors that crossed a message boundary arrive as plain
 * objects, so a `kind` property is honoured; an AbortError is 'aborted', a timeout is
 * 'timeout', and anything else unknown is most likely a failed fetch: 'network'.
 */
export function errorKindOf(error: unknown): ApiVideoErrorKind {
  if (isApiVideoError(error)) return error.kind;
  if (typeof error === 'object' && error !== null) {
    const { kind, name } = error as { kind?: unknown; name?: unknown };
    if (typeof kind === 'string' && KINDS.has(kind)) return kind as ApiVideoErrorKind;
    if (name === 'AbortError') return 'aborted';
    if (name === 'TimeoutError') return 'timeout';
  }
  return 'network';
}

export function abortedError(context?: string): ApiVideoError {
  return new ApiVideoError('aborted', context === undefined ? {} : { context });
}

/** Throws 'aborted' when the signal has fired: call before every request and after every wait. */
export function throwIfAborted(signal: AbortSignal | undefined, context?: string): void {
  if (signal?.aborted) throw abortedError(context);
}

import { describe, expect, it } from 'vitest';
import { ApiVideoError, errorKindOf, isApiVideoError, type ApiVideoErrorKind } from '@/utils/apivideo/errors';

const KINDS: ApiVideoErrorKind[] = [
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
];

describe('ApiVideoError', () => {
  it.each(KINDS)('%s has an English message a person can act on', (kind) => {
    const error = new ApiVideoError(kind);
    expect(error.kind).toBe(kind);
    expect(error.name).toBe('ApiVideoError');
    expect(error.message.length).toBeGreaterThan(20);
    expect(isApiVideoError(error)).toBe(true);
  });

  it('says which environment key to check for invalid-key', () => {
    expect(new ApiVideoError('invalid-key').message).toBe(
      'api.video rejected this API key. Check that you copied the whole key, and that it belongs to this environment (production and sandbox keys differ).',
    );
  });

  it('tells how long to wait when rate-limited', () => {
    const error = new ApiVideoError('rate-limited', { status: 429, retryAfterSeconds: 12 });
    expect(error.retryAfterSeconds).toBe(12);
    expect(error.message).toContain('12 s');
  });

  it('adds the route and status for logs, and keeps the cause out of the message', () => {
    const cause = new Error('[GET] "https://ws.api.video/upload-tokens/toSecret": <no response> fetch failed');
    const error = new ApiVideoError('network', { status: 502, context: 'GET /upload-tokens/{uploadToken}', cause });
    expect(error.message).toContain('GET /upload-tokens/{uploadToken}, HTTP 502');
    expect(error.message).not.toContain('toSecret');
    expect(error.cause).toBe(cause);
  });
});

describe('errorKindOf', () => {
  it.each<[string, unknown, ApiVideoErrorKind]>([
    ['an ApiVideoError', new ApiVideoError('not-found'), 'not-found'],
    ['a plain object that crossed a message boundary', { kind: 'rate-limited', message: 'x' }, 'rate-limited'],
    ['an object with an unknown kind', { kind: 'weird' }, 'network'],
    ['an AbortError', new DOMException('aborted', 'AbortError'), 'aborted'],
    ['a TimeoutError', new DOMException('timeout', 'TimeoutError'), 'timeout'],
    ['a failed fetch', new TypeError('Failed to fetch'), 'network'],
    ['a string', 'oops', 'network'],
    ['undefined', undefined, 'network'],
  ])('%s', (_label, error, kind) => {
    expect(errorKindOf(error)).toBe(kind);
  });
});

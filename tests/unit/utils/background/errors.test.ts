import { describe, expect, it } from 'vitest';
import { ApiVideoError } from '@/utils/apivideo/errors';
import { BackgroundError, errorMessage, isOutcomeUnknown, toReplyError } from '@/utils/background/errors';

const LIMITED_UNKNOWN = 'api.video is limiting requests right now. Wait a minute and try again.';
const INTERNAL =
  'Something went wrong inside the extension. Close and reopen this page; if it persists, reload the extension.';

describe('errorMessage', () => {
  it.each([
    ['rate-limited', 12, 'api.video is limiting requests right now. Try again in 12 s.'],
    // Rounded up: "try again in 2 s" after 2.2 s would be refused again.
    ['rate-limited', 2.2, 'api.video is limiting requests right now. Try again in 3 s.'],
    // No wait, or none known: no number to give.
    ['rate-limited', 0, LIMITED_UNKNOWN],
    ['rate-limited', undefined, LIMITED_UNKNOWN],
    // A wait only means something for a rate limit.
    ['server', 30, 'api.video had a server error. Nothing was changed on your side; try again in a few minutes.'],
  ] as const)('%s after %s s: %s', (kind, seconds, text) => {
    expect(errorMessage(kind, seconds)).toBe(text);
  });
});

describe('toReplyError', () => {
  it('gives an api.video error’s kind and translated text, with its wait', () => {
    expect(toReplyError(new ApiVideoError('rate-limited', { retryAfterSeconds: 5 }))).toEqual({
      kind: 'rate-limited',
      message: 'api.video is limiting requests right now. Try again in 5 s.',
    });
  });

  it('never lets an exception’s own message out: anything else is an internal error', () => {
    const leaky = new Error('GET https://ws.api.video/upload-tokens/to1234567890abcdefghij failed');
    expect(toReplyError(leaky)).toEqual({ kind: 'internal', message: INTERNAL });
    expect(toReplyError('a string')).toEqual({ kind: 'internal', message: INTERNAL });
  });

  it('uses a background error’s own text when it names one', () => {
    expect(toReplyError(new BackgroundError('no-key'))).toEqual({ kind: 'no-key', message: errorMessage('no-key') });
    const named = toReplyError(new BackgroundError('duplicate-key', undefined, 'error_duplicate_key', ['Acme']));
    expect(named.kind).toBe('duplicate-key');
    expect(named.message).toBe(
      'This API key is already saved as the account “Acme”. A key can belong to one account only.',
    );
  });
});

describe('isOutcomeUnknown', () => {
  it('is true only for an api.video error that says so', () => {
    expect(isOutcomeUnknown(new ApiVideoError('timeout', { outcomeUnknown: true }))).toBe(true);
    expect(isOutcomeUnknown(new ApiVideoError('timeout'))).toBe(false);
    expect(isOutcomeUnknown(new ApiVideoError('timeout', { outcomeUnknown: false }))).toBe(false);
    expect(isOutcomeUnknown(Object.assign(new Error('timeout'), { outcomeUnknown: true }))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '@/utils/messaging';
import { errorAction } from '@/utils/ui/error-action';

describe('errorAction', () => {
  it.each<[ErrorKind, ReturnType<typeof errorAction>]>([
    ['invalid-key', 'open-settings'],
    ['unauthorized', 'open-settings'],
    ['no-key', 'open-settings'],
    ['network', 'retry'],
    ['timeout', 'retry'],
    ['rate-limited', 'retry'],
    ['server', 'retry'],
    ['bad-response', 'retry'],
    ['internal', 'retry'],
  ])('%s → %s', (kind, action) => {
    expect(errorAction(kind)).toBe(action);
  });
});

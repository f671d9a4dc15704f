import type { ErrorKind } from '@/utils/messaging';

/**
 * What a person can do about a failed request: key problems are fixed in the settings
 * (retrying would fail the same way); everything else may work on a retry.
 */
export function errorAction(kind: ErrorKind): 'open-settings' | 'retry' {
  return kind === 'invalid-key' || kind === 'unauthorized' || kind === 'no-key' ? 'open-settings' : 'retry';
}

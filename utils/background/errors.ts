import { isApiVideoError, type ApiVideoError } from '@/utils/apivideo/errors';
import type { Environment } from '@/utils/apivideo/types';
import { t, type MessageKey } from '@/utils/i18n';
import type { ErrorKind, ReplyError } from '@/utils/messaging';

/** A failure of the background itself (not of api.video), with a kind a page can act on. */
export class BackgroundError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly otherEnvironment?: Environment,
    /** A more precise text than the kind's own. */
    readonly messageKey?: MessageKey,
    /** What that text names ($1, $2 …). */
    readonly substitutions?: string[],
  ) {
    super(kind);
  }
}

const MESSAGE_KEYS: Record<ErrorKind, MessageKey> = {
  'invalid-key': 'error_invalid_key',
  unauthorized: 'error_unauthorized',
  'not-found': 'error_not_found',
  'bad-request': 'error_bad_request',
  'rate-limited': 'error_rate_limited_unknown',
  network: 'error_network',
  timeout: 'error_timeout',
  server: 'error_server',
  'bad-response': 'error_bad_response',
  aborted: 'error_aborted',
  'no-key': 'error_no_key',
  'duplicate-key': 'error_duplicate_key',
  'key-changed': 'error_key_changed',
  'forbidden-sender': 'error_forbidden_sender',
  'invalid-request': 'error_invalid_request',
  busy: 'error_busy',
  internal: 'error_internal',
};

/** Translated text for an error kind. */
export function errorMessage(kind: ErrorKind, retryAfterSeconds?: number): string {
  if (kind === 'rate-limited' && retryAfterSeconds !== undefined && retryAfterSeconds > 0) {
    return t('error_rate_limited', Math.ceil(retryAfterSeconds));
  }
  return t(MESSAGE_KEYS[kind]);
}

/**
 * Any thrown value as a reply error. Only kinds and translated texts leave the background:
 * never an exception's own message, which could carry a URL with a token in it.
 */
export function toReplyError(error: unknown): ReplyError {
  if (error instanceof BackgroundError) {
    if (error.otherEnvironment) {
      return {
        kind: error.kind,
        message: t('error_key_other_environment', [
          t(`environment_${otherOf(error.otherEnvironment)}`),
          t(`environment_${error.otherEnvironment}`),
        ]),
        otherEnvironment: error.otherEnvironment,
      };
    }
    return {
      kind: error.kind,
      message: error.messageKey ? t(error.messageKey, error.substitutions) : errorMessage(error.kind),
    };
  }
  if (isApiVideoError(error)) {
    return { kind: error.kind, message: errorMessage(error.kind, error.retryAfterSeconds) };
  }
  return { kind: 'internal', message: errorMessage('internal') };
}

/** A create or delete that failed without a clear refusal: api.video may have carried it out anyway. */
export function isOutcomeUnknown(error: unknown): error is ApiVideoError & { outcomeUnknown: true } {
  return isApiVideoError(error) && error.outcomeUnknown === true;
}

export function otherOf(environment: Environment): Environment {
  return environment === 'production' ? 'sandbox' : 'production';
}

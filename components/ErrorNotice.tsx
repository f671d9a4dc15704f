import { t } from '@/utils/i18n';

export interface ErrorNoticeProps {
  /** Already translated, actionable text (a reply's error.message). */
  message: string;
  /** Shows a Retry button when given. */
  onRetry?: () => void;
  retryLabel?: string;
}

/** An error a person can act on, announced at once (role=alert), with Retry where it makes sense. */
export function ErrorNotice({ message, onRetry, retryLabel }: ErrorNoticeProps) {
  return (
    <div class="notice notice--error" role="alert">
      <p class="notice__text">{message}</p>
      {onRetry && (
        <button type="button" class="button button--small" onClick={onRetry}>
          {retryLabel ?? t('ui_retry')}
        </button>
      )}
    </div>
  );
}

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { ProgressBar } from '@/components/ProgressBar';
import type { ReplyError } from '@/utils/messaging';
import { isActive, type BulkDeleteJob } from '@/utils/storage';
import { maskToken } from '@/utils/mask';
import { ErrorNotice } from '@/components/ErrorNotice';

export interface BulkDeleteProgressProps {
  /** Undefined when the stored job cannot be read: only dismissing it is offered. */
  job?: BulkDeleteJob;
  /** The person's name for the job's account. */
  accountName: string;
  /** True when the person just started the job here: the focus follows it (not on a reopened popup). */
  takeFocus?: boolean;
  /** Offered when some tokens failed and the job's key is still the saved one. */
  onRetryFailed?: () => Promise<ReplyError | undefined>;
  onCancel: () => Promise<ReplyError | undefined>;
  onDismiss: () => Promise<ReplyError | undefined>;
}

const MAX_FAILURES_LISTED = 50;

function title(job: BulkDeleteJob, accountName: string): string {
  // The account's lifetime policy started it, not the person (issue 14): say so.
  if (job.via === 'policy') {
    if (isActive(job)) return t('popup_policy_running_title', accountName);
    if (job.state === 'cancelled') return t('popup_policy_cancelled_title', accountName);
    if (job.state === 'done') return t('popup_policy_done_title', accountName);
  }
  if (isActive(job)) return t('popup_bulk_running_title', accountName);
  if (job.state === 'stopped') {
    return t(
      job.stopReason === 'key-forgotten' ? 'popup_bulk_stopped_forgotten_title' : 'popup_bulk_stopped_key_title',
    );
  }
  return job.state === 'cancelled' ? t('popup_bulk_cancelled_title') : t('popup_bulk_done_title');
}

/** A running bulk delete (progress, cancel), then its report (deleted, already gone, failed and why). */
export function BulkDeleteProgress({
  job,
  accountName,
  takeFocus = false,
  onRetryFailed,
  onCancel,
  onDismiss,
}: BulkDeleteProgressProps) {
  const [error, setError] = useState<ReplyError>();
  const heading = useRef<HTMLHeadingElement>(null);
  // Unique: the overview can show several accounts' jobs at once.
  const titleId = useId();
  useEffect(() => {
    if (takeFocus) heading.current?.focus();
  }, [takeFocus]);
  const act = async (action: () => Promise<ReplyError | undefined>) => setError(await action());

  if (!job) {
    return (
      <section class="bulk card" aria-labelledby={titleId}>
        <h2 id={titleId} class="card__title">
          {t('popup_bulk_done_title')}
        </h2>
        <p>{t('popup_bulk_unreadable')}</p>
        {error && <ErrorNotice message={error.message} />}
        <div class="actions">
          <button type="button" class="button button--primary" onClick={() => void act(onDismiss)}>
            {t('popup_bulk_dismiss')}
          </button>
        </div>
      </section>
    );
  }

  const processed = job.deleted.length + job.alreadyGone.length + job.failed.length;
  const running = isActive(job);
  const notAttempted = job.pending.length + job.inFlight.length;

  return (
    <section class="bulk card" aria-labelledby={titleId}>
      <h2 id={titleId} class="card__title" tabIndex={-1} ref={heading}>
        {title(job, accountName)}
      </h2>
      <ProgressBar
        done={processed}
        total={job.total}
        labelledBy={titleId}
        valueText={t('popup_bulk_progress', [processed, job.total])}
        fullWhenEmpty
      />
      <p class="muted">{t('popup_bulk_progress', [processed, job.total])}</p>
      {job.via === 'policy' && running && <p class="muted">{t('popup_policy_running_note')}</p>}
      {/* Announced once, when the report appears; the per-token count would be too chatty. */}
      <div role="status">
        {!running && (
          <ul class="bulk__report">
            <li>{t('popup_bulk_report_deleted', job.deleted.length)}</li>
            <li>{t('popup_bulk_report_gone', job.alreadyGone.length)}</li>
            <li>{t('popup_bulk_report_failed', job.failed.length)}</li>
            {job.state === 'cancelled' && <li>{t('popup_bulk_report_skipped', notAttempted)}</li>}
            {job.state === 'stopped' && <li>{t('popup_bulk_report_not_attempted', notAttempted)}</li>}
            {job.unconfirmed.length > 0 && <li>{t('popup_bulk_report_unconfirmed', job.unconfirmed.length)}</li>}
            {(job.skipped?.length ?? 0) > 0 && <li>{t('popup_policy_report_kept', job.skipped!.length)}</li>}
          </ul>
        )}
      </div>
      {!running && job.failed.length > 0 && (
        <ul class="bulk__failures" aria-label={t('popup_bulk_failures_label')}>
          {job.failed.slice(0, MAX_FAILURES_LISTED).map((failure) => (
            <li key={failure.token}>
              <span class="mono">{maskToken(failure.token)}</span>: {failure.message}
            </li>
          ))}
          {job.failed.length > MAX_FAILURES_LISTED && (
            <li>{t('popup_bulk_failures_more', job.failed.length - MAX_FAILURES_LISTED)}</li>
          )}
        </ul>
      )}
      {error && <ErrorNotice message={error.message} />}
      <div class="actions">
        {running ? (
          <button type="button" class="button" disabled={job.state === 'cancelling'} onClick={() => void act(onCancel)}>
            {job.state === 'cancelling'
              ? t('popup_bulk_cancelling')
              : t(job.via === 'policy' ? 'popup_policy_cancel' : 'popup_bulk_cancel')}
          </button>
        ) : (
          <>
            {onRetryFailed && (
              <button type="button" class="button button--danger" onClick={() => void act(onRetryFailed)}>
                {t('popup_bulk_retry_failed', job.failed.length)}
              </button>
            )}
            <button type="button" class="button button--primary" onClick={() => void act(onDismiss)}>
              {t('popup_bulk_dismiss')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}

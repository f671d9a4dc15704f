import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { UploadToken } from '@/utils/apivideo/types';
import { POLICY_DAYS } from '@/utils/guard';
import { t } from '@/utils/i18n';
import { ProgressBar } from '@/components/ProgressBar';
import { maskToken } from '@/utils/mask';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import { bulkDeleteItem, isActive, tokenLabelsItem, type Account, type BulkDeleteJob } from '@/utils/storage';
import { formatDate, formatDateTime } from '@/utils/ui/dates';
import { numberProblemMessage } from '@/utils/ui/number-problem';
import { parseWholeNumber } from '@/utils/ui/ttl';
import { useStoredItem, valueOf } from '@/components/hooks/useStoredItem';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { ErrorNotice } from '@/components/ErrorNotice';
import { NumberSetting } from '@/components/NumberSetting';
import './guard.css';

export interface LifetimePolicyProps {
  account: Account;
  /** The account's saved key: labels and the policy's job belong to it. */
  keyId: string;
}

/** Rows of the preview shown at first, and added by each "Show more". */
export const PREVIEW_ROWS = 100;
const DEFAULT_DAYS = '90';

type Checked = { ok: true; value: number } | { ok: false; message: string };

function checkDays(raw: string): Checked {
  const parsed = parseWholeNumber(raw);
  const { min, max } = POLICY_DAYS;
  if (!parsed.ok) return { ok: false, message: numberProblemMessage(parsed.problem, min, max) };
  if (parsed.value < min) return { ok: false, message: numberProblemMessage('too-small', min, max) };
  if (parsed.value > max) return { ok: false, message: numberProblemMessage('too-large', min, max) };
  return { ok: true, value: parsed.value };
}

function countText(count: number): string {
  if (count === 0) return t('options_policy_count_none');
  return count === 1 ? t('options_policy_count_one') : t('options_policy_count_other', count);
}

function confirmText(count: number, days: number): string {
  if (count === 0) return t('options_policy_confirm_none', days);
  return count === 1 ? t('options_policy_confirm_one', days) : t('options_policy_confirm_other', [count, days]);
}

/** The policy's own job: its progress while it runs, what it did when it ended. */
function PolicyJob({ job }: { job: BulkDeleteJob }) {
  const id = useId();
  if (isActive(job)) {
    return (
      <div class="policy__job">
        <p id={id}>{t('options_policy_running', [job.deleted.length, job.total])}</p>
        <ProgressBar done={job.deleted.length} total={job.total} labelledBy={id} />
      </div>
    );
  }
  return (
    <p class="muted policy__job">
      {t('options_policy_last_run', [formatDateTime(job.finishedAt ?? job.updatedAt), job.deleted.length])}
      {job.failed.length > 0 && ` ${t('options_policy_last_run_failed', job.failed.length)}`}
    </p>
  );
}

function PreviewTable({ tokens, labels }: { tokens: readonly UploadToken[]; labels: Record<string, string> }) {
  const [shown, setShown] = useState(PREVIEW_ROWS);
  const rows = tokens.slice(0, shown);
  return (
    <>
      <div class="guard-table__scroll">
        <table class="guard-table">
          <caption class="visually-hidden">{t('options_policy_table_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('options_guard_col_token')}</th>
              <th scope="col">{t('options_guard_col_label')}</th>
              <th scope="col">{t('options_guard_col_created')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((token) => (
              <tr key={token.token}>
                <td class="mono">{maskToken(token.token)}</td>
                <td>{labels[token.token] ?? ''}</td>
                <td>{formatDate(Date.parse(token.createdAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {tokens.length > shown && (
        <div class="actions">
          <button type="button" class="button button--small" onClick={() => setShown(shown + PREVIEW_ROWS)}>
            {t('options_guard_show_more', Math.min(PREVIEW_ROWS, tokens.length - shown))}
          </button>
        </div>
      )}
    </>
  );
}

/**
 * An account's lifetime policy (issue 14): off by default; set up with a number of days and a
 * preview of exactly what it would delete now, turned on after a confirmation that says how many.
 * While on, it runs on every refresh alarm; a running policy job shows its progress here.
 */
export function LifetimePolicy({ account, keyId }: LifetimePolicyProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(DEFAULT_DAYS);
  const [problem, setProblem] = useState<string>();
  const [preview, setPreview] = useState<{ days: number; tokens: UploadToken[] }>();
  const [previewing, setPreviewing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ReplyError>();
  const storedJob = valueOf(useStoredItem(bulkDeleteItem(account.id)));
  const storedLabels = valueOf(useStoredItem(tokenLabelsItem(account.id)));
  const labels = storedLabels?.keyId === keyId ? storedLabels.labels : {};
  const job = storedJob?.via === 'policy' && storedJob.keyId === keyId ? storedJob : undefined;
  const days = account.policyDays;

  // Turned on or off: the focus goes to what replaced the button that was pressed, once the reply,
  // the closed dialog and the stored account (which may come first or second) have been rendered.
  const status = useRef<HTMLParagraphElement>(null);
  const setUp = useRef<HTMLButtonElement>(null);
  const moveFocus = useRef<'on' | 'off'>();
  useEffect(() => {
    const target = moveFocus.current === 'on' ? status.current : setUp.current;
    // An effect of a render from before the reply may run after it: the dialog must be gone too.
    if (!moveFocus.current || confirming || (moveFocus.current === 'on') !== (days !== undefined) || !target) return;
    moveFocus.current = undefined;
    target.focus();
  });

  const onInput = (value: string) => {
    setDraft(value);
    setProblem(undefined);
    setPreview(undefined); // a preview is only good for the number it was made for
  };

  const runPreview = async (event: Event) => {
    event.preventDefault();
    const checked = checkDays(draft);
    if (!checked.ok) {
      setProblem(checked.message);
      return;
    }
    setPreviewing(true);
    setError(undefined);
    const reply = await sendRequest('previewPolicy', { account: account.id, maxAgeDays: checked.value });
    setPreviewing(false);
    if (reply.ok) setPreview({ days: checked.value, tokens: reply.tokens });
    else setError(reply.error);
  };

  const turnOn = async () => {
    if (!preview) return undefined;
    const reply = await sendRequest('updateAccount', { account: account.id, policyDays: preview.days });
    if (!reply.ok) return reply.error;
    moveFocus.current = 'on';
    setConfirming(false);
    setPreview(undefined);
    setOpen(false);
    return undefined;
  };

  const turnOff = async () => {
    setError(undefined);
    const reply = await sendRequest('updateAccount', { account: account.id, policyDays: null });
    if (reply.ok) moveFocus.current = 'off';
    else setError(reply.error);
  };

  return (
    <section class="policy" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} class="policy__title">
        {t('options_policy_heading')}
      </h4>
      {days !== undefined ? (
        <>
          <p class="policy__state" ref={status} tabIndex={-1}>
            <strong>{t('options_policy_on', days)}</strong> {t('options_policy_on_detail')}
          </p>
          <div class="actions">
            <button type="button" class="button" onClick={() => void turnOff()}>
              {t('options_policy_turn_off')}
            </button>
          </div>
        </>
      ) : (
        // One line while off: twenty accounts still fit in a page a person can scan.
        <div class="policy__row">
          <p class="policy__state">{t('options_policy_off')}</p>
          {!open && (
            <button type="button" class="button" ref={setUp} onClick={() => setOpen(true)}>
              {t('options_policy_set_up')}
            </button>
          )}
        </div>
      )}
      {days === undefined && open && (
        <form class="policy__form" onSubmit={(event) => void runPreview(event)} noValidate>
          <NumberSetting
            label={t('options_policy_days_label')}
            hint={t('options_policy_days_hint', [POLICY_DAYS.min, POLICY_DAYS.max])}
            value={draft}
            {...POLICY_DAYS}
            error={problem}
            onInput={onInput}
          />
          <div class="actions">
            <button type="submit" class="button" aria-busy={previewing} disabled={previewing}>
              {previewing ? t('options_policy_previewing') : t('options_policy_preview')}
            </button>
            <button type="button" class="button" onClick={() => (setOpen(false), setPreview(undefined))}>
              {t('ui_cancel')}
            </button>
          </div>
          <div role="status" class="policy__count">
            {preview && countText(preview.tokens.length)}
          </div>
          {preview && preview.tokens.length > 0 && (
            <PreviewTable key={preview.days} tokens={preview.tokens} labels={labels} />
          )}
          {preview && (
            <div class="actions">
              <button type="button" class="button button--primary" onClick={() => setConfirming(true)}>
                {t('options_policy_turn_on')}
              </button>
            </div>
          )}
        </form>
      )}
      {job && <PolicyJob job={job} />}
      {error && <ErrorNotice message={error.message} />}
      {confirming && preview && (
        <ConfirmDialog
          title={t('options_policy_confirm_title', account.name)}
          confirmLabel={t('options_policy_turn_on')}
          onConfirm={turnOn}
          onCancel={() => setConfirming(false)}
        >
          <p>{confirmText(preview.tokens.length, preview.days)}</p>
          <p>{t('options_policy_confirm_keep')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

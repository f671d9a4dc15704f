import { useId, useState } from 'preact/hooks';
import type { ImportReport } from '@/utils/background/notes';
import { MAX_IMPORT_CHARS } from '@/utils/labels';
import { t } from '@/utils/i18n';
import { sendRequest } from '@/utils/messaging';
import type { Account } from '@/utils/storage';
import { ErrorNotice } from '@/components/ErrorNotice';

export interface ImportLabelsProps {
  /** The account whose saved key's tokens the labels are matched against. */
  account: Account;
}

/**
 * Labels back from a previous JSON export. On the options page, not in the popup: a popup closes
 * when it loses focus, and the file picker takes the focus (Firefox closes the popup at once).
 */
export function ImportLabels({ account }: ImportLabelsProps) {
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport>();
  const [error, setError] = useState<string>();

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setReport(undefined);
    setError(undefined);
    if (file.size > MAX_IMPORT_CHARS) {
      setError(t('options_import_too_large'));
      input.value = '';
      return;
    }
    setBusy(true);
    let text: string;
    try {
      text = await file.text();
    } catch {
      setBusy(false);
      setError(t('options_import_unreadable'));
      return;
    }
    const reply = await sendRequest('importLabels', { account: account.id, text });
    setBusy(false);
    input.value = ''; // the same file may be chosen again
    if (reply.ok) setReport(reply.report);
    else setError(reply.error.message);
  };

  return (
    <section class="account__form" aria-labelledby={`${inputId}-title`}>
      <h4 id={`${inputId}-title`} class="fieldset__legend">
        {t('options_import_heading')}
      </h4>
      <p class="muted">{t('options_import_intro', account.name)}</p>
      <div class="field">
        <label for={inputId} class="label">
          {t('options_import_file')}
        </label>
        <input
          id={inputId}
          type="file"
          accept="application/json,.json"
          disabled={busy}
          onChange={(event) => void onFile(event.currentTarget)}
        />
      </div>
      <p class="status" role="status">
        {busy
          ? t('options_import_working')
          : report
            ? [
                t('options_import_report', [report.matched, report.unknown, report.malformed]),
                ...(report.kept > 0 ? [t('options_import_kept', report.kept)] : []),
              ].join(' ')
            : ''}
      </p>
      {error && <ErrorNotice message={error} />}
    </section>
  );
}

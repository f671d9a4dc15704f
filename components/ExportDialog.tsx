import { useState } from 'preact/hooks';
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import type { TokenHistory } from '@/utils/history';
import { t } from '@/utils/i18n';
import type { Labels } from '@/utils/labels';
import type { AccountId } from '@/utils/storage';
import { useAnnounce } from '@/components/Announcer';
import { Dialog } from '@/components/Dialog';
import { ErrorNotice } from '@/components/ErrorNotice';

export interface ExportDialogProps {
  environment: Environment;
  /** The account whose tokens these are. */
  account: { id: AccountId; name: string };
  /** The list as shown (filter and search applied). */
  shown: readonly UploadToken[];
  /** Every live token. */
  all: readonly UploadToken[];
  labels: Labels;
  history: ReadonlyMap<string, TokenHistory>;
  onClose: () => void;
}

/** "Export…": the shown or the whole list as CSV or JSON, full tokens only when ticked. */
export function ExportDialog({ environment, account, shown, all, labels, history, onClose }: ExportDialogProps) {
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [scope, setScope] = useState<'shown' | 'all'>('shown');
  const [includeFullTokens, setIncludeFullTokens] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const announce = useAnnounce();

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailed(false);
    try {
      // Loaded now, not with the popup: the CSV writer is not part of the first screen.
      const { buildExport, saveFile } = await import('@/utils/export');
      const tokens = scope === 'shown' ? shown : all;
      const file = buildExport(
        { environment, account, tokens, labels, history, includeFullTokens, nowMs: Date.now() },
        format,
      );
      saveFile(file);
      announce(t('popup_export_done', [tokens.length, file.name]));
      onClose();
    } catch {
      setFailed(true);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('popup_export_title')} onDismiss={onClose}>
      <form class="dialog__body" onSubmit={(event) => void onSubmit(event)}>
        <fieldset class="fieldset">
          <legend class="fieldset__legend">{t('popup_export_format')}</legend>
          <div class="choices">
            {(['csv', 'json'] as const).map((option) => (
              <label key={option} class="choice">
                <input
                  type="radio"
                  name="export-format"
                  checked={format === option}
                  onChange={() => setFormat(option)}
                  {...(option === 'csv' ? { 'data-autofocus': true } : {})}
                />
                <span>{t(option === 'csv' ? 'popup_export_csv' : 'popup_export_json')}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset class="fieldset">
          <legend class="fieldset__legend">{t('popup_export_scope')}</legend>
          <label class="choice">
            <input type="radio" name="export-scope" checked={scope === 'shown'} onChange={() => setScope('shown')} />
            <span>{t('popup_export_scope_shown', shown.length)}</span>
          </label>
          <label class="choice">
            <input type="radio" name="export-scope" checked={scope === 'all'} onChange={() => setScope('all')} />
            <span>{t('popup_export_scope_all', all.length)}</span>
          </label>
        </fieldset>
        <label class="choice">
          <input
            type="checkbox"
            checked={includeFullTokens}
            onChange={(event) => setIncludeFullTokens(event.currentTarget.checked)}
          />
          <span>{t('popup_export_full')}</span>
        </label>
        <p class={includeFullTokens ? 'notice notice--warning' : 'field__hint muted'}>
          {t(includeFullTokens ? 'popup_export_full_warning' : 'popup_export_masked_note')}
        </p>
        {failed && <ErrorNotice message={t('popup_export_failed')} />}
        <div class="dialog__actions">
          <button type="button" class="button" onClick={onClose}>
            {t('ui_cancel')}
          </button>
          <button type="submit" class="button button--primary" disabled={busy} aria-busy={busy}>
            {t('popup_export_submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

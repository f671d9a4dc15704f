import { t } from '@/utils/i18n';
import type { StoredListProgress } from '@/utils/storage';

export interface RefreshProgressProps {
  progress: StoredListProgress;
}

/** "page 3 of 40" while a long list is fetched page by page behind the cached one. */
export function RefreshProgress({ progress }: RefreshProgressProps) {
  const text = t('popup_refresh_progress', [progress.pagesDone, progress.pagesTotal]);
  const percent = progress.pagesTotal > 0 ? (progress.pagesDone / progress.pagesTotal) * 100 : 0;
  return (
    <div class="refresh-progress">
      <div
        class="progress"
        role="progressbar"
        aria-label={t('popup_refresh_progress_label')}
        aria-valuemin={0}
        aria-valuemax={progress.pagesTotal}
        aria-valuenow={progress.pagesDone}
        aria-valuetext={text}
      >
        <div class="progress__bar" style={{ width: `${percent}%` }} />
      </div>
      <span class="muted">{text}</span>
    </div>
  );
}

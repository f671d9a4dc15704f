import { t } from '@/utils/i18n';
import { ProgressBar } from '@/components/ProgressBar';
import type { StoredListProgress } from '@/utils/storage';

export interface RefreshProgressProps {
  progress: StoredListProgress;
}

/** "page 3 of 40" while a long list is fetched page by page behind the cached one. */
export function RefreshProgress({ progress }: RefreshProgressProps) {
  const text = t('popup_refresh_progress', [progress.pagesDone, progress.pagesTotal]);
  return (
    <div class="refresh-progress">
      <ProgressBar
        done={progress.pagesDone}
        total={progress.pagesTotal}
        label={t('popup_refresh_progress_label')}
        valueText={text}
      />
      <span class="muted">{text}</span>
    </div>
  );
}

import { t } from '@/utils/i18n';
import type { Environment } from '@/utils/apivideo/types';
import { environmentLabel } from '@/utils/ui/environment';
import { formatRelative } from '@/utils/ui/duration';
import type { TokenSummary } from '@/utils/ui/token-list';

export interface SummaryBarProps {
  summary?: TokenSummary;
  environment: Environment;
  soonHours: number;
  /** When the shown list was read from api.video. */
  checkedAt?: number;
  nowMs: number;
  refreshing: boolean;
  onRefresh: () => void;
}

/** The counts that matter at a glance, which environment, how fresh, and a refresh button. */
export function SummaryBar({
  summary,
  environment,
  soonHours,
  checkedAt,
  nowMs,
  refreshing,
  onRefresh,
}: SummaryBarProps) {
  const count = (value: number | undefined) => (value === undefined ? '–' : String(value));
  return (
    <section class="summary" aria-labelledby="summary-title">
      <h2 id="summary-title" class="visually-hidden">
        {t('popup_summary_heading')}
      </h2>
      <dl class="summary__stats">
        <div class={`stat ${summary && summary.neverExpiring > 0 ? 'stat--alert' : ''}`}>
          <dt>{t('popup_stat_never')}</dt>
          <dd>{count(summary?.neverExpiring)}</dd>
        </div>
        <div class="stat">
          <dt>{t('popup_stat_soon', soonHours)}</dt>
          <dd>{count(summary?.expiringSoon)}</dd>
        </div>
        <div class="stat">
          <dt>{t('popup_stat_total')}</dt>
          <dd>{count(summary?.total)}</dd>
        </div>
      </dl>
      <div class="summary__meta">
        <span class="env-badge">{environmentLabel(environment)}</span>
        <span class="muted">
          {refreshing
            ? t('popup_checking')
            : checkedAt === undefined
              ? t('popup_not_checked')
              : t('popup_checked', formatRelative(checkedAt, nowMs))}
        </span>
        <button
          type="button"
          class="button button--small button--icon"
          aria-label={t('popup_refresh')}
          title={t('popup_refresh')}
          // aria-disabled, not disabled: a disabled button would drop the keyboard focus mid-refresh.
          aria-disabled={refreshing}
          onClick={() => {
            if (!refreshing) onRefresh();
          }}
        >
          <span aria-hidden="true">↻</span>
        </button>
      </div>
    </section>
  );
}

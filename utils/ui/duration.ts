// Durations and relative times in short units ("3 h", "2 days", "in 3 h", "5 min ago").
// Short units need no plural except days, which pick _one/_other through Intl.PluralRules.
import { t } from '@/utils/i18n';
import { uiLanguage } from '@/utils/ui/locale';

export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86_400;

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Whole seconds split into days, hours, minutes and seconds (negative counts as 0). */
export function splitDuration(totalSeconds: number): DurationParts {
  let rest = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(rest / SECONDS_PER_DAY);
  rest -= days * SECONDS_PER_DAY;
  const hours = Math.floor(rest / SECONDS_PER_HOUR);
  rest -= hours * SECONDS_PER_HOUR;
  const minutes = Math.floor(rest / SECONDS_PER_MINUTE);
  return { days, hours, minutes, seconds: rest - minutes * SECONDS_PER_MINUTE };
}

function unitText(unit: keyof DurationParts, count: number): string {
  switch (unit) {
    case 'days': {
      const one = new Intl.PluralRules(uiLanguage()).select(count) === 'one';
      return t(one ? 'ui_duration_days_one' : 'ui_duration_days_other', count);
    }
    case 'hours':
      return t('ui_duration_hours', count);
    case 'minutes':
      return t('ui_duration_minutes', count);
    case 'seconds':
      return t('ui_duration_seconds', count);
  }
}

const UNITS: readonly (keyof DurationParts)[] = ['days', 'hours', 'minutes', 'seconds'];

/**
 * "2 days 3 h", "1 h 30 min", "45 s": the largest `maxUnits` non-zero units, starting at
 * the largest non-zero one (smaller units are dropped, not rounded, so a countdown never
 * shows more time than is left).
 */
export function formatDuration(totalSeconds: number, maxUnits = 2): string {
  const parts = splitDuration(totalSeconds);
  const first = UNITS.findIndex((unit) => parts[unit] > 0);
  if (first === -1) return unitText('seconds', 0);
  return UNITS.slice(first, first + maxUnits)
    .filter((unit) => parts[unit] > 0)
    .map((unit) => unitText(unit, parts[unit]))
    .join(' ');
}

/** Below this a past or future moment reads as "just now". */
const JUST_NOW_SECONDS = 45;

/** "in 3 h", "5 min ago", "just now": one unit, rounded down, for lists and summaries. */
export function formatRelative(targetMs: number, nowMs: number): string {
  const seconds = Math.round((targetMs - nowMs) / 1000);
  if (Math.abs(seconds) < JUST_NOW_SECONDS) return t('ui_relative_now');
  const duration = formatDuration(Math.abs(seconds), 1);
  return seconds > 0 ? t('ui_relative_future', duration) : t('ui_relative_past', duration);
}

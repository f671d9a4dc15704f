// Validation of the options page's numeric settings.
import { MAX_EXPIRING_SOON_HOURS, MAX_REFRESH_INTERVAL_MINUTES, MIN_REFRESH_INTERVAL_MINUTES } from '@/utils/storage';
import { parseWholeNumber, type NumberProblem } from '@/utils/ui/ttl';

export const MIN_EXPIRING_SOON_HOURS = 1;

export type SettingField = 'refreshIntervalMinutes' | 'expiringSoonHours';

export const SETTING_BOUNDS: Readonly<Record<SettingField, { min: number; max: number }>> = {
  refreshIntervalMinutes: { min: MIN_REFRESH_INTERVAL_MINUTES, max: MAX_REFRESH_INTERVAL_MINUTES },
  expiringSoonHours: { min: MIN_EXPIRING_SOON_HOURS, max: MAX_EXPIRING_SOON_HOURS },
};

export type ValidatedSetting = { ok: true; value: number } | { ok: false; problem: NumberProblem };

export function validateSetting(field: SettingField, raw: string): ValidatedSetting {
  const parsed = parseWholeNumber(raw);
  if (!parsed.ok) return parsed;
  const { min, max } = SETTING_BOUNDS[field];
  if (parsed.value < min) return { ok: false, problem: 'too-small' };
  if (parsed.value > max) return { ok: false, problem: 'too-large' };
  return { ok: true, value: parsed.value };
}

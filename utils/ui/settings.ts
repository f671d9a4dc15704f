// Validation of the options page's numeric settings.
// The bounds are the stored settings' own (utils/storage.ts), so the form cannot accept a value
// the background would refuse, nor refuse one it would accept.
import { SETTING_BOUNDS, type SettingField } from '@/utils/storage';
import { parseWholeNumber, type NumberProblem } from '@/utils/ui/ttl';

export type ValidatedSetting = { ok: true; value: number } | { ok: false; problem: NumberProblem };

export function validateSetting(field: SettingField, raw: string): ValidatedSetting {
  const parsed = parseWholeNumber(raw);
  if (!parsed.ok) return parsed;
  const { min, max } = SETTING_BOUNDS[field];
  if (parsed.value < min) return { ok: false, problem: 'too-small' };
  if (parsed.value > max) return { ok: false, problem: 'too-large' };
  return { ok: true, value: parsed.value };
}

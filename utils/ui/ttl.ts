// The lifetimes a person can choose when creating a token.
import { MAX_TTL_SECONDS } from '@/utils/apivideo/types';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '@/utils/ui/duration';

export const TTL_PRESETS = [
  { id: '15m', seconds: 15 * SECONDS_PER_MINUTE },
  { id: '1h', seconds: SECONDS_PER_HOUR },
  { id: '24h', seconds: 24 * SECONDS_PER_HOUR },
  { id: '7d', seconds: 7 * SECONDS_PER_DAY },
] as const;

export type TtlPresetId = (typeof TTL_PRESETS)[number]['id'];

export type TtlUnit = 'minutes' | 'hours' | 'days';
export const TTL_UNITS: readonly TtlUnit[] = ['minutes', 'hours', 'days'];

export const SECONDS_PER_UNIT: Readonly<Record<TtlUnit, number>> = {
  minutes: SECONDS_PER_MINUTE,
  hours: SECONDS_PER_HOUR,
  days: SECONDS_PER_DAY,
};

export type NumberProblem = 'empty' | 'not-whole' | 'too-small' | 'too-large';

export type ParsedTtl = { ok: true; seconds: number } | { ok: false; problem: NumberProblem };

/** Reads a whole number typed by a person ("  12 " is 12; "1.5", "1e3" and "-2" are not). */
export function parseWholeNumber(
  raw: string,
): { ok: true; value: number } | { ok: false; problem: 'empty' | 'not-whole' } {
  const text = raw.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  if (!/^\d+$/.test(text)) return { ok: false, problem: 'not-whole' };
  return { ok: true, value: Number(text) };
}

/** A custom lifetime: a whole number ≥ 1 of the unit, at most api.video's maximum. */
export function parseCustomTtl(raw: string, unit: TtlUnit): ParsedTtl {
  const parsed = parseWholeNumber(raw);
  if (!parsed.ok) return parsed;
  if (parsed.value < 1) return { ok: false, problem: 'too-small' };
  const seconds = parsed.value * SECONDS_PER_UNIT[unit];
  if (seconds > MAX_TTL_SECONDS) return { ok: false, problem: 'too-large' };
  return { ok: true, seconds };
}

/** The largest whole number of `unit` api.video accepts, for the error message. */
export function maxTtlIn(unit: TtlUnit): number {
  return Math.floor(MAX_TTL_SECONDS / SECONDS_PER_UNIT[unit]);
}

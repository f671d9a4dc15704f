import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { parseRequest } from '@/utils/background/requests';
import { DEFAULT_SETTINGS, SETTING_BOUNDS, settingsSchema, type SettingField } from '@/utils/storage';
import { validateSetting } from '@/utils/ui/settings';

describe('validateSetting', () => {
  it.each<[SettingField, string, ReturnType<typeof validateSetting>]>([
    ['refreshIntervalMinutes', '15', { ok: true, value: 15 }],
    ['refreshIntervalMinutes', '1', { ok: true, value: 1 }],
    ['refreshIntervalMinutes', '0', { ok: false, problem: 'too-small' }],
    ['refreshIntervalMinutes', '1440', { ok: true, value: 1440 }],
    ['refreshIntervalMinutes', '1441', { ok: false, problem: 'too-large' }],
    ['refreshIntervalMinutes', '', { ok: false, problem: 'empty' }],
    ['refreshIntervalMinutes', '2.5', { ok: false, problem: 'not-whole' }],
    ['expiringSoonHours', '24', { ok: true, value: 24 }],
    ['expiringSoonHours', '0', { ok: false, problem: 'too-small' }],
    ['expiringSoonHours', '8760', { ok: true, value: 8760 }],
    ['expiringSoonHours', '8761', { ok: false, problem: 'too-large' }],
    ['expiringSoonHours', 'abc', { ok: false, problem: 'not-whole' }],
  ])('%s = %j', (field, raw, expected) => {
    expect(validateSetting(field, raw)).toEqual(expected);
  });
});

describe('the options form and the background accept the same values', () => {
  const fields = Object.keys(SETTING_BOUNDS) as SettingField[];
  const edges = fields.flatMap((field) => {
    const { min, max } = SETTING_BOUNDS[field];
    return [min - 1, min, max, max + 1].map((value) => [field, value] as const);
  });

  it.each(edges)('%s = %d', (field, value) => {
    const form = validateSetting(field, String(value)).ok;
    const update = parseRequest({ type: 'updateSettings', payload: { [field]: value } }) !== undefined;
    const stored = v.safeParse(settingsSchema, { ...DEFAULT_SETTINGS, [field]: value }).success;
    expect({ update, stored }).toEqual({ update: form, stored: form });
  });
});

import { describe, expect, it } from 'vitest';
import { validateSetting, type SettingField } from '@/utils/ui/settings';

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

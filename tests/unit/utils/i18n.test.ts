import { describe, expect, it } from 'vitest';
import { t } from '@/utils/i18n';
import { createGetMessage, loadLocale } from '../../helpers/i18n';

describe('t', () => {
  it('reads the English locale file through browser.i18n', () => {
    expect(t('extName')).toBe(loadLocale('en').extName!.message);
  });

  it('substitutes named placeholders and positional arguments like Chrome', () => {
    const getMessage = createGetMessage({
      greet: { message: 'Hi $NAME$, $1 costs $$5', placeholders: { name: { content: '$2' } } },
    });
    expect(getMessage('greet', ['tea', 'Ada'])).toBe('Hi Ada, tea costs $5');
  });
});

describe('locales', () => {
  it('French has every English key and no extra ones', () => {
    expect(Object.keys(loadLocale('fr')).sort()).toEqual(Object.keys(loadLocale('en')).sort());
  });

  it.each(['en', 'fr'] as const)('%s: every placeholder a message uses is declared', (locale) => {
    for (const [key, entry] of Object.entries(loadLocale(locale))) {
      for (const [, name] of entry.message.matchAll(/\$([A-Za-z_@][A-Za-z0-9_@]*)\$/g)) {
        const declared = Object.keys(entry.placeholders ?? {}).map((p) => p.toLowerCase());
        expect(declared, `${locale}:${key}`).toContain(name!.toLowerCase());
      }
    }
  });
});

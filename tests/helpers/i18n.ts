import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

export function loadLocale(locale: 'en' | 'fr'): Messages {
  // Not `new URL(…, import.meta.url)` inline: in happy-dom tests Vite's web transform rewrites
  // that pattern as an asset import and the path comes out as /public/….
  const here = import.meta.url;
  const file = fileURLToPath(new URL(`../../public/_locales/${locale}/messages.json`, here));
  return JSON.parse(readFileSync(file, 'utf8')) as Messages;
}

/**
 * browser.i18n.getMessage as Chrome implements it (named $PLACEHOLDER$s whose content is
 * $1..$9, then positional $1..$9, "$$" for a dollar), over the real locale files, because
 * WXT's fake browser leaves i18n unimplemented.
 */
export function createGetMessage(messages: Messages) {
  return (name: string, substitutions?: string | string[]): string => {
    const entry = messages[name];
    if (!entry) return '';
    const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    const positional = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
    let text = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, placeholder: string) => {
      const found = Object.entries(entry.placeholders ?? {}).find(
        ([key]) => key.toLowerCase() === placeholder.toLowerCase(),
      );
      return found ? positional(found[1].content) : whole;
    });
    text = positional(text.replaceAll('$$', '\u0000')).replaceAll('\u0000', '$');
    return text;
  };
}

import { uiLanguage } from '@/utils/ui/locale';

/** "12 May 2024, 10:13" in the browser's UI language and the person's time zone. */
export function formatDateTime(ms: number, language = uiLanguage()): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** "12 May 2024", for tight rows. */
export function formatDate(ms: number, language = uiLanguage()): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(ms);
}

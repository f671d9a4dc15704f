import { t } from '@/utils/i18n';
import type { NumberProblem } from '@/utils/ui/ttl';

/** What to tell a person about a number they typed, with the allowed range. */
export function numberProblemMessage(problem: NumberProblem, min: number, max: number): string {
  switch (problem) {
    case 'empty':
      return t('ui_number_empty');
    case 'not-whole':
      return t('ui_number_not_whole');
    case 'too-small':
      return t('ui_number_too_small', min);
    case 'too-large':
      return t('ui_number_too_large', max);
  }
}

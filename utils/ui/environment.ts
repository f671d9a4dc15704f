import { t } from '@/utils/i18n';
import type { Environment } from '@/utils/apivideo/types';

/** "Production" / "Sandbox", capitalised for headings and labels. */
export function environmentLabel(environment: Environment): string {
  return environment === 'production' ? t('ui_env_production') : t('ui_env_sandbox');
}

import { t } from '@/utils/i18n';
import type { Environment } from '@/utils/apivideo/types';
import { environmentLabel } from '@/utils/ui/environment';
import { openOptionsPage } from '@/utils/ui/open-options';

export interface FirstRunProps {
  environment?: Environment;
}

/** No key for the active environment yet: say what the extension does and where to start. */
export function FirstRun({ environment = 'production' }: FirstRunProps) {
  return (
    <section class="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">{t('popup_first_run_title')}</h2>
      <p>{t('popup_first_run_text', environmentLabel(environment))}</p>
      <button type="button" class="button button--primary" onClick={() => void openOptionsPage()}>
        {t('popup_open_settings')}
      </button>
    </section>
  );
}

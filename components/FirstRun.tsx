import { t } from '@/utils/i18n';
import { openOptionsPage } from '@/utils/ui/open-options';

/** No account yet: say what the extension does, and that the first step is to add an account. */
export function FirstRun() {
  return (
    <section class="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">{t('popup_first_run_title')}</h2>
      <p>{t('popup_first_run_intro')}</p>
      <button type="button" class="button button--primary" onClick={() => void openOptionsPage()}>
        {t('popup_add_account')}
      </button>
    </section>
  );
}

import { t } from '@/utils/i18n';

export const API_KEYS_URL = 'https://dashboard.api.video/project-settings/api-keys';

/** Where to find a key, and an honest account of where it is kept and where it goes. */
export function KeyHelp() {
  return (
    <section class="card" aria-labelledby="key-help-title">
      <h2 id="key-help-title" class="card__title">
        {t('options_help_heading')}
      </h2>
      <p>
        {t('options_help_where')}{' '}
        <a href={API_KEYS_URL} target="_blank" rel="noopener noreferrer">
          {t('options_help_link')}
        </a>
      </p>
      <h3 class="card__subtitle">{t('options_storage_heading')}</h3>
      <p>{t('options_storage_note')}</p>
    </section>
  );
}

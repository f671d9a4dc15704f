import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import { SETTING_BOUNDS, type SettingField, type Settings } from '@/utils/storage';
import { validateSetting } from '@/utils/ui/settings';
import { numberProblemMessage } from '@/utils/ui/number-problem';
import { ErrorNotice } from '@/components/ErrorNotice';
import { NumberSetting } from '@/components/NumberSetting';

export interface SettingsFormProps {
  settings: Settings;
}

type Drafts = Record<SettingField, string>;

/** The numeric settings in the order the form shows them. */
const FIELDS: readonly SettingField[] = ['refreshIntervalMinutes', 'expiringSoonHours', 'rateLimitSharePercent'];

function draftsOf(settings: Pick<Settings, SettingField>): Drafts {
  return {
    refreshIntervalMinutes: String(settings.refreshIntervalMinutes),
    expiringSoonHours: String(settings.expiringSoonHours),
    rateLimitSharePercent: String(settings.rateLimitSharePercent),
  };
}

/**
 * Badge refresh interval, the "expiring soon" threshold and the share of api.video's rate limit,
 * checked before they are sent.
 */
export function SettingsForm({ settings }: SettingsFormProps) {
  const [drafts, setDrafts] = useState<Drafts>(() => draftsOf(settings));
  const [errors, setErrors] = useState<Partial<Record<SettingField, string>>>({});
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<ReplyError>();
  const form = useRef<HTMLFormElement>(null);
  const focusFirstError = useRef(false);
  const edited = useRef(false);

  // The stored settings changed (saved here, in another tab, or recovered): show them, unless the
  // person is in the middle of editing.
  const { refreshIntervalMinutes, expiringSoonHours, rateLimitSharePercent } = settings;
  useEffect(() => {
    if (edited.current) return;
    setDrafts(draftsOf({ refreshIntervalMinutes, expiringSoonHours, rateLimitSharePercent }));
  }, [refreshIntervalMinutes, expiringSoonHours, rateLimitSharePercent]);

  // After a rejected submit has rendered its errors, take the person to the first field to fix.
  useLayoutEffect(() => {
    if (!focusFirstError.current) return;
    focusFirstError.current = false;
    form.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  });

  const update = (field: SettingField) => (value: string) => {
    edited.current = true;
    setDrafts({ ...drafts, [field]: value });
    setSaved(false);
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    setFailure(undefined);
    const changes: Partial<Record<SettingField, number>> = {};
    const problems: Partial<Record<SettingField, string>> = {};
    for (const field of FIELDS) {
      const result = validateSetting(field, drafts[field]);
      if (result.ok) changes[field] = result.value;
      else problems[field] = numberProblemMessage(result.problem, SETTING_BOUNDS[field].min, SETTING_BOUNDS[field].max);
    }
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      focusFirstError.current = true;
      return;
    }
    const reply = await sendRequest('updateSettings', changes);
    if (!reply.ok) {
      setFailure(reply.error);
      return;
    }
    edited.current = false;
    setSaved(true);
  };

  return (
    <form class="card" ref={form} onSubmit={(event) => void onSubmit(event)} noValidate>
      <h2 class="card__title">{t('options_settings_heading')}</h2>
      <NumberSetting
        label={t('options_refresh_label')}
        hint={t('options_refresh_hint', [
          SETTING_BOUNDS.refreshIntervalMinutes.min,
          SETTING_BOUNDS.refreshIntervalMinutes.max,
        ])}
        value={drafts.refreshIntervalMinutes}
        {...SETTING_BOUNDS.refreshIntervalMinutes}
        error={errors.refreshIntervalMinutes}
        onInput={update('refreshIntervalMinutes')}
      />
      <NumberSetting
        label={t('options_soon_label')}
        hint={t('options_soon_hint', [SETTING_BOUNDS.expiringSoonHours.min, SETTING_BOUNDS.expiringSoonHours.max])}
        value={drafts.expiringSoonHours}
        {...SETTING_BOUNDS.expiringSoonHours}
        error={errors.expiringSoonHours}
        onInput={update('expiringSoonHours')}
      />
      <NumberSetting
        label={t('options_share_label')}
        hint={t('options_share_hint', [
          SETTING_BOUNDS.rateLimitSharePercent.min,
          SETTING_BOUNDS.rateLimitSharePercent.max,
        ])}
        value={drafts.rateLimitSharePercent}
        {...SETTING_BOUNDS.rateLimitSharePercent}
        error={errors.rateLimitSharePercent}
        onInput={update('rateLimitSharePercent')}
      />
      <div class="actions">
        <button type="submit" class="button button--primary">
          {t('options_save_settings')}
        </button>
      </div>
      <div role="status" class="status">
        {saved && t('options_settings_saved')}
      </div>
      {failure && <ErrorNotice message={failure.message} />}
    </form>
  );
}

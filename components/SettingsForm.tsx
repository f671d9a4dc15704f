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

/** Badge refresh interval and the "expiring soon" threshold, checked before they are sent. */
export function SettingsForm({ settings }: SettingsFormProps) {
  const [drafts, setDrafts] = useState<Drafts>({
    refreshIntervalMinutes: String(settings.refreshIntervalMinutes),
    expiringSoonHours: String(settings.expiringSoonHours),
  });
  const [errors, setErrors] = useState<Partial<Record<SettingField, string>>>({});
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<ReplyError>();
  const form = useRef<HTMLFormElement>(null);
  const focusFirstError = useRef(false);
  const edited = useRef(false);

  // The stored settings changed (saved here, in another tab, or recovered): show them, unless the
  // person is in the middle of editing.
  const { refreshIntervalMinutes, expiringSoonHours } = settings;
  useEffect(() => {
    if (edited.current) return;
    setDrafts({ refreshIntervalMinutes: String(refreshIntervalMinutes), expiringSoonHours: String(expiringSoonHours) });
  }, [refreshIntervalMinutes, expiringSoonHours]);

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
    const refresh = validateSetting('refreshIntervalMinutes', drafts.refreshIntervalMinutes);
    const soon = validateSetting('expiringSoonHours', drafts.expiringSoonHours);
    const messageFor = (field: SettingField, result: ReturnType<typeof validateSetting>) =>
      result.ok
        ? undefined
        : numberProblemMessage(result.problem, SETTING_BOUNDS[field].min, SETTING_BOUNDS[field].max);
    setErrors({
      refreshIntervalMinutes: messageFor('refreshIntervalMinutes', refresh),
      expiringSoonHours: messageFor('expiringSoonHours', soon),
    });
    if (!refresh.ok || !soon.ok) {
      focusFirstError.current = true;
      return;
    }
    const reply = await sendRequest('updateSettings', {
      refreshIntervalMinutes: refresh.value,
      expiringSoonHours: soon.value,
    });
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

import { useId } from 'preact/hooks';
import { t, type MessageKey } from '@/utils/i18n';
import { TTL_PRESETS, TTL_UNITS, type TtlPresetId, type TtlUnit } from '@/utils/ui/ttl';

export type TtlChoice = TtlPresetId | 'custom' | 'never';

export interface TtlPickerProps {
  choice: TtlChoice;
  customValue: string;
  customUnit: TtlUnit;
  customError?: string;
  neverConfirmed: boolean;
  onChoice: (choice: TtlChoice) => void;
  onCustomValue: (value: string) => void;
  onCustomUnit: (unit: TtlUnit) => void;
  onNeverConfirmed: (confirmed: boolean) => void;
}

const PRESET_LABELS: Record<TtlPresetId, MessageKey> = {
  '15m': 'popup_ttl_15m',
  '1h': 'popup_ttl_1h',
  '24h': 'popup_ttl_24h',
  '7d': 'popup_ttl_7d',
};

const UNIT_LABELS: Record<TtlUnit, MessageKey> = {
  minutes: 'popup_unit_minutes',
  hours: 'popup_unit_hours',
  days: 'popup_unit_days',
};

/** How long a new token lives: presets, a custom value, or (explicitly, with a warning) never expiring. */
export function TtlPicker(props: TtlPickerProps) {
  const { choice, customValue, customUnit, customError, neverConfirmed } = props;
  const id = useId();
  const radio = (value: TtlChoice, label: string) => (
    <label class="choice" key={value}>
      <input
        type="radio"
        name={`${id}-ttl`}
        value={value}
        checked={choice === value}
        onChange={() => props.onChoice(value)}
      />
      <span>{label}</span>
    </label>
  );
  return (
    <fieldset class="fieldset">
      <legend class="fieldset__legend">{t('popup_ttl_legend')}</legend>
      <div class="choices">
        {TTL_PRESETS.map((preset) => radio(preset.id, t(PRESET_LABELS[preset.id])))}
        {radio('custom', t('popup_ttl_custom'))}
      </div>
      {choice === 'custom' && (
        <div class="input-row">
          <label for={`${id}-value`} class="visually-hidden">
            {t('popup_ttl_custom_value')}
          </label>
          <input
            id={`${id}-value`}
            class="input input--number"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={customValue}
            aria-invalid={customError ? true : undefined}
            aria-describedby={customError ? `${id}-error` : undefined}
            onInput={(event) => props.onCustomValue(event.currentTarget.value)}
          />
          <label for={`${id}-unit`} class="visually-hidden">
            {t('popup_ttl_custom_unit')}
          </label>
          <select
            id={`${id}-unit`}
            class="input"
            value={customUnit}
            onChange={(event) => props.onCustomUnit(event.currentTarget.value as TtlUnit)}
          >
            {TTL_UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {t(UNIT_LABELS[unit])}
              </option>
            ))}
          </select>
        </div>
      )}
      {choice === 'custom' && customError && (
        <p id={`${id}-error`} class="field__error">
          {customError}
        </p>
      )}
      {radio('never', t('popup_ttl_never'))}
      {choice === 'never' && (
        <div class="notice notice--warning">
          <p id={`${id}-warning`}>{t('popup_never_warning')}</p>
          <label class="choice">
            <input
              type="checkbox"
              checked={neverConfirmed}
              aria-describedby={`${id}-warning`}
              onChange={(event) => props.onNeverConfirmed(event.currentTarget.checked)}
            />
            <span>{t('popup_never_confirm')}</span>
          </label>
        </div>
      )}
    </fieldset>
  );
}

import { useId } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { LABEL_MAX_GRAPHEMES, normaliseLabel } from '@/utils/labels';

export interface LabelFieldProps {
  value: string;
  onInput: (value: string) => void;
  /** Set once the person tried to save a label that is too long. */
  showError: boolean;
}

/** The label as it will be saved, or undefined when it is too long to be saved. */
export function labelToSave(value: string): string | undefined {
  return normaliseLabel(value);
}

/** "Label": the person's own name for a token, kept on this computer. */
export function LabelField({ value, onInput, showError }: LabelFieldProps) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const invalid = showError && labelToSave(value) === undefined;
  return (
    <div class="field">
      <label for={inputId} class="label">
        {t('popup_label_field')}
      </label>
      <input
        id={inputId}
        class="input input--wide"
        type="text"
        value={value}
        autocomplete="off"
        aria-invalid={invalid}
        aria-describedby={invalid ? `${errorId} ${hintId}` : hintId}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      <p id={hintId} class="field__hint muted">
        {t('popup_label_hint', LABEL_MAX_GRAPHEMES)}
      </p>
      {invalid && (
        <p id={errorId} class="field__error">
          {t('popup_label_too_long', LABEL_MAX_GRAPHEMES)}
        </p>
      )}
    </div>
  );
}

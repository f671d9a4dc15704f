import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';

export interface ApiKeyInputProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
  /** Ids of the texts that describe the field (an error). */
  describedBy?: string;
  invalid?: boolean;
}

/**
 * An API key field: hidden as it is typed (a password input the browser does not offer to save),
 * with a "Show" toggle for checking what was pasted.
 */
export function ApiKeyInput({ id, label, value, onInput, inputRef, describedBy, invalid }: ApiKeyInputProps) {
  const [revealed, setRevealed] = useState(false);
  return (
    <div class="field">
      <label for={id} class="label">
        {label}
      </label>
      <div class="input-row">
        <input
          id={id}
          ref={inputRef}
          class="input mono"
          type={revealed ? 'text' : 'password'}
          value={value}
          onInput={(event) => onInput(event.currentTarget.value)}
          autocomplete="off"
          spellcheck={false}
          autoCapitalize="off"
          aria-describedby={describedBy}
          aria-invalid={invalid ? true : undefined}
        />
        <button
          type="button"
          class="button"
          aria-pressed={revealed}
          aria-label={t('options_show_key')}
          onClick={() => setRevealed(!revealed)}
        >
          {t('options_show')}
        </button>
      </div>
    </div>
  );
}

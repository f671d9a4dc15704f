import { useId } from 'preact/hooks';

export interface NumberSettingProps {
  label: string;
  hint: string;
  value: string;
  min: number;
  max: number;
  /** Translated problem with the value, shown under the field and tied to it. */
  error?: string;
  onInput: (value: string) => void;
}

/** A labelled whole-number field whose hint and error are read out with it. */
export function NumberSetting({ label, hint, value, min, max, error, onInput }: NumberSettingProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id} class="label">
        {label}
      </label>
      <input
        id={id}
        class="input input--number"
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      <p id={`${id}-hint`} class="muted field__hint">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} class="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

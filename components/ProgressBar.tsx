export interface ProgressBarProps {
  done: number;
  total: number;
  /** The id of the element that names it (its heading or its text). */
  labelledBy?: string;
  /** Its name, when nothing on screen names it. */
  label?: string;
  /** What a screen reader says for the value ("page 3 of 40"). */
  valueText?: string;
  /** Shown full when there is nothing to do (an empty job is a finished one). */
  fullWhenEmpty?: boolean;
}

/** The one progress bar of the pages: a listing's pages, a bulk delete, a policy run. */
export function ProgressBar({ done, total, labelledBy, label, valueText, fullWhenEmpty = false }: ProgressBarProps) {
  const percent = total > 0 ? (done / total) * 100 : fullWhenEmpty ? 100 : 0;
  return (
    <div
      class="progress"
      role="progressbar"
      aria-labelledby={labelledBy}
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      aria-valuetext={valueText}
    >
      <div class="progress__bar" style={{ width: `${percent}%` }} />
    </div>
  );
}

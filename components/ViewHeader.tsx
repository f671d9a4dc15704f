import { t } from '@/utils/i18n';
import { useMountFocus } from '@/components/hooks/useMountFocus';

export interface ViewHeaderProps {
  /** id of the heading, for the view's aria-labelledby. */
  titleId: string;
  title: string;
  onBack: () => void;
}

/** A popup view's Back button and heading; the heading takes focus when the view opens. */
export function ViewHeader({ titleId, title, onBack }: ViewHeaderProps) {
  const heading = useMountFocus<HTMLHeadingElement>();
  return (
    <div class="view__header">
      <button type="button" class="button button--small" onClick={onBack}>
        {t('ui_back')}
      </button>
      <h2 id={titleId} class="view__title" tabIndex={-1} ref={heading}>
        {title}
      </h2>
    </div>
  );
}

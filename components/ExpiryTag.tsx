import { t } from '@/utils/i18n';
import type { ExpiryStatus } from '@/utils/token-rules';

export interface ExpiryTagProps {
  status: ExpiryStatus;
}

/** A visible word, not just a colour: "Never expires", "Expiring soon", "Expired". */
export function ExpiryTag({ status }: ExpiryTagProps) {
  if (status === 'never') return <span class="tag tag--never">{t('popup_tag_never')}</span>;
  if (status === 'soon') return <span class="tag tag--soon">{t('popup_tag_soon')}</span>;
  if (status === 'expired') return <span class="tag tag--expired">{t('popup_tag_expired')}</span>;
  return null;
}

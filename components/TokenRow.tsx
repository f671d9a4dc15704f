import { memo } from 'preact/compat';
import { t } from '@/utils/i18n';
import { maskToken } from '@/utils/mask';
import type { UploadToken } from '@/utils/apivideo/types';
import { createdAtMs, expiresAtMs, expiryStatus } from '@/utils/token-rules';
import { formatDate, formatDateTime } from '@/utils/ui/dates';
import { formatRelative } from '@/utils/ui/duration';
import { CopyButton } from '@/components/CopyButton';
import { ExpiryTag } from '@/components/ExpiryTag';

export interface TokenRowProps {
  token: UploadToken;
  index: number;
  count: number;
  top: number;
  nowMs: number;
  soonHours: number;
  /** The person's own label for this token, if any. */
  label?: string;
  /** First seen since the popup last showed the list. */
  isNew?: boolean;
  /** Marked "Keep": the lifetime policy never deletes it. */
  kept?: boolean;
  onOpen: (token: UploadToken, index: number) => void;
  onDelete: (token: UploadToken, index: number) => void;
}

/** One token: masked, with its dates, copy and delete. Memoised: a list re-render repaints only changed rows. */
export const TokenRow = memo(function TokenRow(props: TokenRowProps) {
  const { token, index, count, top, nowMs, soonHours, label, isNew = false, kept = false, onOpen, onDelete } = props;
  const masked = maskToken(token.token);
  const status = expiryStatus(token, nowMs, soonHours);
  const expires = expiresAtMs(token);
  const expiryText =
    status === 'never'
      ? t('popup_row_expires_never')
      : expires === null
        ? t('popup_row_expires_unknown')
        : status === 'expired'
          ? t('popup_row_expired', formatDateTime(expires))
          : t('popup_row_expires', [formatDateTime(expires), formatRelative(expires, nowMs)]);

  return (
    <li
      class="token-row"
      style={{ top: `${top}px` }}
      aria-setsize={count}
      aria-posinset={index + 1}
      data-row-index={index}
    >
      <button type="button" class="token-row__main" data-row-main onClick={() => onOpen(token, index)}>
        <span class="token-row__line">
          <span class="mono token-row__token">{masked}</span>{' '}
          {label && (
            <>
              <span class="token-row__label">{label}</span>{' '}
            </>
          )}
          <ExpiryTag status={status} />
          {isNew && (
            <>
              {' '}
              <span class="tag tag--new">{t('popup_tag_new')}</span>
            </>
          )}
          {kept && (
            <>
              {' '}
              <span class="tag tag--keep">{t('popup_tag_keep')}</span>
            </>
          )}
        </span>{' '}
        {/* Spaces between the spans keep the button's accessible name readable, not run together. */}
        <span class="token-row__meta">{t('popup_row_created', formatDate(createdAtMs(token)))}</span>{' '}
        <span class="token-row__meta">{expiryText}</span>
      </button>
      <span class="token-row__actions">
        <CopyButton text={token.token} label={t('popup_copy_token', masked)} />
        <button
          type="button"
          class="button button--small button--danger-quiet"
          aria-label={t('popup_delete_token', masked)}
          onClick={() => onDelete(token, index)}
        >
          {t('popup_delete')}
        </button>
      </span>
    </li>
  );
});

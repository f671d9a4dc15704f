import { t } from '@/utils/i18n';
import type { UploadToken } from '@/utils/apivideo/types';
import type { AccountId } from '@/utils/storage';
import type { TokenHistory } from '@/utils/history';
import { createdAtMs, expiresAtMs, isNeverExpiring } from '@/utils/token-rules';
import { formatDateTime } from '@/utils/ui/dates';
import { formatDuration } from '@/utils/ui/duration';
import { maskToken } from '@/utils/mask';
import { useNow } from '@/components/hooks/useNow';
import { ViewHeader } from '@/components/ViewHeader';
import { CopyButton } from '@/components/CopyButton';
import { ExpiryTag } from '@/components/ExpiryTag';
import { KeepToggle } from '@/components/KeepToggle';
import { TokenLabelEditor } from '@/components/TokenLabelEditor';

export interface TokenDetailsProps {
  account: AccountId;
  token: UploadToken;
  /** The person's label for it ('' when none). */
  label: string;
  /** What the extension remembers of it; undefined when it has not been listed yet. */
  history?: TokenHistory;
  /** Marked "Keep": the lifetime policy never deletes it. */
  kept: boolean;
  onBack: () => void;
  onDelete: (token: UploadToken) => void;
}

/** Everything about one token, with a countdown that ticks every second. */
export function TokenDetails({ account, token, label, history, kept, onBack, onDelete }: TokenDetailsProps) {
  const now = useNow(1000);
  const never = isNeverExpiring(token);
  const expires = expiresAtMs(token);
  const left = expires === null ? null : Math.floor((expires - now) / 1000);
  const masked = maskToken(token.token);

  return (
    <section class="view" aria-labelledby="details-title">
      <ViewHeader titleId="details-title" title={t('popup_details_title')} onBack={onBack} />
      <dl class="details">
        <dt>{t('popup_details_token')}</dt>
        <dd class="details__token">
          <code class="mono break">{token.token}</code>
          <CopyButton text={token.token} label={t('popup_copy_token', masked)} />
        </dd>
        <dt>{t('popup_details_ttl')}</dt>
        <dd>
          {never ? (
            <ExpiryTag status="never" />
          ) : (
            t('popup_details_ttl_value', [formatDuration(token.ttl, 4), token.ttl])
          )}
        </dd>
        <dt>{t('popup_details_created')}</dt>
        <dd>{formatDateTime(createdAtMs(token))}</dd>
        <dt>{t('popup_details_expires')}</dt>
        <dd>
          {never
            ? t('popup_details_never')
            : expires === null
              ? t('popup_row_expires_unknown')
              : formatDateTime(expires)}
          {left !== null && (
            <>
              {' '}
              <span role="timer" class={left <= 0 ? 'tag tag--expired' : 'countdown'}>
                {left <= 0 ? t('popup_tag_expired') : t('popup_details_countdown', formatDuration(left, 4))}
              </span>
            </>
          )}
        </dd>
        <dt>{t('popup_details_first_seen')}</dt>
        <dd>{history ? formatDateTime(history.firstSeen) : t('popup_details_first_seen_unknown')}</dd>
        {history && (
          <>
            <dt>{t('popup_details_origin')}</dt>
            <dd>
              {!history.createdHere
                ? t('popup_details_not_created_here')
                : history.createdHere.ttl === 0
                  ? t('popup_details_created_here_never')
                  : t('popup_details_created_here', formatDuration(history.createdHere.ttl, 4))}
            </dd>
          </>
        )}
      </dl>
      {/* Keyed by the saved label: a label saved elsewhere (an import) shows here at once. */}
      <TokenLabelEditor key={label} account={account} token={token.token} label={label} />
      <KeepToggle account={account} token={token.token} kept={kept} />
      {never && <p class="notice notice--warning">{t('popup_never_warning')}</p>}
      <div class="actions">
        <button type="button" class="button button--danger" onClick={() => onDelete(token)}>
          {t('popup_details_delete')}
        </button>
      </div>
    </section>
  );
}

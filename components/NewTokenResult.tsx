import { t } from '@/utils/i18n';
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import { isNeverExpiring, expiresAtMs } from '@/utils/token-rules';
import { formatDateTime } from '@/utils/ui/dates';
import { curlSnippet, javascriptSnippet } from '@/utils/ui/snippets';
import { maskToken } from '@/utils/mask';
import { useMountFocus } from '@/components/hooks/useMountFocus';
import { CodeSnippet } from '@/components/CodeSnippet';
import { CopyButton } from '@/components/CopyButton';

export interface NewTokenResultProps {
  token: UploadToken;
  environment: Environment;
  /** api.video's answer was lost and the token was found in the list afterwards. */
  recovered?: boolean;
  onDone: () => void;
}

/** The token just created, shown once here with copy, and snippets that upload a file with it. */
export function NewTokenResult({ token, environment, recovered = false, onDone }: NewTokenResultProps) {
  const heading = useMountFocus<HTMLHeadingElement>();
  const expires = expiresAtMs(token);
  return (
    <section class="view" aria-labelledby="created-title">
      <h2 id="created-title" class="view__title" tabIndex={-1} ref={heading}>
        {t('popup_created_title')}
      </h2>
      {recovered && <p class="notice">{t('popup_created_recovered')}</p>}
      <p role="status">
        {isNeverExpiring(token)
          ? t('popup_created_never')
          : t('popup_created_expires', expires === null ? '–' : formatDateTime(expires))}
      </p>
      <div class="new-token">
        <code class="mono break" data-testid="new-token">
          {token.token}
        </code>
        <CopyButton text={token.token} label={t('popup_copy_new_token')} />
      </div>
      <CodeSnippet
        title={t('popup_snippet_curl')}
        code={curlSnippet(token.token, environment)}
        copyLabel={t('popup_copy_snippet', t('popup_snippet_curl'))}
      />
      <CodeSnippet
        title={t('popup_snippet_js')}
        code={javascriptSnippet(token.token, environment)}
        copyLabel={t('popup_copy_snippet', t('popup_snippet_js'))}
      />
      <p class="muted">{t('popup_created_once', maskToken(token.token))}</p>
      <div class="actions">
        <button type="button" class="button button--primary" onClick={onDone}>
          {t('popup_created_done')}
        </button>
      </div>
    </section>
  );
}

import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { sendRequest } from '@/utils/messaging';
import type { Environment } from '@/utils/apivideo/types';
import { environmentLabel } from '@/utils/ui/environment';
import { ConfirmDialog } from '@/components/ConfirmDialog';

export interface ForgetKeyButtonProps {
  environment: Environment;
  onForgotten: () => void;
}

/** "Forget key", behind a confirmation that says what forgetting does and does not do. */
export function ForgetKeyButton({ environment, onForgotten }: ForgetKeyButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const name = environmentLabel(environment);

  const forget = async () => {
    const reply = await sendRequest('forgetKey', { environment });
    if (!reply.ok) return reply.error;
    setConfirming(false);
    onForgotten();
    return undefined;
  };

  return (
    <>
      <button type="button" class="button" onClick={() => setConfirming(true)}>
        {t('options_forget_key')}
      </button>
      {confirming && (
        <ConfirmDialog
          title={t('options_forget_title', name)}
          confirmLabel={t('options_forget_key')}
          onConfirm={forget}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('options_forget_consequence', name)}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

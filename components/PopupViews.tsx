import type { Environment, UploadToken } from '@/utils/apivideo/types';
import type { AccountId } from '@/utils/storage';
import type { TokenNotesState } from '@/components/hooks/useTokenNotes';
import { CreateTokenForm } from '@/components/CreateTokenForm';
import { LookupForm } from '@/components/LookupForm';
import { NewTokenResult } from '@/components/NewTokenResult';
import { TokenDetails } from '@/components/TokenDetails';

/** The screens that replace the list; `back` puts the focus back where the person came from. */
export type View =
  | { name: 'list' }
  | { name: 'details'; token: UploadToken; back: () => void }
  | { name: 'create' }
  | { name: 'created'; token: UploadToken; recovered: boolean }
  | { name: 'lookup' };

export interface PopupViewsProps {
  view: View;
  account: AccountId;
  /** The account's api.video environment (titles, code snippets). */
  environment: Environment;
  /** Labels and history, for the details view. */
  notes: TokenNotesState;
  onView: (view: View) => void;
  /** Show the list again, then run `thenFocus`. */
  onBack: (thenFocus: () => void) => void;
  onCreated: (token: UploadToken) => void;
  onDelete: (token: UploadToken) => void;
  focusCreate: () => void;
  focusLookup: () => void;
}

/** Details, create, created and look-up screens (the list stays mounted underneath, hidden). */
export function PopupViews({
  view,
  account,
  environment,
  notes,
  onView,
  onBack,
  onCreated,
  onDelete,
  focusCreate,
  focusLookup,
}: PopupViewsProps) {
  switch (view.name) {
    case 'list':
      return null;
    case 'details':
      return (
        <TokenDetails
          account={account}
          token={view.token}
          label={notes.labels[view.token.token] ?? ''}
          history={notes.history.get(view.token.token)}
          kept={notes.kept.has(view.token.token)}
          onBack={() => onBack(view.back)}
          onDelete={onDelete}
        />
      );
    case 'create':
      return (
        <CreateTokenForm
          account={account}
          environment={environment}
          onBack={() => onBack(focusCreate)}
          onCreated={(token, recovered) => {
            onCreated(token);
            onView({ name: 'created', token, recovered });
          }}
        />
      );
    case 'created':
      return (
        <NewTokenResult
          token={view.token}
          environment={environment}
          recovered={view.recovered}
          onDone={() => onBack(focusCreate)}
        />
      );
    case 'lookup':
      return (
        <LookupForm
          account={account}
          onBack={() => onBack(focusLookup)}
          onFound={(token) => onView({ name: 'details', token, back: focusLookup })}
        />
      );
  }
}

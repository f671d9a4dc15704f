import type { Account } from '@/utils/storage';

/** The value of "all accounts" in a control that chooses among them (no account id is empty). */
export const ALL_ACCOUNTS = '';

export interface AccountOptionsProps {
  accounts: readonly Account[];
  /** The first option's text ("All accounts"); its value is ALL_ACCOUNTS. */
  allLabel: string;
}

/** The options of a control that chooses among the accounts, "all of them" first. */
export function AccountOptions({ accounts, allLabel }: AccountOptionsProps) {
  return (
    <>
      <option value={ALL_ACCOUNTS}>{allLabel}</option>
      {accounts.map((account) => (
        <option key={account.id} value={account.id}>
          {account.name}
        </option>
      ))}
    </>
  );
}

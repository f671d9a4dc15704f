// The list of accounts (issue 12): written here alone, one change at a time, so two changes that
// arrive together (an add and a rename, two adds) never overwrite each other.
import { accountsItem, readAccounts, type Account, type AccountId } from '@/utils/storage';

export interface AccountBook {
  list(): Promise<Account[]>;
  find(account: AccountId): Promise<Account | undefined>;
  /**
   * Runs `change` on the stored list, one change at a time (it may do other work meanwhile, such
   * as saving the new account's key); the list it returns is stored.
   */
  update<T>(change: (accounts: Account[]) => Promise<{ accounts: Account[]; result: T }>): Promise<T>;
}

export function createAccountBook(): AccountBook {
  let tail: Promise<unknown> = Promise.resolve();
  const book: AccountBook = {
    list: readAccounts,
    async find(account) {
      return (await readAccounts()).find((entry) => entry.id === account);
    },
    update(change) {
      const next = tail.then(async () => {
        const { accounts, result } = await change(await readAccounts());
        await accountsItem.setValue({ accounts });
        return result;
      });
      tail = next.catch(() => undefined);
      return next;
    },
  };
  return book;
}

// The guard (issue 14): the refresh alarm's work for one account. With a cached list it reads
// what changed (the delta refresh, a request or two), so it learns which never-expiring tokens are
// new: they put the badge in its attention state and, when the person asked for it, raise a
// notification. Then the account's lifetime policy, if it has one, deletes what it must with the
// same exact, resumable, key-bound job as a bulk delete.
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { policyCandidates } from '@/utils/guard';
import {
  bulkDeleteItem,
  hasTokenCache,
  isActive,
  keepMarksItem,
  popupIntentItem,
  readAccounts,
  readSettings,
  readTokenCache,
  type AccountId,
} from '@/utils/storage';
import type { UploadToken } from '@/utils/apivideo/types';
import type { AccountBook } from './accounts';
import type { BulkDeleters } from './bulk-delete';
import type { KeyRef, KeyRegistry } from './keys';
import type { TokenNotes } from './notes';
import type { Refresher } from './refresh';

/** Notifications about new never-expiring tokens are named after their account. */
export const NEW_TOKENS_NOTIFICATION_PREFIX = 'new-forever:';

/** Accounts refreshed at once by the alarm: each has its own rate windows and share. */
const REFRESH_CONCURRENCY = 4;

export interface Guard {
  /** The refresh alarm: every account, a few at a time; never throws. */
  refreshAll(): Promise<void>;
  /** One account: its list (or its count when nothing is cached yet), the alert, its policy. */
  refreshAccount(account: AccountId): Promise<void>;
  /** The tokens the policy would delete now, from the cached list. */
  preview(ref: KeyRef, maxAgeDays: number): Promise<UploadToken[]>;
  /**
   * Starts the account's policy run when it has one and something is due, on `tokens` when the
   * caller has just listed them (else the cached list); resolves to the job's size.
   */
  runPolicy(ref: KeyRef, tokens?: readonly UploadToken[]): Promise<number>;
  /** Stops the account's running policy job (the policy was turned off). */
  stopPolicy(account: AccountId): Promise<void>;
  /** A click on one of our notifications: show the account's new tokens. */
  onNotificationClicked(id: string): Promise<void>;
}

export function createGuard(options: {
  keys: KeyRegistry;
  accounts: AccountBook;
  refresher: Refresher;
  bulk: BulkDeleters;
  notes: TokenNotes;
  now: () => number;
  /** Whether the optional `notifications` permission is granted (tests decide it themselves). */
  notificationsPermitted?: () => Promise<boolean>;
}): Guard {
  const { keys, accounts, refresher, bulk, notes, now } = options;
  const permitted =
    options.notificationsPermitted ??
    (async () => {
      try {
        return await browser.permissions.contains({ permissions: ['notifications'] });
      } catch {
        return false;
      }
    });

  /** What the policy deletes now from `tokens`: old, never expiring, not marked Keep. */
  async function due(ref: KeyRef, tokens: readonly UploadToken[], maxAgeDays: number): Promise<UploadToken[]> {
    const marks = await keepMarksItem(ref.account).getValue();
    const kept = new Set(marks?.keyId === ref.keyId ? marks.tokens : []);
    return policyCandidates(tokens, kept, maxAgeDays, now());
  }

  const cachedTokens = async (ref: KeyRef) => (await readTokenCache(ref.account, ref.keyId))?.tokens ?? [];

  async function notify(ref: KeyRef, count: number) {
    if (!(await readSettings()).settings.notifyNewForever || !(await permitted())) return;
    const name = (await accounts.find(ref.account))?.name ?? ref.account;
    try {
      await browser.notifications.create(`${NEW_TOKENS_NOTIFICATION_PREFIX}${ref.account}`, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: t('notification_new_title'),
        message:
          count === 1 ? t('notification_new_message_one', name) : t('notification_new_message_other', [count, name]),
      });
    } catch {
      // The permission was withdrawn meanwhile: the badge still says it.
    }
  }

  const guard: Guard = {
    async refreshAll() {
      const list = await readAccounts();
      let next = 0;
      const worker = async () => {
        while (next < list.length) await guard.refreshAccount(list[next++]!.id);
      };
      await Promise.all(Array.from({ length: Math.min(REFRESH_CONCURRENCY, list.length) }, worker));
      if (list.length === 0) await refresher.repaint();
    },

    async refreshAccount(account) {
      const ref = await keys.current(account);
      if (!ref || !(await hasTokenCache(account, ref.keyId))) {
        // Nothing cached yet: the count alone (the first listing happens when the popup opens).
        await refresher.refreshCount(account);
        return;
      }
      let tokens: UploadToken[];
      try {
        tokens = await refresher.refreshList(ref);
      } catch {
        // Recorded and shown by the refresher; the count schedules its own retry.
        if (keys.isCurrent(ref)) await refresher.refreshCount(account);
        return;
      }
      const fresh = await notes.recordListing(ref, tokens, { alert: true });
      if (fresh.length > 0) {
        await refresher.repaint();
        await notify(ref, fresh.length);
      }
      await guard.runPolicy(ref, tokens);
    },

    async preview(ref, maxAgeDays) {
      return due(ref, await cachedTokens(ref), maxAgeDays);
    },

    async runPolicy(ref, tokens) {
      const days = (await accounts.find(ref.account))?.policyDays;
      if (days === undefined || !keys.isCurrent(ref)) return 0;
      if (isActive((await bulkDeleteItem(ref.account).getValue()) ?? undefined)) return 0;
      const candidates = await due(ref, tokens ?? (await cachedTokens(ref)), days);
      if (candidates.length === 0) return 0;
      try {
        await bulk.of(ref.account).start(
          ref,
          candidates.map((token) => token.token),
          'policy',
        );
      } catch {
        return 0; // a job started meanwhile: the next alarm tries again
      }
      return candidates.length;
    },

    async stopPolicy(account) {
      const job = await bulkDeleteItem(account).getValue();
      if (job?.via === 'policy' && isActive(job)) await bulk.of(account).cancel();
    },

    async onNotificationClicked(id) {
      if (!id.startsWith(NEW_TOKENS_NOTIFICATION_PREFIX)) return;
      const account = id.slice(NEW_TOKENS_NOTIFICATION_PREFIX.length);
      await popupIntentItem.setValue({ account, show: 'new', at: now() });
      await browser.notifications.clear(id).catch(() => false);
      try {
        // Chrome 127+ and Firefox open the popup from here; elsewhere the options page says it.
        await browser.action.openPopup();
      } catch {
        await browser.runtime.openOptionsPage();
      }
    },
  };
  return guard;
}

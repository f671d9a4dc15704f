// The toolbar badge: how many tokens never expire in the watched accounts, or why that is not
// known right now. `computeBadge` is pure (tested as a table); `paintBadge` only writes it.
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import type { BadgeView } from '@/utils/messaging';
import type { AccountSnapshot, Settings } from '@/utils/storage';

/** The snapshot of the saved key (its keyId already checked by the caller). */
type Snapshot = Omit<AccountSnapshot, 'keyId'>;

export const BADGE_COLORS = {
  danger: '#c5221f',
  setup: '#1a73e8',
  invalidKey: '#8430ce',
  offline: '#5f6368',
  rateLimited: '#b06000',
  stale: '#795548',
  error: '#e8710a',
  clear: '#188038',
  /** New never-expiring tokens since the person last looked (issue 14). */
  attention: '#b0008a',
} as const;

/** One watched account as the badge sees it. */
export interface AccountBadgeInput {
  /** The person's name for the account. */
  name: string;
  /** A key is saved for it. */
  configured: boolean;
  snapshot: Snapshot;
  /** Tokens expiring within the threshold, from the cached list; undefined when no list is cached. */
  expiringSoon?: number;
  /** Never-expiring tokens a refresh found since the person last looked at this account's list. */
  newNeverExpiring?: number;
}

export interface BadgeInput {
  /** The accounts counted in the badge, in the person's order. */
  accounts: AccountBadgeInput[];
  /** Accounts exist but none is watched. */
  noneWatched?: boolean;
  settings: Settings;
  now: number;
  /** Formats a time of day for the tooltip (injected so tests do not depend on the locale). */
  formatTime?: (ms: number) => string;
}

export function badgeCountText(count: number): string {
  return count > 999 ? '999+' : String(count);
}

const defaultFormatTime = (ms: number) =>
  new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** From the most to the least urgent: a badge over several accounts takes the worst one's state. */
const SEVERITY: readonly BadgeView['kind'][] = [
  'invalid-key',
  'error',
  'offline',
  'rate-limited',
  'new',
  'setup',
  'stale',
];

export function computeBadge(input: BadgeInput): BadgeView {
  const { accounts } = input;
  if (accounts.length === 0) {
    if (input.noneWatched)
      return { kind: 'clear', text: '', color: BADGE_COLORS.clear, title: t('badge_title_none_watched') };
    return { kind: 'setup', text: '?', color: BADGE_COLORS.setup, title: t('badge_title_setup') };
  }
  const views = accounts.map((account) => computeAccountBadge(account, input));
  if (accounts.length === 1) return views[0]!;
  // Several accounts: the sum of what is known, in the colour of the worst state, and one line
  // per account in the tooltip, so a failing account names itself without hiding the others.
  const known = accounts.filter((account) => account.snapshot.neverExpiring !== undefined);
  const total = known.reduce((sum, account) => sum + account.snapshot.neverExpiring!, 0);
  const worst = SEVERITY.map((kind) => views.find((view) => view.kind === kind)).find((view) => view !== undefined);
  const lines = views.map((view) => view.title.replaceAll('\n', ' — '));
  const title = [t('badge_title_total', [total, accounts.length]), ...lines].join('\n');
  if (worst) {
    const text = known.length > 0 ? badgeCountText(total) : worst.text;
    return { kind: worst.kind, text, color: worst.color, title };
  }
  if (total === 0) return { kind: 'clear', text: '', color: BADGE_COLORS.clear, title };
  return { kind: 'ok', text: badgeCountText(total), color: BADGE_COLORS.danger, title };
}

/** The badge of one account, as it shows when it is the only one watched. */
function computeAccountBadge(account: AccountBadgeInput, input: BadgeInput): BadgeView {
  const { settings, now } = input;
  const { snapshot } = account;
  const formatTime = input.formatTime ?? defaultFormatTime;
  const envName = account.name;
  if (!account.configured) {
    return { kind: 'setup', text: '?', color: BADGE_COLORS.setup, title: t('badge_title_no_key', envName) };
  }
  const error = snapshot.lastError;
  if (error) {
    switch (error.kind) {
      case 'invalid-key':
      case 'unauthorized':
        return {
          kind: 'invalid-key',
          text: 'KEY',
          color: BADGE_COLORS.invalidKey,
          title: t('badge_title_invalid_key', envName),
        };
      case 'rate-limited':
        return {
          kind: 'rate-limited',
          text: 'WAIT',
          color: BADGE_COLORS.rateLimited,
          title: withLastCount(t('badge_title_rate_limited', envName), account, input, formatTime),
        };
      case 'network':
      case 'timeout':
        return {
          kind: 'offline',
          text: 'OFF',
          color: BADGE_COLORS.offline,
          title: withLastCount(t('badge_title_offline', envName), account, input, formatTime),
        };
      default:
        return {
          kind: 'error',
          text: '!',
          color: BADGE_COLORS.error,
          title: withLastCount(t('badge_title_error', [envName, error.message]), account, input, formatTime),
        };
    }
  }
  if (snapshot.neverExpiring === undefined || snapshot.checkedAt === undefined) {
    // Configured but never counted yet (first refresh under way).
    return { kind: 'stale', text: '…', color: BADGE_COLORS.stale, title: t('badge_title_never_other', ['…', envName]) };
  }
  const summary = countSummary(snapshot.neverExpiring, account, input, formatTime);
  const fresh = account.newNeverExpiring ?? 0;
  if (fresh > 0) {
    // Attention until the person looks at the account's list in the popup: a count going from 41
    // to 42 is easy to miss, a change of colour and a tooltip that says it are not.
    const news = fresh === 1 ? t('badge_title_new_one', envName) : t('badge_title_new_other', [fresh, envName]);
    return {
      kind: 'new',
      text: badgeCountText(snapshot.neverExpiring),
      color: BADGE_COLORS.attention,
      title: `${news}\n${summary}`,
    };
  }
  const staleAfterMs = 2 * settings.refreshIntervalMinutes * 60_000;
  if (now - snapshot.checkedAt > staleAfterMs) {
    return {
      kind: 'stale',
      text: badgeCountText(snapshot.neverExpiring),
      color: BADGE_COLORS.stale,
      title: `${t('badge_title_stale', formatTime(snapshot.checkedAt))}\n${summary}`,
    };
  }
  if (snapshot.neverExpiring === 0) {
    return { kind: 'clear', text: '', color: BADGE_COLORS.clear, title: summary };
  }
  return { kind: 'ok', text: badgeCountText(snapshot.neverExpiring), color: BADGE_COLORS.danger, title: summary };
}

/** "N upload tokens never expire (Acme production) · M expire within 24 h · checked HH:MM" */
function countSummary(
  neverExpiring: number,
  account: AccountBadgeInput,
  input: BadgeInput,
  formatTime: (ms: number) => string,
): string {
  const envName = account.name;
  const parts = [
    neverExpiring === 1 ? t('badge_title_never_one', envName) : t('badge_title_never_other', [neverExpiring, envName]),
  ];
  if (account.expiringSoon !== undefined) {
    parts.push(t('badge_title_soon', [account.expiringSoon, input.settings.expiringSoonHours]));
  }
  if (account.snapshot.checkedAt !== undefined)
    parts.push(t('badge_title_checked', formatTime(account.snapshot.checkedAt)));
  return parts.join(' · ');
}

function withLastCount(
  title: string,
  account: AccountBadgeInput,
  input: BadgeInput,
  formatTime: (ms: number) => string,
): string {
  const { neverExpiring, checkedAt } = account.snapshot;
  if (neverExpiring === undefined || checkedAt === undefined) return title;
  return `${title}\n${countSummary(neverExpiring, account, input, formatTime)}`;
}

export async function paintBadge(badge: BadgeView): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ text: badge.text }),
    browser.action.setBadgeBackgroundColor({ color: badge.color }),
    browser.action.setTitle({ title: badge.title }),
  ]);
  // setBadgeTextColor is Chrome 110+/Firefox 106+; white keeps every colour above readable.
  await browser.action.setBadgeTextColor?.({ color: '#ffffff' });
}

// The toolbar badge: how many tokens never expire, or why that is not known right now.
// `computeBadge` is pure (tested as a table); `paintBadge` only writes it to the toolbar.
import { browser } from 'wxt/browser';
import type { Environment } from '@/utils/apivideo/types';
import { t } from '@/utils/i18n';
import type { BadgeView } from '@/utils/messaging';
import type { EnvironmentSnapshot, Settings } from '@/utils/storage';

/** The snapshot of the saved key (its keyId already checked by the caller). */
type Snapshot = Omit<EnvironmentSnapshot, 'keyId'>;

export const BADGE_COLORS = {
  danger: '#c5221f',
  setup: '#1a73e8',
  invalidKey: '#8430ce',
  offline: '#5f6368',
  rateLimited: '#b06000',
  stale: '#795548',
  error: '#e8710a',
  clear: '#188038',
} as const;

export interface BadgeInput {
  environment: Environment;
  configured: boolean;
  snapshot: Snapshot;
  /** Tokens expiring within the threshold, from the cached list; undefined when no list is cached. */
  expiringSoon?: number;
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

export function computeBadge(input: BadgeInput): BadgeView {
  const { environment, snapshot, settings, now } = input;
  const formatTime = input.formatTime ?? defaultFormatTime;
  const envName = t(`environment_${environment}`);
  if (!input.configured) {
    return { kind: 'setup', text: '?', color: BADGE_COLORS.setup, title: t('badge_title_setup') };
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
          title: withLastCount(t('badge_title_rate_limited', envName), input, formatTime),
        };
      case 'network':
      case 'timeout':
        return {
          kind: 'offline',
          text: 'OFF',
          color: BADGE_COLORS.offline,
          title: withLastCount(t('badge_title_offline', envName), input, formatTime),
        };
      default:
        return {
          kind: 'error',
          text: '!',
          color: BADGE_COLORS.error,
          title: withLastCount(t('badge_title_error', [envName, error.message]), input, formatTime),
        };
    }
  }
  if (snapshot.neverExpiring === undefined || snapshot.checkedAt === undefined) {
    // Configured but never counted yet (first refresh under way).
    return { kind: 'stale', text: '…', color: BADGE_COLORS.stale, title: t('badge_title_never_other', ['…', envName]) };
  }
  const summary = countSummary(snapshot.neverExpiring, input, formatTime);
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

/** "N upload tokens never expire (production) · M expire within 24 h · checked HH:MM" */
function countSummary(neverExpiring: number, input: BadgeInput, formatTime: (ms: number) => string): string {
  const envName = t(`environment_${input.environment}`);
  const parts = [
    neverExpiring === 1 ? t('badge_title_never_one', envName) : t('badge_title_never_other', [neverExpiring, envName]),
  ];
  if (input.expiringSoon !== undefined) {
    parts.push(t('badge_title_soon', [input.expiringSoon, input.settings.expiringSoonHours]));
  }
  if (input.snapshot.checkedAt !== undefined)
    parts.push(t('badge_title_checked', formatTime(input.snapshot.checkedAt)));
  return parts.join(' · ');
}

function withLastCount(title: string, input: BadgeInput, formatTime: (ms: number) => string): string {
  const { neverExpiring, checkedAt } = input.snapshot;
  if (neverExpiring === undefined || checkedAt === undefined) return title;
  return `${title}\n${countSummary(neverExpiring, input, formatTime)}`;
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

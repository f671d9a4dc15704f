// What the pages and the badge show, derived from storage only (no network), so it is right
// on a fresh worker and instant.
import type { Environment } from '@/utils/apivideo/types';
import { maskSecret } from '@/utils/mask';
import type { BadgeView, EnvironmentStatus, StatusReply } from '@/utils/messaging';
import {
  apiKeyItems,
  bulkDeleteItem,
  listProgressItem,
  readExpiryIndex,
  settingsItem,
  snapshotItems,
  type EnvironmentSnapshot,
  type Settings,
} from '@/utils/storage';
import { computeBadge } from './badge';

/** How many of the ascending expiry times fall in (now, now + hours]. */
export function countExpiringSoon(expiries: readonly number[], hours: number, now: number): number {
  return firstAbove(expiries, now + hours * 3_600_000) - firstAbove(expiries, now);
}

/** Index of the first value greater than `limit` in an ascending array. */
function firstAbove(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** An environment as the pages see it, with the snapshot the badge is computed from. */
async function readEnvironment(environment: Environment, settings: Settings, now: number): Promise<{ status: EnvironmentStatus; snapshot: EnvironmentSnapshot }> {
  const [apiKey, snapshot, expiries] = await Promise.all([
    apiKeyItems[environment].getValue(),
    snapshotItems[environment].getValue(),
    readExpiryIndex(environment),
  ]);
  const status: EnvironmentStatus = { environment, configured: Boolean(apiKey) };
  if (apiKey) status.maskedKey = maskSecret(apiKey);
  if (snapshot.neverExpiring !== undefined) status.neverExpiring = snapshot.neverExpiring;
  if (snapshot.total !== undefined) status.total = snapshot.total;
  if (snapshot.checkedAt !== undefined) status.checkedAt = snapshot.checkedAt;
  if (expiries) status.expiringSoon = countExpiringSoon(expiries, settings.expiringSoonHours, now);
  if (snapshot.lastError) {
    const { kind, message, at, retryAfterSeconds } = snapshot.lastError;
    status.lastError = { kind: kind as NonNullable<EnvironmentStatus['lastError']>['kind'], message, at };
    if (retryAfterSeconds !== undefined) status.lastError.retryAfterSeconds = retryAfterSeconds;
  }
  return { status, snapshot };
}

function badgeFor(environment: Environment, read: { status: EnvironmentStatus; snapshot: EnvironmentSnapshot }, settings: Settings, now: number): BadgeView {
  return computeBadge({
    environment,
    configured: read.status.configured,
    snapshot: read.snapshot,
    ...(read.status.expiringSoon === undefined ? {} : { expiringSoon: read.status.expiringSoon }),
    settings,
    now,
  });
}

export async function currentBadge(now: number): Promise<BadgeView> {
  const settings = await settingsItem.getValue();
  const environment = settings.activeEnvironment;
  return badgeFor(environment, await readEnvironment(environment, settings, now), settings, now);
}

export async function buildStatus(now: number): Promise<StatusReply> {
  const settings = await settingsItem.getValue();
  const [production, sandbox, bulkDelete, listProgress] = await Promise.all([
    readEnvironment('production', settings, now),
    readEnvironment('sandbox', settings, now),
    bulkDeleteItem.getValue(),
    listProgressItem.getValue(),
  ]);
  const active = settings.activeEnvironment === 'production' ? production : sandbox;
  const reply: StatusReply = {
    settings,
    environments: { production: production.status, sandbox: sandbox.status },
    badge: badgeFor(settings.activeEnvironment, active, settings, now),
  };
  if (bulkDelete) reply.bulkDelete = bulkDelete;
  if (listProgress) reply.listProgress = listProgress;
  return reply;
}

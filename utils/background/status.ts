// What the pages and the badge show, derived from storage only (no network), so it is right
// on a fresh worker and instant.
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import { maskSecret } from '@/utils/mask';
import type { BadgeView, EnvironmentStatus, StatusReply } from '@/utils/messaging';
import {
  apiKeyItems,
  bulkDeleteItem,
  listProgressItem,
  readTokenCache,
  settingsItem,
  snapshotItems,
  type EnvironmentSnapshot,
  type Settings,
} from '@/utils/storage';
import { computeBadge } from './badge';

/** Tokens that are still valid but expire within `hours` from `now`. */
export function countExpiringSoon(tokens: readonly UploadToken[], hours: number, now: number): number {
  const horizon = now + hours * 3_600_000;
  let count = 0;
  for (const token of tokens) {
    if (token.ttl === 0 || !token.expiresAt) continue;
    const expiresAt = Date.parse(token.expiresAt);
    if (expiresAt > now && expiresAt <= horizon) count += 1;
  }
  return count;
}

/** An environment as the pages see it, with the snapshot the badge is computed from. */
async function readEnvironment(environment: Environment, settings: Settings, now: number): Promise<{ status: EnvironmentStatus; snapshot: EnvironmentSnapshot }> {
  const [apiKey, snapshot, cache] = await Promise.all([
    apiKeyItems[environment].getValue(),
    snapshotItems[environment].getValue(),
    readTokenCache(environment),
  ]);
  const status: EnvironmentStatus = { environment, configured: Boolean(apiKey) };
  if (apiKey) status.maskedKey = maskSecret(apiKey);
  if (snapshot.neverExpiring !== undefined) status.neverExpiring = snapshot.neverExpiring;
  if (snapshot.total !== undefined) status.total = snapshot.total;
  if (snapshot.checkedAt !== undefined) status.checkedAt = snapshot.checkedAt;
  if (cache) status.expiringSoon = countExpiringSoon(cache.tokens, settings.expiringSoonHours, now);
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

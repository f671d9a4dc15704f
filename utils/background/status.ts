// What the pages and the badge show, derived from storage only (no network), so it is right
// on a fresh worker and instant.
import { ENVIRONMENTS, type Environment, type UploadToken } from '@/utils/apivideo/types';
import { maskSecret } from '@/utils/mask';
import type { BadgeView, EnvironmentStatus, StatusReply } from '@/utils/messaging';
import {
  apiKeyItems,
  bulkDeleteItem,
  listProgressItem,
  settingsItem,
  snapshotItems,
  tokenCacheItems,
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

export async function environmentStatus(environment: Environment, settings: Settings, now: number): Promise<EnvironmentStatus> {
  const [apiKey, snapshot, cache] = await Promise.all([
    apiKeyItems[environment].getValue(),
    snapshotItems[environment].getValue(),
    tokenCacheItems[environment].getValue(),
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
  return status;
}

export async function currentBadge(now: number, settings?: Settings): Promise<BadgeView> {
  const resolved = settings ?? (await settingsItem.getValue());
  const environment = resolved.activeEnvironment;
  const status = await environmentStatus(environment, resolved, now);
  return computeBadge({
    environment,
    configured: status.configured,
    snapshot: await snapshotItems[environment].getValue(),
    ...(status.expiringSoon === undefined ? {} : { expiringSoon: status.expiringSoon }),
    settings: resolved,
    now,
  });
}

export async function buildStatus(now: number): Promise<StatusReply> {
  const settings = await settingsItem.getValue();
  const [production, sandbox, badge, bulkDelete, listProgress] = await Promise.all([
    environmentStatus('production', settings, now),
    environmentStatus('sandbox', settings, now),
    currentBadge(now, settings),
    bulkDeleteItem.getValue(),
    listProgressItem.getValue(),
  ]);
  const reply: StatusReply = { settings, environments: { production, sandbox }, badge };
  if (bulkDelete) reply.bulkDelete = bulkDelete;
  if (listProgress) reply.listProgress = listProgress;
  return reply;
}

export const ALL_ENVIRONMENTS = ENVIRONMENTS;

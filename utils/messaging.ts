// The one message protocol between the extension's pages (popup, options) and the background.
// Every request, its payload and its reply live in `Protocol`; nothing else sends messages.
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import type { ApiVideoErrorKind } from '@/utils/apivideo/errors';
import type { BulkDeleteJob, ListProgress, Settings } from '@/utils/storage';

/** Why a request failed, in a form a page can show and act on. */
export type ErrorKind =
  | ApiVideoErrorKind
  | 'no-key'
  | 'forbidden-sender'
  | 'invalid-request'
  | 'busy'
  | 'internal';

export interface ReplyError {
  kind: ErrorKind;
  /** Translated, human text that says what happened and what to do. */
  message: string;
  retryAfterSeconds?: number;
  /** Set when a key rejected here is accepted by the other environment. */
  otherEnvironment?: Environment;
}

export type Reply<T> = ({ ok: true } & T) | { ok: false; error: ReplyError };

export type BadgeKind = 'ok' | 'clear' | 'setup' | 'invalid-key' | 'offline' | 'rate-limited' | 'stale' | 'error';

export interface BadgeView {
  kind: BadgeKind;
  text: string;
  /** CSS colour of the badge background. */
  color: string;
  title: string;
}

export interface EnvironmentStatus {
  environment: Environment;
  configured: boolean;
  /** Like ••••••••3f9a; never the key itself. */
  maskedKey?: string;
  neverExpiring?: number;
  total?: number;
  /** From the cached list, when there is one. */
  expiringSoon?: number;
  checkedAt?: number;
  lastError?: ReplyError & { at: number };
}

export interface StatusReply {
  settings: Settings;
  environments: Record<Environment, EnvironmentStatus>;
  badge: BadgeView;
  bulkDelete?: BulkDeleteJob;
  listProgress?: ListProgress;
}

export interface TokenListReply {
  environment: Environment;
  tokens: UploadToken[];
  /** When the list was read from api.video (ms epoch); absent when nothing is cached yet. */
  fetchedAt?: number;
  /** True when this is the cached list and no request was made. */
  fromCache: boolean;
}

/** env: the environment to act on; the active one when absent. */
interface EnvPayload {
  environment?: Environment;
}

export interface Protocol {
  getStatus: { request: Record<string, never>; reply: StatusReply };
  saveKey: { request: { environment: Environment; apiKey: string }; reply: { maskedKey: string } };
  forgetKey: { request: { environment: Environment }; reply: Record<string, never> };
  updateSettings: { request: Partial<Settings>; reply: { settings: Settings } };
  /** The cached list at once (fromCache) or, with refresh, a fresh full listing. */
  listTokens: { request: EnvPayload & { refresh?: boolean }; reply: TokenListReply };
  getToken: { request: EnvPayload & { token: string }; reply: { token: UploadToken } };
  createToken: { request: EnvPayload & { ttl: number }; reply: { token: UploadToken } };
  deleteToken: {
    request: EnvPayload & { token: string };
    reply: { result: 'deleted' | 'already-gone' };
  };
  /** Starts a bulk delete in the background and returns at once; progress via getBulkDelete. */
  startBulkDelete: { request: EnvPayload & { tokens: string[] }; reply: { job: BulkDeleteJob } };
  getBulkDelete: { request: Record<string, never>; reply: { job?: BulkDeleteJob } };
  cancelBulkDelete: { request: Record<string, never>; reply: { job?: BulkDeleteJob } };
  dismissBulkDelete: { request: Record<string, never>; reply: Record<string, never> };
  refreshNow: { request: EnvPayload; reply: StatusReply };
}

export type RequestType = keyof Protocol;
export type RequestOf<K extends RequestType> = Protocol[K]['request'];
export type ReplyOf<K extends RequestType> = Reply<Protocol[K]['reply']>;

export interface Message<K extends RequestType = RequestType> {
  type: K;
  payload: RequestOf<K>;
}

/**
 * Send a request to the background. Never throws: a transport failure (no background,
 * extension reloaded) comes back as an `internal` error reply.
 */
export async function sendRequest<K extends RequestType>(
  type: K,
  ...[payload]: RequestOf<K> extends Record<string, never> ? [RequestOf<K>?] : [RequestOf<K>]
): Promise<ReplyOf<K>> {
  const message: Message<K> = { type, payload: (payload ?? {}) as RequestOf<K> };
  try {
    const reply = (await browser.runtime.sendMessage(message)) as ReplyOf<K> | undefined;
    if (reply && typeof reply === 'object' && 'ok' in reply) return reply;
    return transportError();
  } catch {
    return transportError();
  }
}

/** The background is gone or answered nothing (extension reloaded, worker crashed). */
function transportError(): { ok: false; error: ReplyError } {
  return { ok: false, error: { kind: 'internal', message: t('error_internal') } };
}

// The one message protocol between the extension's pages (popup, options) and the background.
// Messages carry commands and their direct answers; what pages display they read from storage
// (utils/storage.ts), which only the background writes. Request payloads are the schemas'
// input types (utils/background/requests.ts); their replies are declared here.
import type * as v from 'valibot';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import type { ApiVideoErrorKind } from '@/utils/apivideo/errors';
import type { RequestSchemas, RequestType } from '@/utils/background/requests';
import type { ImportReport } from '@/utils/background/notes';

export type { RequestType };

/** Why a request failed, in a form a page can show and act on. */
export type ErrorKind =
  | ApiVideoErrorKind
  | 'no-key'
  | 'duplicate-key'
  | 'key-changed'
  | 'forbidden-sender'
  | 'invalid-request'
  | 'busy'
  | 'internal';

export interface ReplyError {
  kind: ErrorKind;
  /** Translated, human text that says what happened and what to do. */
  message: string;
  /** Set when a key rejected here is accepted by the other environment. */
  otherEnvironment?: Environment;
}

export type Reply<T> = ({ ok: true } & T) | { ok: false; error: ReplyError };

export type BadgeKind =
  'ok' | 'clear' | 'new' | 'setup' | 'invalid-key' | 'offline' | 'rate-limited' | 'stale' | 'error';

export interface BadgeView {
  kind: BadgeKind;
  text: string;
  /** CSS colour of the badge background. */
  color: string;
  title: string;
}

type Nothing = Record<string, never>;

export interface Replies {
  /** The new account's id; the account and its masked key reach pages through storage. */
  addAccount: { account: string };
  /** The masked key reaches pages through storage (keyInfo), like everything they display. */
  saveKey: Nothing;
  updateAccount: Nothing;
  /** Oldest first; the tokens are the account's own (pages show them anyway). */
  previewPolicy: { tokens: UploadToken[] };
  setKeep: Nothing;
  removeAccount: Nothing;
  updateSettings: Nothing;
  refreshList: Nothing;
  getToken: { token: UploadToken };
  /** `recovered`: api.video's answer was lost, and the token was then found in the list. */
  createToken: { token: UploadToken; recovered?: boolean };
  deleteToken: { result: 'deleted' | 'already-gone' };
  setLabel: Nothing;
  importLabels: { report: ImportReport };
  /** When the popup last showed this key's list (ms epoch), null the first time. */
  markLooked: { previous: number | null };
  startBulkDelete: Nothing;
  retryBulkDelete: Nothing;
  cancelBulkDelete: Nothing;
  dismissBulkDelete: Nothing;
}

export type RequestOf<K extends RequestType> = v.InferInput<RequestSchemas[K]>;
export type ReplyOf<K extends RequestType> = Reply<Replies[K]>;

/**
 * Send a request to the background. Never throws: a transport failure (no background,
 * extension reloaded) comes back as an `internal` error reply.
 */
export async function sendRequest<K extends RequestType>(
  type: K,
  ...[payload]: keyof RequestOf<K> extends never ? [RequestOf<K>?] : [RequestOf<K>]
): Promise<ReplyOf<K>> {
  const message = { type, payload: payload ?? {} };
  try {
    const reply = await browser.runtime.sendMessage<typeof message, ReplyOf<K> | undefined>(message);
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

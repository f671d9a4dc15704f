// Runtime shapes of every request payload, and so the protocol's request types (utils/messaging.ts
// derives them from here): a page could be buggy or compromised, so nothing a message carries is
// trusted before it matches its schema.
import * as v from 'valibot';
import { ENVIRONMENTS, MAX_TTL_SECONDS } from '@/utils/apivideo/types';
import { accountIdSchema, accountNameSchema, settingsSchema } from '@/utils/storage';
import { labelSchema, MAX_IMPORT_CHARS } from '@/utils/labels';
import { policyDaysSchema } from '@/utils/guard';

const environment = v.picklist(ENVIRONMENTS);
const account = accountIdSchema;
const apiKey = v.pipe(v.string(), v.trim(), v.maxLength(1024));
/** api.video documents no token format: any non-empty string of sane length. */
const tokenString = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(512));
/** Largest bulk delete accepted in one job (a storage item holds the whole list). */
export const MAX_BULK_DELETE = 100_000;

export const REQUEST_SCHEMAS = {
  /** A new account: its key is checked with api.video before anything is stored. */
  addAccount: v.strictObject({ name: accountNameSchema, environment, apiKey }),
  /** Replaces an account's key (checked first); everything learnt with the old key goes. */
  saveKey: v.strictObject({ account, apiKey }),
  /**
   * Renames an account, says whether the badge counts it, or sets its lifetime policy (days; null
   * turns it off and stops a policy run under way).
   */
  updateAccount: v.strictObject({
    account,
    name: v.optional(accountNameSchema),
    watched: v.optional(v.boolean()),
    policyDays: v.optional(v.nullable(policyDaysSchema)),
  }),
  /** What a lifetime policy of that many days would delete now (lists the account first when nothing is cached). */
  previewPolicy: v.strictObject({ account, maxAgeDays: policyDaysSchema }),
  /** Marks a token "Keep" (the lifetime policy never deletes it), or removes the mark. */
  setKeep: v.strictObject({ account, token: tokenString, keep: v.boolean() }),
  /** Forgets an account: its key, tokens, caches, labels, history and bulk-delete report. */
  removeAccount: v.strictObject({ account }),
  /** Any subset of the settings, each within the bounds the stored settings are checked against. */
  updateSettings: v.strictObject(v.partial(settingsSchema).entries),
  /** Lists every token of the saved key into the cache (pages watch the cache). */
  refreshList: v.strictObject({ account }),
  getToken: v.strictObject({ account, token: tokenString }),
  createToken: v.strictObject({
    account,
    ttl: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_TTL_SECONDS)),
    /** Saved with the token once it is created; blank or absent means none. */
    label: v.optional(labelSchema),
  }),
  /** Sets a token's local label; an empty label removes it. */
  setLabel: v.strictObject({ account, token: tokenString, label: labelSchema }),
  /** The text of a previous JSON export, whose labels are merged into this key's. */
  importLabels: v.strictObject({ account, text: v.pipe(v.string(), v.maxLength(MAX_IMPORT_CHARS)) }),
  /** The popup shows this key's list now; replies when it did last time. */
  markLooked: v.strictObject({ account }),
  deleteToken: v.strictObject({ account, token: tokenString }),
  startBulkDelete: v.strictObject({
    account,
    tokens: v.pipe(v.array(tokenString), v.minLength(1), v.maxLength(MAX_BULK_DELETE)),
  }),
  /** Runs the finished job again over the tokens that failed. */
  retryBulkDelete: v.strictObject({ account }),
  cancelBulkDelete: v.strictObject({ account }),
  dismissBulkDelete: v.strictObject({ account }),
};

export type RequestSchemas = typeof REQUEST_SCHEMAS;
export type RequestType = keyof RequestSchemas;

const envelope = v.strictObject({
  type: v.picklist(Object.keys(REQUEST_SCHEMAS) as RequestType[]),
  payload: v.optional(v.record(v.string(), v.unknown())),
});

export type ParsedRequest = { [K in RequestType]: { type: K; payload: v.InferOutput<RequestSchemas[K]> } }[RequestType];

/** The request, checked; undefined when the message is not a well-formed request. */
export function parseRequest(message: unknown): ParsedRequest | undefined {
  const outer = v.safeParse(envelope, message);
  if (!outer.success) return undefined;
  const { type, payload = {} } = outer.output;
  const inner = v.safeParse(REQUEST_SCHEMAS[type], payload);
  return inner.success ? ({ type, payload: inner.output } as ParsedRequest) : undefined;
}

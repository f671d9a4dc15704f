// Runtime shapes of every request payload, and so the protocol's request types (utils/messaging.ts
// derives them from here): a page could be buggy or compromised, so nothing a message carries is
// trusted before it matches its schema.
import * as v from 'valibot';
import { ENVIRONMENTS, MAX_TTL_SECONDS } from '@/utils/apivideo/types';
import { settingsSchema } from '@/utils/storage';
import { labelSchema, MAX_IMPORT_CHARS } from '@/utils/labels';

const environment = v.picklist(ENVIRONMENTS);
/** api.video documents no token format: any non-empty string of sane length. */
const tokenString = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(512));
const empty = v.strictObject({});
/** Largest bulk delete accepted in one job (a storage item holds the whole list). */
export const MAX_BULK_DELETE = 100_000;

export const REQUEST_SCHEMAS = {
  saveKey: v.strictObject({
    environment,
    apiKey: v.pipe(v.string(), v.trim(), v.maxLength(1024)),
  }),
  forgetKey: v.strictObject({ environment }),
  /** Any subset of the settings, each within the bounds the stored settings are checked against. */
  updateSettings: v.strictObject(v.partial(settingsSchema).entries),
  /** Lists every token of the saved key into the cache (pages watch the cache). */
  refreshList: v.strictObject({ environment }),
  getToken: v.strictObject({ environment, token: tokenString }),
  createToken: v.strictObject({
    environment,
    ttl: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_TTL_SECONDS)),
    /** Saved with the token once it is created; blank or absent means none. */
    label: v.optional(labelSchema),
  }),
  /** Sets a token's local label; an empty label removes it. */
  setLabel: v.strictObject({ environment, token: tokenString, label: labelSchema }),
  /** The text of a previous JSON export, whose labels are merged into this key's. */
  importLabels: v.strictObject({ environment, text: v.pipe(v.string(), v.maxLength(MAX_IMPORT_CHARS)) }),
  /** The popup shows this key's list now; replies when it did last time. */
  markLooked: v.strictObject({ environment }),
  deleteToken: v.strictObject({ environment, token: tokenString }),
  startBulkDelete: v.strictObject({
    environment,
    tokens: v.pipe(v.array(tokenString), v.minLength(1), v.maxLength(MAX_BULK_DELETE)),
  }),
  /** Runs the finished job again over the tokens that failed. */
  retryBulkDelete: v.strictObject({ environment }),
  cancelBulkDelete: empty,
  dismissBulkDelete: empty,
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

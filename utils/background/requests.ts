// Runtime shapes of every request payload: a page could be buggy or compromised, so nothing
// a message carries is trusted before it matches its schema.
import * as v from 'valibot';
import { ENVIRONMENTS } from '@/utils/apivideo/types';
import {
  MAX_EXPIRING_SOON_HOURS,
  MAX_REFRESH_INTERVAL_MINUTES,
  MIN_REFRESH_INTERVAL_MINUTES,
} from '@/utils/storage';
import type { RequestType } from '@/utils/messaging';

const environment = v.picklist(ENVIRONMENTS);
const optionalEnvironment = v.optional(environment);
/** api.video documents no token format: any non-empty string of sane length. */
const tokenString = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(512));
const empty = v.strictObject({});
/** Largest bulk delete accepted in one job (a storage item holds the whole list). */
export const MAX_BULK_DELETE = 100_000;

export const REQUEST_SCHEMAS = {
  getStatus: empty,
  saveKey: v.strictObject({
    environment,
    apiKey: v.pipe(v.string(), v.trim(), v.maxLength(1024)),
  }),
  forgetKey: v.strictObject({ environment }),
  updateSettings: v.strictObject({
    activeEnvironment: v.optional(environment),
    refreshIntervalMinutes: v.optional(
      v.pipe(v.number(), v.integer(), v.minValue(MIN_REFRESH_INTERVAL_MINUTES), v.maxValue(MAX_REFRESH_INTERVAL_MINUTES)),
    ),
    expiringSoonHours: v.optional(v.pipe(v.number(), v.minValue(0.25), v.maxValue(MAX_EXPIRING_SOON_HOURS))),
  }),
  listTokens: v.strictObject({ environment: optionalEnvironment, refresh: v.optional(v.boolean()) }),
  getToken: v.strictObject({ environment: optionalEnvironment, token: tokenString }),
  createToken: v.strictObject({
    environment: optionalEnvironment,
    ttl: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2_147_483_647)),
  }),
  deleteToken: v.strictObject({ environment: optionalEnvironment, token: tokenString }),
  startBulkDelete: v.strictObject({
    environment: optionalEnvironment,
    tokens: v.pipe(v.array(tokenString), v.minLength(1), v.maxLength(MAX_BULK_DELETE)),
  }),
  getBulkDelete: empty,
  cancelBulkDelete: empty,
  dismissBulkDelete: empty,
  refreshNow: v.strictObject({ environment: optionalEnvironment }),
} satisfies Record<RequestType, v.GenericSchema>;

const envelope = v.strictObject({
  type: v.picklist(Object.keys(REQUEST_SCHEMAS) as RequestType[]),
  payload: v.optional(v.record(v.string(), v.unknown())),
});

export type ParsedRequest = { [K in RequestType]: { type: K; payload: v.InferOutput<(typeof REQUEST_SCHEMAS)[K]> } }[RequestType];

/** The request, checked; undefined when the message is not a well-formed request. */
export function parseRequest(message: unknown): ParsedRequest | undefined {
  const outer = v.safeParse(envelope, message);
  if (!outer.success) return undefined;
  const { type, payload = {} } = outer.output;
  const inner = v.safeParse(REQUEST_SCHEMAS[type], payload);
  return inner.success ? ({ type, payload: inner.output } as ParsedRequest) : undefined;
}

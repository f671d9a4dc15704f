// Every storage item of the extension, declared once: its key, its version, the schema every read
// is checked against, and the migrations from older versions.
//
// Areas by sensitivity: the API key in `local` (never `sync`); the short-lived access/refresh
// tokens in `session` (memory only, survives the worker being killed); non-secret caches and
// settings in `local`. Only the background writes; pages read and watch the non-secret items
// they display and never read the key.
//
// Accounts (issue 12): each api.video project's key the person manages is an account, a name they
// choose, an environment and a key. Every item below that is "per account" is stored under the
// account's id (`local:snapshot:<id>`); the two accounts an install of version 1 or 2 had keep the
// ids `production` and `sandbox`, so their stored data stays where it was.
//
// Everything derived from a key (access tokens, caches, counts, list progress, jobs) carries the
// `keyId` of the key that produced it: a random id given to each saved key. A value whose keyId is
// not the saved key's belongs to a replaced key and is ignored (see utils/background/keys.ts).
import * as v from 'valibot';
import { storage, type StorageItemKey } from 'wxt/utils/storage';
import { ENVIRONMENTS, type Environment, type UploadToken } from '@/utils/apivideo/types';
import type { AuthTokens } from '@/utils/apivideo/client';
import { maskSecret } from '@/utils/mask';
import { DEFAULT_TOKEN_SORT, expiresAtMs, isNeverExpiring, sortTokens } from '@/utils/token-rules';
import { labelSchema } from '@/utils/labels';
import { createHistoryReader, type HistoryEvent } from '@/utils/history';
import { policyDaysSchema } from '@/utils/guard';

// ---------------------------------------------------------------------------------------------
// Settings

/**
 * The one home of the settings' bounds: the stored settings and every update are checked
 * against them, and the options page's fields and messages are built from them.
 */
export const SETTING_BOUNDS = {
  /** Minutes. */
  refreshIntervalMinutes: { min: 1, max: 24 * 60 },
  /** Hours. */
  expiringSoonHours: { min: 1, max: 24 * 365 },
  /** Per cent of each of api.video's rate-limit windows the extension may spend (see utils/apivideo/rate-limit.ts). */
  rateLimitSharePercent: { min: 10, max: 100 },
} as const satisfies Record<string, { min: number; max: number }>;

/**
 * Half of each window: api.video's limits are per account, and the person's own backend (creating
 * upload tokens and videos) keeps the other half even while a bulk delete runs.
 */
const DEFAULT_RATE_LIMIT_SHARE_PERCENT = 50;

export type SettingField = keyof typeof SETTING_BOUNDS;

const environmentSchema = v.picklist(ENVIRONMENTS);

/**
 * Version 3 dropped `activeEnvironment`: the badge counts every watched account, and the popup
 * chooses among accounts itself. A version 2 value still reads (unknown fields are left out).
 */
export const settingsSchema = v.object({
  /** Badge refresh interval, minutes. */
  refreshIntervalMinutes: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(SETTING_BOUNDS.refreshIntervalMinutes.min),
    v.maxValue(SETTING_BOUNDS.refreshIntervalMinutes.max),
  ),
  /** A token expiring within this many hours counts as "expiring soon". */
  expiringSoonHours: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(SETTING_BOUNDS.expiringSoonHours.min),
    v.maxValue(SETTING_BOUNDS.expiringSoonHours.max),
  ),
  /**
   * The share of api.video's rate limit the extension uses, per cent. Added in version 2: optional
   * with its default, so settings stored by an older version read the same before the background
   * has migrated them (a page may open first).
   */
  rateLimitSharePercent: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(SETTING_BOUNDS.rateLimitSharePercent.min),
      v.maxValue(SETTING_BOUNDS.rateLimitSharePercent.max),
    ),
    DEFAULT_RATE_LIMIT_SHARE_PERCENT,
  ),
  /**
   * "Notify me when a new never-expiring token appears" (issue 14): a system notification, once
   * the person has granted the optional `notifications` permission. Off by default.
   */
  notifyNewForever: v.optional(v.boolean(), false),
});

export type Settings = v.InferOutput<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  refreshIntervalMinutes: 15,
  expiringSoonHours: 24,
  rateLimitSharePercent: DEFAULT_RATE_LIMIT_SHARE_PERCENT,
  notifyNewForever: false,
};

// ---------------------------------------------------------------------------------------------
// Accounts

/** Lower-case letters, digits and dashes: the id is part of storage keys and alarm names. */
export const accountIdSchema = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,80}$/));
export type AccountId = string;

/** The longest account name (it is shown in the badge's tooltip, one line per account). */
export const MAX_ACCOUNT_NAME = 60;
export const accountNameSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_ACCOUNT_NAME));

const accountSchema = v.object({
  id: accountIdSchema,
  /** The person's own name for it ("Acme production"). */
  name: accountNameSchema,
  environment: environmentSchema,
  /** Counted in the toolbar badge ("Watch in the badge"). */
  watched: v.boolean(),
  addedAt: v.pipe(v.number(), v.finite()),
  /**
   * The lifetime policy (issue 14), off when absent: never-expiring tokens older than this many
   * days are deleted on the refresh alarm, unless marked "Keep".
   */
  policyDays: v.optional(policyDaysSchema),
});
export type Account = v.InferOutput<typeof accountSchema>;

/** Every account, in the order the person added them. Non-secret: pages read it. */
const accountsSchema = v.object({ accounts: v.array(accountSchema) });
export type AccountList = v.InferOutput<typeof accountsSchema>;

/**
 * A readable id for a new account: its environment for the first account of that environment
 * (as the accounts of version 2 were), then the environment and a random suffix.
 */
export function newAccountId(
  environment: Environment,
  taken: ReadonlySet<string>,
  random: () => string = () => crypto.randomUUID().slice(0, 8),
): AccountId {
  if (!taken.has(environment)) return environment;
  for (;;) {
    const id = `${environment}-${random()}`;
    if (!taken.has(id)) return id;
  }
}

// ---------------------------------------------------------------------------------------------
// Shapes of the stored values

const keyIdSchema = v.pipe(v.string(), v.minLength(1));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const time = v.pipe(v.number(), v.finite());

/** The saved API key (secret: background only) and the id that binds derived state to it. */
const keyRecordSchema = v.object({ apiKey: v.pipe(v.string(), v.minLength(1)), keyId: keyIdSchema });
export type KeyRecord = v.InferOutput<typeof keyRecordSchema>;

/** What pages may know of a saved key: never the key itself. */
const keyInfoSchema = v.object({ keyId: keyIdSchema, maskedKey: v.string(), savedAt: time });
export type KeyInfo = v.InferOutput<typeof keyInfoSchema>;

const authTokensSchema = v.object({
  keyId: keyIdSchema,
  accessToken: v.pipe(v.string(), v.minLength(1)),
  refreshToken: v.pipe(v.string(), v.minLength(1)),
  expiresAt: time,
});
export type BoundAuthTokens = AuthTokens & { keyId: string };

/** What the badge shows of the last failure: its kind and its translated text. */
const lastErrorSchema = v.object({ kind: v.string(), message: v.string() });

/** What the last badge refresh learned about one account's key. */
const snapshotSchema = v.object({
  keyId: keyIdSchema,
  /** Last successful count. */
  neverExpiring: v.optional(count),
  /** When the last successful count was taken (ms epoch). */
  checkedAt: v.optional(time),
  /** The last failure, cleared by the next success. */
  lastError: v.optional(lastErrorSchema),
  /** Failed counts in a row, for the retry back-off; absent after a success. */
  failedAttempts: v.optional(count),
});
export type AccountSnapshot = v.InferOutput<typeof snapshotSchema>;

const uploadTokenSchema = v.object({
  token: v.pipe(v.string(), v.minLength(1)),
  ttl: count,
  createdAt: v.string(),
  expiresAt: v.optional(v.nullable(v.string())),
});

/**
 * The last full token list of a key, so the popup paints at once. Stored as one JSON string:
 * Chrome's storage reads 10,000 token objects in 90–270 ms, a single string of the same list in a
 * fraction of that, and the popup's first paint waits on this read (see `npm run bench`).
 */
const storedTokenCacheSchema = v.object({ keyId: keyIdSchema, tokensJson: v.string(), fetchedAt: time });
export interface TokenCache {
  keyId: string;
  tokens: UploadToken[];
  fetchedAt: number;
}

/**
 * How many rows of the cache the first screen keeps: the tallest popup (600 px) holds 10 rows of
 * 64 px, the list renders 5 more below them, and a few spare ones stand in for rows that expire
 * before the popup opens.
 */
export const FIRST_SCREEN_ROWS = 20;
/** How many of the earliest expiry times the first screen keeps to count its summary exactly. */
export const FIRST_SCREEN_EXPIRIES = 200;

/**
 * The popup's first screen, kept apart from the 1.3 MB cache so the first paint reads a few
 * kilobytes: the first rows in the popup's default order (all tokens, no search), and what its
 * summary is counted from. Written with the cache, in the same storage call, so the two always
 * describe the same list. The popup remembers no other sort or filter, so there is no other
 * first screen to keep.
 */
const firstScreenSchema = v.object({
  keyId: keyIdSchema,
  fetchedAt: time,
  rows: v.pipe(v.array(uploadTokenSchema), v.maxLength(FIRST_SCREEN_ROWS)),
  /** Tokens in the whole cache (expired ones included), and how many of them never expire. */
  tokenCount: count,
  neverExpiring: count,
  /** How many of them have an expiry time, and the earliest of those times (ascending, at most FIRST_SCREEN_EXPIRIES). */
  expiringCount: count,
  earliestExpiries: v.pipe(v.array(time), v.maxLength(FIRST_SCREEN_EXPIRIES)),
});
export type FirstScreen = v.InferOutput<typeof firstScreenSchema>;

/**
 * Expiry times (ms epoch, ascending) of the cached tokens that expire, kept beside the cache so
 * the badge's tooltip counts "expiring soon" without reading every token.
 */
const expiryIndexSchema = v.object({ keyId: keyIdSchema, expiries: v.array(time) });
export type ExpiryIndex = v.InferOutput<typeof expiryIndexSchema>;

const listProgressSchema = v.object({
  account: accountIdSchema,
  keyId: keyIdSchema,
  pagesDone: count,
  pagesTotal: count,
  itemsLoaded: count,
  itemsTotal: count,
  startedAt: time,
});
/** The listing's progress (the client's ListProgress), for the key and the run it belongs to. */
export type StoredListProgress = v.InferOutput<typeof listProgressSchema>;

const BULK_DELETE_STATES = ['running', 'cancelling', 'cancelled', 'done', 'stopped'] as const;

const tokenList = v.array(v.string());
/** A bulk delete, persisted after every step so it survives the worker being killed. */
const bulkDeleteJobSchema = v.object({
  id: v.string(),
  account: accountIdSchema,
  /** The key whose account this job deletes from. */
  keyId: keyIdSchema,
  total: count,
  /** Not yet attempted. */
  pending: tokenList,
  /** Sent but not yet confirmed when the worker last wrote the job. */
  inFlight: tokenList,
  deleted: tokenList,
  alreadyGone: tokenList,
  failed: v.array(
    v.object({
      token: v.string(),
      kind: v.string(),
      message: v.string(),
      /** An attempt got no clear answer: the token may be gone all the same, whatever `kind` says. */
      outcomeUnknown: v.optional(v.literal(true)),
    }),
  ),
  /** Sent when the job stopped, with no answer: api.video may or may not have deleted them. */
  unconfirmed: tokenList,
  state: v.picklist(BULK_DELETE_STATES),
  /** Who started it: the person ('bulk', the default) or the account's lifetime policy. */
  via: v.optional(v.picklist(['bulk', 'policy'])),
  /** Policy jobs: tokens marked "Keep" after the job started, left alone. */
  skipped: v.optional(tokenList),
  /** Why a job is 'stopped': its key was replaced or forgotten while it ran. */
  stopReason: v.optional(v.picklist(['key-changed', 'key-forgotten'])),
  /** How many times "Retry the ones that failed" ran. */
  retries: count,
  startedAt: time,
  updatedAt: time,
  finishedAt: v.optional(time),
});
export type BulkDeleteJob = v.InferOutput<typeof bulkDeleteJobSchema>;

/** Running or being cancelled: no other job may start, and the report is not final yet. */
export function isActive(job: BulkDeleteJob | undefined): boolean {
  return job !== undefined && (job.state === 'running' || job.state === 'cancelling');
}

// ---------------------------------------------------------------------------------------------
// Items

/** What a read found: nothing, a valid value, or something that does not match the schema. */
export type Read<T> = { state: 'absent' } | { state: 'ok'; value: T } | { state: 'invalid' };

export interface StoredItem<T> {
  readonly key: StorageItemKey;
  readonly version: number;
  /** The value checked against its schema (an older version's value is 'invalid' until migrated). */
  read(): Promise<Read<T>>;
  /** The value, or null when absent or unreadable. */
  getValue(): Promise<T | null>;
  setValue(value: T): Promise<void>;
  removeValue(): Promise<void>;
  /** Called with every change, checked like `read`. */
  watch(callback: (found: Read<T>) => void): () => void;
}

type Migrations = Record<number, (old: unknown, context: MigrationContext) => unknown>;

interface ItemSpec<T> {
  key: StorageItemKey;
  version: number;
  schema: v.GenericSchema<unknown, T>;
  /** Value at version n from the value at version n − 1, as WXT's `defineItem` declares them. */
  migrations?: Migrations;
}

const declared: { spec: ItemSpec<unknown>; item: StoredItem<unknown> }[] = [];

function check<T>(schema: v.GenericSchema<unknown, T>, raw: unknown): Read<T> {
  if (raw === null || raw === undefined) return { state: 'absent' };
  const parsed = v.safeParse(schema, raw);
  return parsed.success ? { state: 'ok', value: parsed.output } : { state: 'invalid' };
}

/**
 * A typed, versioned, validated item read only when asked. WXT's `defineItem` reads every
 * item's value as soon as it is defined, in every page that imports this file: each popup would
 * load the API key (a secret pages must never hold) and the 1.3 MB token caches before painting.
 * The version goes in WXT's metadata (`<key>$`) as `defineItem` keeps it, and the migrations are
 * declared the same way; the background runs them once at start (`migrateStorage`), since a key id
 * made up by two pages at once would be two different ids.
 */
function defineLazyItem<T>(spec: ItemSpec<T>): StoredItem<T> {
  const { key, version, schema } = spec;
  const item: StoredItem<T> = {
    key,
    version,
    read: async () => check(schema, await storage.getItem(key)),
    async getValue() {
      const found = await item.read();
      return found.state === 'ok' ? found.value : null;
    },
    async setValue(value) {
      await storage.setItems([{ key, value }]);
      await storage.setMeta(key, { v: version });
    },
    async removeValue() {
      await storage.removeItem(key, { removeMeta: true });
    },
    watch: (callback) => storage.watch<unknown>(key, (raw) => callback(check(schema, raw))),
  };
  declared.push({ spec, item });
  return item;
}

/**
 * One item per account, made the first time it is asked for and the same object after that (pages
 * watch it by identity). Each is declared, so `migrateStorage` brings it up to date.
 */
function perAccount<T>(make: (account: AccountId) => ItemSpec<T>): (account: AccountId) => StoredItem<T> {
  const made = new Map<AccountId, StoredItem<T>>();
  const itemOf = (account: AccountId) => {
    let item = made.get(account);
    if (!item) {
      item = defineLazyItem(make(account));
      made.set(account, item);
    }
    return item;
  };
  perAccountKinds.push(itemOf);
  return itemOf;
}
const perAccountKinds: ((account: AccountId) => StoredItem<unknown>)[] = [];

/** The ids versions 1 and 2 stored their two keys' data under: their accounts keep them. */
const LEGACY_ACCOUNTS: readonly Environment[] = ENVIRONMENTS;

export const accountsItem = defineLazyItem<AccountList>({ key: 'local:accounts', version: 1, schema: accountsSchema });

/** Version 1 kept the key as a bare string: give it an id (the same one every v1 item below is stamped with). */
export const apiKeyItem = perAccount<KeyRecord>((account) => ({
  key: `local:apiKey:${account}`,
  version: 2,
  schema: keyRecordSchema,
  migrations: {
    2: (old, context) =>
      typeof old === 'string' && old !== '' ? { apiKey: old, keyId: context.keyIdOf(account) } : null,
  },
}));

export const keyInfoItem = perAccount<KeyInfo>((account) => ({
  key: `local:keyInfo:${account}`,
  version: 1,
  schema: keyInfoSchema,
}));

/** Session tokens of version 1 carried no key id; they are simply dropped (one key exchange). */
export const authTokenItem = perAccount<BoundAuthTokens>((account) => ({
  key: `session:authTokens:${account}`,
  version: 2,
  schema: authTokensSchema,
  migrations: { 2: () => null },
}));

const stampWithKey = (account: AccountId) => (old: unknown, context: MigrationContext) =>
  typeof old === 'object' && old !== null && context.hasKey(account)
    ? { ...old, keyId: context.keyIdOf(account) }
    : null;

export const snapshotItem = perAccount<AccountSnapshot>((account) => ({
  key: `local:snapshot:${account}`,
  version: 2,
  schema: snapshotSchema,
  migrations: { 2: stampWithKey(account) },
}));

const tokenCacheItem = perAccount<v.InferOutput<typeof storedTokenCacheSchema>>((account) => ({
  key: `local:tokenCache:${account}`,
  version: 2,
  schema: storedTokenCacheSchema,
  migrations: { 2: stampWithKey(account) },
}));

export const firstScreenItem = perAccount<FirstScreen>((account) => ({
  key: `local:firstScreen:${account}`,
  version: 1,
  schema: firstScreenSchema,
}));

export const expiryIndexItem = perAccount<ExpiryIndex>((account) => ({
  key: `local:tokenExpiries:${account}`,
  version: 2,
  schema: expiryIndexSchema,
  // Version 1 was the bare JSON text of the expiry list.
  migrations: {
    2: (old, context) => {
      if (typeof old !== 'string' || !context.hasKey(account)) return null;
      try {
        const expiries: unknown = JSON.parse(old);
        return Array.isArray(expiries) ? { keyId: context.keyIdOf(account), expiries } : null;
      } catch {
        return null;
      }
    },
  },
}));

/** Version 2 kept one listing's progress for the whole extension; each account has its own now. */
export const listProgressItem = perAccount<StoredListProgress>((account) => ({
  key: `session:listProgress:${account}`,
  version: 1,
  schema: listProgressSchema,
}));

/** Version 3 dropped activeEnvironment (see settingsSchema). */
export const settingsItem = defineLazyItem<Settings>({
  key: 'local:settings',
  version: 3,
  schema: settingsSchema,
  migrations: {
    // Version 2 added rateLimitSharePercent: settings of version 1 take its default.
    2: (old) =>
      typeof old === 'object' && old !== null
        ? { rateLimitSharePercent: DEFAULT_RATE_LIMIT_SHARE_PERCENT, ...old }
        : old,
    3: (old) => {
      if (typeof old !== 'object' || old === null) return old;
      const { activeEnvironment: _dropped, ...rest } = old as { activeEnvironment?: unknown };
      return rest;
    },
  },
});

/** Each account's bulk delete: one job per account may run, beside the other accounts' jobs. */
export const bulkDeleteItem = perAccount<BulkDeleteJob>((account) => ({
  key: `local:bulkDelete:${account}`,
  version: 1,
  schema: bulkDeleteJobSchema,
}));

/**
 * Versions 1 and 2 kept one job for the whole extension, under `local:bulkDelete`, naming its
 * environment: version 3 moves it to that environment's account.
 */
const LEGACY_BULK_DELETE_KEY: StorageItemKey = 'local:bulkDelete';
function migrateLegacyBulkDelete(old: unknown, version: number, context: MigrationContext): BulkDeleteJob | null {
  if (typeof old !== 'object' || old === null) return null;
  const { environment: named, ...job } = old as { environment?: unknown };
  const account = LEGACY_ACCOUNTS.find((name) => name === named);
  if (!account || !context.hasKey(account)) return null;
  const migrated = {
    ...(version < 2 ? { unconfirmed: [], retries: 0 } : {}),
    ...job,
    account,
    keyId: version < 2 ? context.keyIdOf(account) : (job as { keyId?: unknown }).keyId,
  };
  const parsed = v.safeParse(bulkDeleteJobSchema, migrated);
  return parsed.success && parsed.output.keyId === context.keyIdOf(account) ? parsed.output : null;
}

// ---------------------------------------------------------------------------------------------
// What the extension remembers about tokens (issue 13): labels, history, when the popup last
// looked. Per account and bound to the key like the cache, so a replaced or forgotten key
// takes them with it; `local` only (never `sync`), and they leave the browser only in an export
// the person asks for. Written by the background alone (utils/background/notes.ts).

const tokenLabelsSchema = v.object({
  keyId: keyIdSchema,
  labels: v.record(v.pipe(v.string(), v.minLength(1)), v.pipe(labelSchema, v.minLength(1))),
});
export type TokenLabels = v.InferOutput<typeof tokenLabelsSchema>;

export const tokenLabelsItem = perAccount<TokenLabels>((account) => ({
  key: `local:tokenLabels:${account}`,
  version: 1,
  schema: tokenLabelsSchema,
}));

/**
 * Up to 20,000 events, stored as one JSON string for the same reason as the token cache: one
 * string reads in a fraction of the time of as many objects (see `npm run bench`).
 */
const storedHistorySchema = v.object({ keyId: keyIdSchema, eventsJson: v.string() });
export interface TokenHistoryLog {
  keyId: string;
  events: readonly HistoryEvent[];
}

const tokenHistoryItem = perAccount<v.InferOutput<typeof storedHistorySchema>>((account) => ({
  key: `local:tokenHistory:${account}`,
  version: 1,
  schema: storedHistorySchema,
}));

/** When the popup last showed this key's list (ms epoch): "New since I last looked" starts there. */
const lastLookedSchema = v.object({ keyId: keyIdSchema, at: time });
export type LastLooked = v.InferOutput<typeof lastLookedSchema>;

export const lastLookedItem = perAccount<LastLooked>((account) => ({
  key: `local:lastLooked:${account}`,
  version: 1,
  schema: lastLookedSchema,
}));

/** Tokens marked "Keep": the lifetime policy never deletes them (issue 14). Bound to the key like labels. */
const keepMarksSchema = v.object({ keyId: keyIdSchema, tokens: v.array(v.pipe(v.string(), v.minLength(1))) });
export type KeepMarks = v.InferOutput<typeof keepMarksSchema>;

export const keepMarksItem = perAccount<KeepMarks>((account) => ({
  key: `local:keepMarks:${account}`,
  version: 1,
  schema: keepMarksSchema,
}));

/**
 * Never-expiring tokens a refresh found that were not there before, until the person looks at
 * the account's list in the popup (issue 14): the badge's attention state. Small (a few tokens).
 */
const alertSchema = v.object({
  keyId: keyIdSchema,
  tokens: v.array(v.pipe(v.string(), v.minLength(1))),
  /** When the first of them was found (ms epoch). */
  since: time,
});
export type NewTokensAlert = v.InferOutput<typeof alertSchema>;

export const alertItem = perAccount<NewTokensAlert>((account) => ({
  key: `local:alert:${account}`,
  version: 1,
  schema: alertSchema,
}));

/**
 * What the popup should show when it opens next, set when the person clicks a notification about
 * new never-expiring tokens: that account's list, filtered to the new ones. Read once, then removed.
 */
const popupIntentSchema = v.object({ account: accountIdSchema, show: v.literal('new'), at: time });
export const popupIntentItem = defineLazyItem<v.InferOutput<typeof popupIntentSchema>>({
  key: 'session:popupIntent',
  version: 1,
  schema: popupIntentSchema,
});

// Made up front so the migrations of versions 1 and 2 see the items stored under the legacy ids.
for (const account of LEGACY_ACCOUNTS) for (const kind of perAccountKinds) kind(account);

/** The stored accounts (an empty list when none, or when the list cannot be read). */
export async function readAccounts(): Promise<Account[]> {
  return (await accountsItem.getValue())?.accounts ?? [];
}
// ---------------------------------------------------------------------------------------------
// Reading and writing

/** The settings, or the defaults when what is stored cannot be read (and `recovered` says so). */
export async function readSettings(): Promise<{ settings: Settings; recovered: boolean }> {
  const found = await settingsItem.read();
  if (found.state === 'ok') return { settings: found.value, recovered: false };
  return { settings: DEFAULT_SETTINGS, recovered: found.state === 'invalid' };
}

/** Non-secret state of one key is valid only while it carries that key's id. */
function boundTo<T extends { keyId: string }>(value: T | null, keyId: string | undefined): T | null {
  return value !== null && keyId !== undefined && value.keyId === keyId ? value : null;
}

export async function readSnapshot(account: AccountId, keyId: string | undefined): Promise<AccountSnapshot | null> {
  return boundTo(await snapshotItem(account).getValue(), keyId);
}

export async function readExpiryIndex(account: AccountId, keyId: string | undefined): Promise<number[] | null> {
  return boundTo(await expiryIndexItem(account).getValue(), keyId)?.expiries ?? null;
}

/** The cached list of a key, or null. Pages may read it directly: it holds no key. */
export async function readTokenCache(account: AccountId, keyId: string | undefined): Promise<TokenCache | null> {
  return parseTokenCache(boundTo(await tokenCacheItem(account).getValue(), keyId));
}

export function watchTokenCache(
  account: AccountId,
  keyId: string,
  onChange: (cache: TokenCache | null) => void,
): () => void {
  return tokenCacheItem(account).watch((found) =>
    onChange(parseTokenCache(boundTo(found.state === 'ok' ? found.value : null, keyId))),
  );
}

/**
 * Whether a key's list is cached, without reading its 10,000 tokens: the stored item is checked,
 * its token text is not parsed (a damaged one reads as none later, and is listed again).
 */
export async function hasTokenCache(account: AccountId, keyId: string | undefined): Promise<boolean> {
  return boundTo(await tokenCacheItem(account).getValue(), keyId) !== null;
}

/** The first screen of a key's cached list, or null (absent, unreadable, or another key's). */
export async function readFirstScreen(account: AccountId, keyId: string | undefined): Promise<FirstScreen | null> {
  return boundTo(await firstScreenItem(account).getValue(), keyId);
}

/**
 * What the popup paints first for an account, read in one go (no key, a few kilobytes): the
 * first screen, not the full cache, which is read after the first paint.
 */
export async function readAccountView(account: AccountId): Promise<{
  keyInfo: KeyInfo | null;
  firstScreen: FirstScreen | null;
  snapshot: AccountSnapshot | null;
}> {
  const [keyInfo, firstScreen, snapshot] = await Promise.all([
    keyInfoItem(account).getValue(),
    firstScreenItem(account).getValue(),
    snapshotItem(account).getValue(),
  ]);
  return {
    keyInfo,
    firstScreen: boundTo(firstScreen, keyInfo?.keyId),
    snapshot: boundTo(snapshot, keyInfo?.keyId),
  };
}

function parseTokenCache(stored: v.InferOutput<typeof storedTokenCacheSchema> | null): TokenCache | null {
  if (!stored) return null;
  try {
    const tokens = v.safeParse(v.array(uploadTokenSchema), JSON.parse(stored.tokensJson));
    return tokens.success ? { keyId: stored.keyId, tokens: tokens.output, fetchedAt: stored.fetchedAt } : null;
  } catch {
    return null; // A damaged cache is no cache: the next refresh rewrites it.
  }
}

export async function readLabels(account: AccountId, keyId: string | undefined): Promise<TokenLabels | null> {
  return boundTo(await tokenLabelsItem(account).getValue(), keyId);
}

/** The history of a key, or null (none yet, another key's, or damaged: the next event starts afresh). */
export async function readHistory(account: AccountId, keyId: string | undefined): Promise<TokenHistoryLog | null> {
  return parseHistory(boundTo(await tokenHistoryItem(account).getValue(), keyId), account);
}

export function watchHistory(
  account: AccountId,
  keyId: string,
  onChange: (history: TokenHistoryLog | null) => void,
): () => void {
  return tokenHistoryItem(account).watch((found) =>
    onChange(parseHistory(boundTo(found.state === 'ok' ? found.value : null, keyId), account)),
  );
}

/** Background only, for the saved key (utils/background/notes.ts writes it through keys.write). */
export async function writeHistory(account: AccountId, history: TokenHistoryLog): Promise<void> {
  const eventsJson = JSON.stringify(history.events);
  await tokenHistoryItem(account).setValue({ keyId: history.keyId, eventsJson });
  histories.remember(`${account}|${history.keyId}`, eventsJson, history.events);
}

const histories = createHistoryReader();

function parseHistory(stored: v.InferOutput<typeof storedHistorySchema> | null, account: AccountId) {
  if (!stored) return null;
  const events = histories.parse(`${account}|${stored.keyId}`, stored.eventsJson);
  return events ? { keyId: stored.keyId, events } : null;
}

function expiryIndex(tokens: readonly UploadToken[]): number[] {
  const expiries: number[] = [];
  for (const token of tokens) {
    const at = expiresAtMs(token);
    if (at !== null) expiries.push(at);
  }
  return expiries.sort((a, b) => a - b);
}

function firstScreenOf(cache: TokenCache, sorted: readonly UploadToken[], expiries: readonly number[]): FirstScreen {
  return {
    keyId: cache.keyId,
    fetchedAt: cache.fetchedAt,
    rows: sorted.slice(0, FIRST_SCREEN_ROWS),
    tokenCount: sorted.length,
    neverExpiring: sorted.filter(isNeverExpiring).length,
    expiringCount: expiries.length,
    earliestExpiries: expiries.slice(0, FIRST_SCREEN_EXPIRIES),
  };
}

/**
 * Background only, and only for the saved key (keys.ts checks that). Stored in the popup's
 * default order, by the popup's own sort: sorting an already sorted list is linear, so the popup
 * does not pay for a full sort of 10,000 tokens. The cache, its expiry index and its first screen
 * go in one storage call, so no page ever reads one of them without the others.
 */
export async function writeTokenCache(account: AccountId, cache: TokenCache): Promise<void> {
  const { keyId, fetchedAt, tokens } = cache;
  const sorted = sortTokens(tokens, DEFAULT_TOKEN_SORT);
  const expiries = expiryIndex(tokens);
  await storage.setItems([
    ...withVersion(tokenCacheItem(account), { keyId, tokensJson: JSON.stringify(sorted), fetchedAt }),
    ...withVersion(expiryIndexItem(account), { keyId, expiries }),
    ...withVersion(firstScreenItem(account), firstScreenOf(cache, sorted, expiries)),
  ]);
}

/** An item's value and its version, as `setValue` writes them, for a write of several items at once. */
function withVersion<T>(item: StoredItem<T>, value: T): { key: StorageItemKey; value: unknown }[] {
  return [
    { key: item.key, value },
    { key: metaKeyOf(item.key), value: { v: item.version } },
  ];
}

/** Every item that belongs to one account's key, in every area (the key itself, its info and the bulk delete's report aside). */
export function keyBoundItems(account: AccountId): StoredItem<unknown>[] {
  return [
    authTokenItem(account),
    snapshotItem(account),
    tokenCacheItem(account),
    expiryIndexItem(account),
    tokenLabelsItem(account),
    tokenHistoryItem(account),
    lastLookedItem(account),
    firstScreenItem(account),
    listProgressItem(account),
    keepMarksItem(account),
    alertItem(account),
  ] as StoredItem<unknown>[];
}

/**
 * Forget the key of an account and everything derived from it. The bulk delete's report stays
 * (it tells the person what the stopped job did) unless the whole account goes (`withReport`).
 */
export async function forgetAccountKey(account: AccountId, { withReport = false } = {}): Promise<void> {
  await Promise.all([
    apiKeyItem(account).removeValue(),
    keyInfoItem(account).removeValue(),
    ...keyBoundItems(account).map((item) => item.removeValue()),
    ...(withReport ? [bulkDeleteItem(account).removeValue()] : []),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Migrations

export interface MigrationContext {
  hasKey(account: AccountId): boolean;
  /** The id of the account's key after migration (made up once per run for a version 1 key). */
  keyIdOf(account: AccountId): string;
}

function metaKeyOf(key: StorageItemKey): StorageItemKey {
  return `${key}$` as StorageItemKey;
}

/**
 * Brings every declared item to its current version (background only, once per worker start,
 * before anything reads). Values that a migration cannot carry over are removed; an item stored
 * by a newer version of the extension is left alone (it reads as 'invalid' here).
 *
 * Version 3 (accounts): an install without an account list gets one from the keys it has, an
 * account "Production" and an account "Sandbox" under the ids their data is already stored at;
 * the one bulk-delete report moves to its account.
 */
export async function migrateStorage(
  makeKeyId: () => string = () => crypto.randomUUID(),
  accountName: (environment: Environment) => string = (environment) => environment,
  now: () => number = Date.now,
): Promise<void> {
  const accountsFound = await accountsItem.read();
  const accounts = accountsFound.state === 'ok' ? accountsFound.value.accounts : [];
  for (const { id } of accounts) for (const kind of perAccountKinds) kind(id);
  const stored = await Promise.all(
    declared.map(async ({ spec }) => ({
      spec,
      value: await storage.getItem<unknown>(spec.key),
      version: (await storage.getMeta<{ v?: number }>(spec.key)).v ?? 1,
    })),
  );
  const storedKey = (account: AccountId) => stored.find((entry) => entry.spec.key === apiKeyItem(account).key);
  const keyIds = new Map<AccountId, string>();
  const context: MigrationContext = {
    hasKey: (account) => {
      const key = storedKey(account);
      return key !== undefined && key.value !== null && key.value !== undefined;
    },
    keyIdOf(account) {
      const key = storedKey(account);
      const current = key && key.version >= 2 ? check(keyRecordSchema, key.value) : undefined;
      if (current?.state === 'ok') return current.value.keyId;
      if (!keyIds.has(account)) keyIds.set(account, makeKeyId());
      return keyIds.get(account)!;
    },
  };
  const writes: { key: StorageItemKey; value: unknown }[] = [];
  const removals: StorageItemKey[] = [];
  for (const { spec, value, version } of stored) {
    if (value === null || value === undefined || version >= spec.version) continue;
    let migrated: unknown = value;
    for (let next = version + 1; next <= spec.version && migrated !== null; next++) {
      const migrate = spec.migrations?.[next];
      migrated = migrate ? (migrate(migrated, context) ?? null) : migrated;
    }
    if (migrated === null) removals.push(spec.key, metaKeyOf(spec.key));
    else writes.push({ key: spec.key, value: migrated }, { key: metaKeyOf(spec.key), value: { v: spec.version } });
  }
  // Pages show keys through keyInfo, which version 1 did not have.
  for (const account of LEGACY_ACCOUNTS) {
    const key = writes.find((write) => write.key === apiKeyItem(account).key)?.value as KeyRecord | undefined;
    if (key)
      writes.push(
        {
          key: keyInfoItem(account).key,
          value: { keyId: key.keyId, maskedKey: maskSecret(key.apiKey), savedAt: now() },
        },
        { key: metaKeyOf(keyInfoItem(account).key), value: { v: 1 } },
      );
  }
  if (accountsFound.state === 'absent') {
    const legacy = LEGACY_ACCOUNTS.filter((account) => context.hasKey(account));
    if (legacy.length > 0)
      writes.push(
        {
          key: accountsItem.key,
          value: {
            accounts: legacy.map((environment) => ({
              id: environment,
              name: accountName(environment),
              environment,
              watched: true,
              addedAt: now(),
            })),
          } satisfies AccountList,
        },
        { key: metaKeyOf(accountsItem.key), value: { v: accountsItem.version } },
      );
  }
  const legacyJob = await storage.getItem<unknown>(LEGACY_BULK_DELETE_KEY);
  if (legacyJob !== null && legacyJob !== undefined) {
    const version = (await storage.getMeta<{ v?: number }>(LEGACY_BULK_DELETE_KEY)).v ?? 1;
    const job = migrateLegacyBulkDelete(legacyJob, version, context);
    if (job) writes.push(...withVersion(bulkDeleteItem(job.account), job));
    removals.push(LEGACY_BULK_DELETE_KEY, metaKeyOf(LEGACY_BULK_DELETE_KEY));
  }
  // Version 2 kept one listing's progress for the whole extension (memory only): not worth carrying over.
  removals.push('session:listProgress', metaKeyOf('session:listProgress'));
  if (writes.length > 0) await storage.setItems(writes);
  await storage.removeItems(removals);
}

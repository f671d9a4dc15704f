// Every storage item of the extension, declared once: its key, its version, the schema every read
// is checked against, and the migrations from older versions.
//
// Areas by sensitivity: the API key in `local` (never `sync`); the short-lived access/refresh
// tokens in `session` (memory only, survives the worker being killed); non-secret caches and
// settings in `local`. Only the background writes; pages read and watch the non-secret items
// they display and never read the key.
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
import { parseHistoryEvents, type HistoryEvent } from '@/utils/history';

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

export const settingsSchema = v.object({
  activeEnvironment: environmentSchema,
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
});

export type Settings = v.InferOutput<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  activeEnvironment: 'production',
  refreshIntervalMinutes: 15,
  expiringSoonHours: 24,
  rateLimitSharePercent: DEFAULT_RATE_LIMIT_SHARE_PERCENT,
};

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

/** What the last badge refresh learned about one environment's key. */
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
export type EnvironmentSnapshot = v.InferOutput<typeof snapshotSchema>;

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
  environment: environmentSchema,
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
  environment: environmentSchema,
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

function perEnvironment<T>(make: (environment: Environment) => T): Readonly<Record<Environment, T>> {
  return { production: make('production'), sandbox: make('sandbox') };
}

/** Version 1 kept the key as a bare string: give it an id (the same one every v1 item below is stamped with). */
export const apiKeyItems = perEnvironment((environment) =>
  defineLazyItem<KeyRecord>({
    key: `local:apiKey:${environment}`,
    version: 2,
    schema: keyRecordSchema,
    migrations: {
      2: (old, context) =>
        typeof old === 'string' && old !== '' ? { apiKey: old, keyId: context.keyIdOf(environment) } : null,
    },
  }),
);

export const keyInfoItems = perEnvironment((environment) =>
  defineLazyItem<KeyInfo>({ key: `local:keyInfo:${environment}`, version: 1, schema: keyInfoSchema }),
);

/** Session tokens of version 1 carried no key id; they are simply dropped (one key exchange). */
export const authTokenItems = perEnvironment((environment) =>
  defineLazyItem<BoundAuthTokens>({
    key: `session:authTokens:${environment}`,
    version: 2,
    schema: authTokensSchema,
    migrations: { 2: () => null },
  }),
);

const stampWithKey = (environment: Environment) => (old: unknown, context: MigrationContext) =>
  typeof old === 'object' && old !== null && context.hasKey(environment)
    ? { ...old, keyId: context.keyIdOf(environment) }
    : null;

export const snapshotItems = perEnvironment((environment) =>
  defineLazyItem<EnvironmentSnapshot>({
    key: `local:snapshot:${environment}`,
    version: 2,
    schema: snapshotSchema,
    migrations: { 2: stampWithKey(environment) },
  }),
);

const tokenCacheItems = perEnvironment((environment) =>
  defineLazyItem<v.InferOutput<typeof storedTokenCacheSchema>>({
    key: `local:tokenCache:${environment}`,
    version: 2,
    schema: storedTokenCacheSchema,
    migrations: { 2: stampWithKey(environment) },
  }),
);

const firstScreenItems = perEnvironment((environment) =>
  defineLazyItem<FirstScreen>({ key: `local:firstScreen:${environment}`, version: 1, schema: firstScreenSchema }),
);

export const expiryIndexItems = perEnvironment((environment) =>
  defineLazyItem<ExpiryIndex>({
    key: `local:tokenExpiries:${environment}`,
    version: 2,
    schema: expiryIndexSchema,
    // Version 1 was the bare JSON text of the expiry list.
    migrations: {
      2: (old, context) => {
        if (typeof old !== 'string' || !context.hasKey(environment)) return null;
        try {
          const expiries: unknown = JSON.parse(old);
          return Array.isArray(expiries) ? { keyId: context.keyIdOf(environment), expiries } : null;
        } catch {
          return null;
        }
      },
    },
  }),
);

export const listProgressItem = defineLazyItem<StoredListProgress>({
  key: 'session:listProgress',
  version: 2,
  schema: listProgressSchema,
  migrations: { 2: () => null },
});

/** Version 2 added rateLimitSharePercent: settings of version 1 take its default. */
export const settingsItem = defineLazyItem<Settings>({
  key: 'local:settings',
  version: 2,
  schema: settingsSchema,
  migrations: {
    2: (old) =>
      typeof old === 'object' && old !== null
        ? { rateLimitSharePercent: DEFAULT_RATE_LIMIT_SHARE_PERCENT, ...old }
        : old,
  },
});

export const bulkDeleteItem = defineLazyItem<BulkDeleteJob>({
  key: 'local:bulkDelete',
  version: 2,
  schema: bulkDeleteJobSchema,
  migrations: {
    2: (old, context) => {
      if (typeof old !== 'object' || old === null) return null;
      const job = old as { environment?: unknown };
      const environment = ENVIRONMENTS.find((name) => name === job.environment);
      if (!environment || !context.hasKey(environment)) return null;
      return { unconfirmed: [], retries: 0, ...old, keyId: context.keyIdOf(environment) };
    },
  },
});

// ---------------------------------------------------------------------------------------------
// What the extension remembers about tokens (issue 13): labels, history, when the popup last
// looked. Per environment and bound to the key like the cache, so a replaced or forgotten key
// takes them with it; `local` only (never `sync`), and they leave the browser only in an export
// the person asks for. Written by the background alone (utils/background/notes.ts).

const tokenLabelsSchema = v.object({
  keyId: keyIdSchema,
  labels: v.record(v.pipe(v.string(), v.minLength(1)), v.pipe(labelSchema, v.minLength(1))),
});
export type TokenLabels = v.InferOutput<typeof tokenLabelsSchema>;

export const tokenLabelsItems = perEnvironment((environment) =>
  defineLazyItem<TokenLabels>({ key: `local:tokenLabels:${environment}`, version: 1, schema: tokenLabelsSchema }),
);

/**
 * Up to 20,000 events, stored as one JSON string for the same reason as the token cache: one
 * string reads in a fraction of the time of as many objects (see `npm run bench`).
 */
const storedHistorySchema = v.object({ keyId: keyIdSchema, eventsJson: v.string() });
export interface TokenHistoryLog {
  keyId: string;
  events: HistoryEvent[];
}

const tokenHistoryItems = perEnvironment((environment) =>
  defineLazyItem<v.InferOutput<typeof storedHistorySchema>>({
    key: `local:tokenHistory:${environment}`,
    version: 1,
    schema: storedHistorySchema,
  }),
);

/** When the popup last showed this key's list (ms epoch): "New since I last looked" starts there. */
const lastLookedSchema = v.object({ keyId: keyIdSchema, at: time });
export type LastLooked = v.InferOutput<typeof lastLookedSchema>;

export const lastLookedItems = perEnvironment((environment) =>
  defineLazyItem<LastLooked>({ key: `local:lastLooked:${environment}`, version: 1, schema: lastLookedSchema }),
);

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

export async function readSnapshot(
  environment: Environment,
  keyId: string | undefined,
): Promise<EnvironmentSnapshot | null> {
  return boundTo(await snapshotItems[environment].getValue(), keyId);
}

export async function readExpiryIndex(environment: Environment, keyId: string | undefined): Promise<number[] | null> {
  return boundTo(await expiryIndexItems[environment].getValue(), keyId)?.expiries ?? null;
}

/** The cached list of a key, or null. Pages may read it directly: it holds no key. */
export async function readTokenCache(environment: Environment, keyId: string | undefined): Promise<TokenCache | null> {
  return parseTokenCache(boundTo(await tokenCacheItems[environment].getValue(), keyId));
}

export function watchTokenCache(
  environment: Environment,
  keyId: string,
  onChange: (cache: TokenCache | null) => void,
): () => void {
  return tokenCacheItems[environment].watch((found) =>
    onChange(parseTokenCache(boundTo(found.state === 'ok' ? found.value : null, keyId))),
  );
}

/** The first screen of a key's cached list, or null (absent, unreadable, or another key's). */
export async function readFirstScreen(
  environment: Environment,
  keyId: string | undefined,
): Promise<FirstScreen | null> {
  return boundTo(await firstScreenItems[environment].getValue(), keyId);
}

/**
 * What the popup paints first for an environment, read in one go (no key, a few kilobytes): the
 * first screen, not the full cache, which is read after the first paint.
 */
export async function readEnvironmentView(environment: Environment): Promise<{
  keyInfo: KeyInfo | null;
  firstScreen: FirstScreen | null;
  snapshot: EnvironmentSnapshot | null;
}> {
  const [keyInfo, firstScreen, snapshot] = await Promise.all([
    keyInfoItems[environment].getValue(),
    firstScreenItems[environment].getValue(),
    snapshotItems[environment].getValue(),
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

export async function readLabels(environment: Environment, keyId: string | undefined): Promise<TokenLabels | null> {
  return boundTo(await tokenLabelsItems[environment].getValue(), keyId);
}

/** The history of a key, or null (none yet, another key's, or damaged: the next event starts afresh). */
export async function readHistory(
  environment: Environment,
  keyId: string | undefined,
): Promise<TokenHistoryLog | null> {
  return parseHistory(boundTo(await tokenHistoryItems[environment].getValue(), keyId));
}

export function watchHistory(
  environment: Environment,
  keyId: string,
  onChange: (history: TokenHistoryLog | null) => void,
): () => void {
  return tokenHistoryItems[environment].watch((found) =>
    onChange(parseHistory(boundTo(found.state === 'ok' ? found.value : null, keyId))),
  );
}

/** Background only, for the saved key (utils/background/notes.ts writes it through keys.write). */
export async function writeHistory(environment: Environment, history: TokenHistoryLog): Promise<void> {
  await tokenHistoryItems[environment].setValue({ keyId: history.keyId, eventsJson: JSON.stringify(history.events) });
}

function parseHistory(stored: v.InferOutput<typeof storedHistorySchema> | null): TokenHistoryLog | null {
  if (!stored) return null;
  const events = parseHistoryEvents(stored.eventsJson);
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
export async function writeTokenCache(environment: Environment, cache: TokenCache): Promise<void> {
  const { keyId, fetchedAt, tokens } = cache;
  const sorted = sortTokens(tokens, DEFAULT_TOKEN_SORT);
  const expiries = expiryIndex(tokens);
  await storage.setItems([
    ...withVersion(tokenCacheItems[environment], { keyId, tokensJson: JSON.stringify(sorted), fetchedAt }),
    ...withVersion(expiryIndexItems[environment], { keyId, expiries }),
    ...withVersion(firstScreenItems[environment], firstScreenOf(cache, sorted, expiries)),
  ]);
}

/** An item's value and its version, as `setValue` writes them, for a write of several items at once. */
function withVersion<T>(item: StoredItem<T>, value: T): { key: StorageItemKey; value: unknown }[] {
  return [
    { key: item.key, value },
    { key: metaKeyOf(item.key), value: { v: item.version } },
  ];
}

/** Every item that belongs to one environment's key, in every area. */
export function keyBoundItems(environment: Environment): StoredItem<unknown>[] {
  return [
    authTokenItems[environment],
    snapshotItems[environment],
    tokenCacheItems[environment],
    expiryIndexItems[environment],
    tokenLabelsItems[environment],
    tokenHistoryItems[environment],
    lastLookedItems[environment],
    firstScreenItems[environment],
  ] as StoredItem<unknown>[];
}

/** Forget everything about one environment: key, session tokens, cached data. */
export async function forgetEnvironment(environment: Environment): Promise<void> {
  const progress = await listProgressItem.getValue();
  await Promise.all([
    apiKeyItems[environment].removeValue(),
    keyInfoItems[environment].removeValue(),
    ...keyBoundItems(environment).map((item) => item.removeValue()),
    ...(progress?.environment === environment ? [listProgressItem.removeValue()] : []),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Migrations

export interface MigrationContext {
  hasKey(environment: Environment): boolean;
  /** The id of the environment's key after migration (made up once per run for a version 1 key). */
  keyIdOf(environment: Environment): string;
}

function metaKeyOf(key: StorageItemKey): StorageItemKey {
  return `${key}$` as StorageItemKey;
}

/**
 * Brings every declared item to its current version (background only, once per worker start,
 * before anything reads). Values that a migration cannot carry over are removed; an item stored
 * by a newer version of the extension is left alone (it reads as 'invalid' here).
 */
export async function migrateStorage(makeKeyId: () => string = () => crypto.randomUUID()): Promise<void> {
  const stored = await Promise.all(
    declared.map(async ({ spec }) => ({
      spec,
      value: await storage.getItem<unknown>(spec.key),
      version: (await storage.getMeta<{ v?: number }>(spec.key)).v ?? 1,
    })),
  );
  const keyIds = new Map<Environment, string>();
  const context: MigrationContext = {
    hasKey: (environment) => {
      const key = stored.find((entry) => entry.spec.key === apiKeyItems[environment].key);
      return key !== undefined && key.value !== null && key.value !== undefined;
    },
    keyIdOf(environment) {
      const key = stored.find((entry) => entry.spec.key === apiKeyItems[environment].key);
      const current = key && key.version >= 2 ? check(keyRecordSchema, key.value) : undefined;
      if (current?.state === 'ok') return current.value.keyId;
      if (!keyIds.has(environment)) keyIds.set(environment, makeKeyId());
      return keyIds.get(environment)!;
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
  for (const environment of ENVIRONMENTS) {
    const key = writes.find((write) => write.key === apiKeyItems[environment].key)?.value as KeyRecord | undefined;
    if (key)
      writes.push(
        {
          key: keyInfoItems[environment].key,
          value: { keyId: key.keyId, maskedKey: maskSecret(key.apiKey), savedAt: Date.now() },
        },
        { key: metaKeyOf(keyInfoItems[environment].key), value: { v: 1 } },
      );
  }
  if (writes.length > 0) await storage.setItems(writes);
  if (removals.length > 0) await storage.removeItems(removals);
}

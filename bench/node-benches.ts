// Benchmarks 1–5: the extension's api.video client against what a person would do instead,
// side by side in one run, against the local api.video server with a fixed round-trip latency.
import { setTimeout as sleep } from 'node:timers/promises';
import { createApiVideoClient, type ApiVideoClient, type NeverExpiringCount } from '@/utils/apivideo/client';
import { listingRoundTrips } from '@/utils/apivideo/list-all';
import type { UploadToken } from '@/utils/apivideo/types';
import { DEFAULT_SETTINGS } from '@/utils/storage';
import { expiresAtMs, isLive, isNeverExpiring } from '@/utils/token-rules';
import { DEFAULT_KEYS, type Limits } from '../tests/server';
import { startThreadedServer, type ThreadedServer } from './server-thread';
import { nodeClientList, tutorialCount } from './baselines';

export interface Row {
  bench: string;
  variant: string;
  n: number;
  /** Badge count: how many of the n tokens never expire. */
  k?: number;
  requests: number;
  /** Requests that had to wait for an earlier answer, plus one: sequential ways = requests. */
  roundTrips?: number;
  ms: number;
  rateLimited?: number;
  note?: string;
  correct?: boolean;
}

const PRODUCTION_LIMITS: Limits = { reads: 500, writes: 200, windowMs: 60_000 };
/** Timings of the extension's count taken per case; the median is reported. */
const COUNT_RUNS = 7;

async function withServer<T>(
  options: {
    latencyMs: number;
    limits: Limits | false;
    count: number;
    neverExpiring: number;
    expiringSoon?: number;
    seed?: number;
  },
  run: (server: ThreadedServer, baseUrl: string) => Promise<T>,
): Promise<T> {
  const server = await startThreadedServer({
    quiet: true,
    latencyMs: options.latencyMs,
    rateLimit: options.limits === false ? false : { production: options.limits },
  });
  try {
    const { count, neverExpiring, expiringSoon } = options;
    const seed = options.seed ?? 42;
    await server.seed('production', { count, neverExpiring, ...(expiringSoon ? { expiringSoon } : {}), seed });
    // Untimed requests warm the server's validators, its sorted lists and the connection, as a
    // long-running api.video would be: an auth call, then one read in each order the ways use.
    const auth = await fetch(`${server.urls.production}/auth/api-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: DEFAULT_KEYS.production }),
    });
    const { access_token: accessToken } = (await auth.json()) as { access_token: string };
    for (const order of ['', '&sortBy=ttl&sortOrder=asc', '&sortBy=createdAt&sortOrder=desc'])
      await fetch(`${server.urls.production}/upload-tokens?pageSize=1${order}`, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      }).then((response) => response.arrayBuffer());
    return await run(server, server.urls.production);
  } finally {
    await server.close();
  }
}

function extensionClient(baseUrl: string, onRequest?: () => void) {
  return createApiVideoClient({
    environment: 'production',
    apiKey: DEFAULT_KEYS.production,
    baseUrl,
    ...(onRequest ? { onRequest } : {}),
  });
}

function noteOf(note: string | undefined): { note?: string } {
  return note === undefined ? {} : { note };
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

/** 1. The badge count: requests, round trips and time to learn how many tokens never expire. */
export async function benchBadgeCount(options: {
  latencyMs: number;
  /** k never-expiring tokens of n; `tutorial: false` skips that (slowest) baseline. */
  cases: { n: number; k: number; tutorial?: boolean }[];
  log: (s: string) => void;
}): Promise<Row[]> {
  const rows: Row[] = [];
  for (const { n, k, tutorial: withTutorial = true } of options.cases) {
    // Past 10,000 tokens the baselines need several minutes of api.video's read budget
    // (1,000 requests for the official client at N = 100,000): that size runs without a rate
    // limit, and the note says how many minutes of budget each way would have needed.
    const limited = n <= 10_000;
    // A fresh server (fresh rate-limit window) for each way, so none pays for another's requests.
    const setup = {
      latencyMs: options.latencyMs,
      limits: limited ? PRODUCTION_LIMITS : (false as const),
      count: n,
      neverExpiring: k,
    };
    const budgetNote = (requests: number) =>
      limited
        ? undefined
        : `unlimited here; = ${(requests / PRODUCTION_LIMITS.reads).toFixed(2)} min of api.video's reads`;

    // Two timings on one server: the background's usual count, with the access token it keeps
    // for an hour already in hand, and the first count after a key is saved, which exchanges
    // the key first (one more round trip). A count takes a few round trips, so one timing is
    // mostly the machine's noise: each is the median of COUNT_RUNS (the baselines, at 100
    // requests and more, average it out themselves). One untimed count first, so that what is
    // timed is the way, not this process compiling its code.
    const extension = await withServer(setup, async (server, baseUrl) => {
      await extensionClient(baseUrl).countNeverExpiring();
      const run = async (variant: string, withKeyExchange: boolean): Promise<Row> => {
        const runs: { ms: number; requests: number; value: NeverExpiringCount }[] = [];
        let held: ReturnType<typeof extensionClient> | undefined;
        for (let index = 0; index < COUNT_RUNS; index++) {
          let requests = 0;
          const client = withKeyExchange || !held ? extensionClient(baseUrl, () => (requests += 1)) : held;
          if (!withKeyExchange && !held) {
            await client.authenticate();
            held = client;
          }
          requests = 0;
          const { value, ms } = await timed(() => client.countNeverExpiring());
          runs.push({ ms, requests: withKeyExchange ? requests : value.requests, value });
        }
        runs.sort((a, b) => a.ms - b.ms);
        const { ms, requests, value } = runs[Math.floor(runs.length / 2)]!;
        const exchange = withKeyExchange ? ' + key exchange' : '';
        return {
          bench: 'badge count',
          variant,
          n,
          k,
          requests,
          roundTrips: value.rounds + (withKeyExchange ? 1 : 0),
          ms,
          rateLimited: (await server.stats()).rateLimited,
          correct: runs.every((one) => one.value.neverExpiring === k),
          note: [
            `median of ${runs.length}, ${runs[0]!.ms.toFixed(0)}–${runs.at(-1)!.ms.toFixed(0)} ms`,
            `${value.requests} list requests in ${value.rounds} round trips${exchange}`,
            budgetNote(requests),
          ]
            .filter(Boolean)
            .join('; '),
        };
      };
      return [
        await run('(a) extension: sorted by ttl, probes', false),
        await run("(a') the same, first count after saving the key", true),
      ];
    });
    rows.push(...extension);
    options.log(`  badge count N=${n} k=${k}: extension ${extension.map((row) => row.ms.toFixed(0)).join(' / ')} ms`);

    /** One baseline way, on a fresh server: a one-page warm-up, then the timed count. */
    const baseline = (variant: string, count: typeof tutorialCount) =>
      withServer(setup, async (server, baseUrl) => {
        await count(baseUrl, DEFAULT_KEYS.production, 1);
        const { value, ms } = await timed(() => count(baseUrl, DEFAULT_KEYS.production));
        return {
          bench: 'badge count',
          variant,
          n,
          k,
          requests: value.requests,
          roundTrips: value.requests,
          ms,
          rateLimited: (await server.stats()).rateLimited,
          correct: value.neverExpiring === k,
          ...noteOf(budgetNote(value.requests)),
        } satisfies Row;
      });

    if (withTutorial) {
      const tutorial = await baseline('(b) tutorial: pages of 25, in turn', tutorialCount);
      rows.push(tutorial);
      options.log(`  badge count N=${n} k=${k}: tutorial ${tutorial.ms.toFixed(0)} ms`);
    }

    const official = await baseline('(c) official Node client, pageSize 100', nodeClientList);
    rows.push(official);
    options.log(`  badge count N=${n} k=${k}: official client ${official.ms.toFixed(0)} ms`);
  }
  return rows;
}

/** 2. Full listing: the extension's concurrent, rate-aware list-all against the sequential way. */
export async function benchFullListing(options: {
  latencyMs: number;
  n: number;
  log: (s: string) => void;
}): Promise<Row[]> {
  const setup = { latencyMs: options.latencyMs, limits: PRODUCTION_LIMITS, count: options.n, neverExpiring: 150 };
  const extension = await withServer(setup, async (server, baseUrl) => {
    let requests = 0;
    const client = extensionClient(baseUrl, () => (requests += 1));
    const { value, ms } = await timed(() => client.listAllUploadTokens());
    return {
      bench: 'full listing',
      variant: '(a) extension: concurrent list-all',
      n: options.n,
      requests,
      ms,
      rateLimited: (await server.stats()).rateLimited,
      correct: value.length === options.n,
    } satisfies Row;
  });
  options.log(`  full listing: extension ${extension.ms.toFixed(0)} ms`);
  const official = await withServer(setup, async (server, baseUrl) => {
    const { value, ms } = await timed(() => nodeClientList(baseUrl, DEFAULT_KEYS.production));
    return {
      bench: 'full listing',
      variant: '(c) official Node client, in turn',
      n: options.n,
      requests: value.requests,
      ms,
      rateLimited: (await server.stats()).rateLimited,
      correct: value.tokens.length === options.n,
    } satisfies Row;
  });
  options.log(`  full listing: official client ${official.ms.toFixed(0)} ms`);
  return [extension, official];
}

/** Deletes every token with `concurrency` in flight: the background's bulk delete pool (utils/background/bulk-delete.ts). */
async function deleteWithPool(client: ApiVideoClient, tokens: readonly string[], concurrency: number): Promise<void> {
  const queue = [...tokens];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let token = queue.shift(); token !== undefined; token = queue.shift()) await client.deleteUploadToken(token);
    }),
  );
}

/**
 * 4. Bulk delete against a write limit, time-scaled (api.video's 200 writes per 60 s become
 * `limits.writes` per `limits.windowMs`) so the bench stays short. The lower bound is what the
 * limit alone allows: every full window but the last must elapse.
 */
export async function benchBulkDelete(options: {
  latencyMs: number;
  n: number;
  limits: Limits;
  concurrency: number;
  log: (s: string) => void;
}): Promise<Row[]> {
  const { n, limits } = options;
  const setup = { latencyMs: options.latencyMs, limits, count: n, neverExpiring: n };
  return withServer(setup, async (server, baseUrl) => {
    let requests = 0;
    const client = extensionClient(baseUrl, () => (requests += 1));
    await client.authenticate();
    const tokens = await server.tokens('production');
    const { ms } = await timed(() => deleteWithPool(client, tokens, options.concurrency));
    const boundMs = (Math.ceil(n / limits.writes) - 1) * limits.windowMs;
    const row: Row = {
      bench: 'bulk delete',
      variant: `(a) extension at 100 %, ${limits.writes} writes / ${limits.windowMs / 1000} s`,
      n,
      requests,
      ms,
      rateLimited: (await server.stats()).rateLimited,
      correct: (await server.tokens('production')).length === 0,
      note: `bound ${(boundMs / 1000).toFixed(1)} s, ratio ${(ms / boundMs).toFixed(3)}`,
    };
    options.log(`  bulk delete: ${ms.toFixed(0)} ms (bound ${boundMs} ms)`);
    return [row];
  });
}

/** The person's own backend: creates an upload token every `intervalMs` with its own access token. */
function startBackendWriter(baseUrl: string, intervalMs: number) {
  const statuses: number[] = [];
  const sent: Promise<void>[] = [];
  let stopped = false;
  let firstAnswer: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (firstAnswer = resolve));
  const run = (async () => {
    const auth = await fetch(`${baseUrl}/auth/api-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: DEFAULT_KEYS.production }),
    });
    const { access_token: accessToken } = (await auth.json()) as { access_token: string };
    const start = performance.now();
    // On a fixed schedule, whatever the answers: a backend serving its own users does not wait.
    for (let index = 0; !stopped; index++) {
      const wait = start + index * intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      if (stopped) break;
      sent.push(
        fetch(`${baseUrl}/upload-tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body: '{}',
        }).then(async (response) => {
          await response.arrayBuffer();
          statuses.push(response.status);
          firstAnswer();
        }),
      );
    }
  })();
  return {
    /** Resolves once the backend's first write was answered: its window is open. */
    opened,
    async stop(): Promise<{ writes: number; rateLimited: number }> {
      stopped = true;
      await run;
      await Promise.all(sent);
      return { writes: statuses.length, rateLimited: statuses.filter((status) => status === 429).length };
    },
  };
}

/**
 * 5. Bulk delete while the person's own backend writes `backendPerMinute` a minute (time-scaled
 * like bench 4) to the same account: the extension at a share of 100 % (before issue 15) and at
 * the default share. The bound is the time the share allows: n / (share × limit) windows.
 */
export async function benchBulkDeleteWithBackend(options: {
  latencyMs: number;
  n: number;
  limits: Limits;
  backendPerMinute: number;
  shares: number[];
  concurrency: number;
  log: (s: string) => void;
}): Promise<Row[]> {
  const { n, limits } = options;
  const setup = { latencyMs: options.latencyMs, limits, count: n, neverExpiring: n };
  const rows: Row[] = [];
  for (const share of options.shares) {
    const row = await withServer(setup, async (server, baseUrl) => {
      let requests = 0;
      const client = createApiVideoClient({
        environment: 'production',
        apiKey: DEFAULT_KEYS.production,
        baseUrl,
        onRequest: () => (requests += 1),
        rateLimitShare: () => share,
      });
      await client.authenticate();
      const tokens = await server.tokens('production');
      // A minute of api.video is limits.windowMs here.
      const backend = startBackendWriter(baseUrl, limits.windowMs / options.backendPerMinute);
      await backend.opened;
      const { ms } = await timed(() => deleteWithPool(client, tokens, options.concurrency));
      const { writes, rateLimited: backend429 } = await backend.stop();
      const percent = Math.round(share * 100);
      const boundMs = (n / (share * limits.writes)) * limits.windowMs;
      const remaining = new Set(await server.tokens('production'));
      options.log(`  bulk delete at ${percent} % with the backend: ${ms.toFixed(0)} ms, backend ${backend429} × 429`);
      return {
        bench: 'bulk delete + backend',
        variant: `(${share < 1 ? 'c' : 'b'}) extension at ${percent} %, backend ${options.backendPerMinute} writes / ${limits.windowMs / 1000} s`,
        n,
        requests,
        ms,
        rateLimited: (await server.stats()).rateLimited,
        correct: tokens.every((token) => !remaining.has(token)),
        note:
          `backend ${backend429} × 429 of ${writes} writes; ` +
          `bound ${(boundMs / 1000).toFixed(1)} s (n / (${percent} % × ${limits.writes}) windows), ratio ${(ms / boundMs).toFixed(3)}`,
      } satisfies Row;
    });
    rows.push(row);
  }
  return rows;
}

/**
 * 3. The popup reopened: a refresh with 10,000 tokens cached, 5 created elsewhere and 20 expired
 * since (then 3 more deleted elsewhere), against the full re-list it replaces; every list is
 * checked against the server's store. Then the reads an hour costs at default settings.
 */
export async function benchDeltaRefresh(options: {
  latencyMs: number;
  n: number;
  log: (s: string) => void;
}): Promise<Row[]> {
  const { n } = options;
  const setup = { latencyMs: options.latencyMs, limits: PRODUCTION_LIMITS, count: n, neverExpiring: 150 };
  // Seed 6: its 20th and 21st soonest expiries are 85 s apart, so exactly 20 can expire.
  return withServer({ ...setup, expiringSoon: 200, seed: 6 }, async (server, baseUrl) => {
    let clockOffsetMs = 0;
    const now = () => Date.now() + clockOffsetMs;
    let listRequests = 0;
    const client = createApiVideoClient({
      environment: 'production',
      apiKey: DEFAULT_KEYS.production,
      baseUrl,
      now,
      onRequest: ({ method, path }) => {
        if (method === 'GET' && path === '/upload-tokens') listRequests += 1;
      },
    });
    const backend = createApiVideoClient({ environment: 'production', apiKey: DEFAULT_KEYS.production, baseUrl, now });
    await client.authenticate();

    // The cache, as the first load leaves it.
    const cached = await client.listAllUploadTokens();
    // 20 expire: api.video's clock (and ours) moves past the 20th soonest expiry, when
    // the next one is at least 30 s later (else a few more: the note says how many).
    const expiries = cached
      .map((token) => expiresAtMs(token))
      .filter((at): at is number => at !== null)
      .sort((a, b) => a - b);
    let last = 19;
    while (expiries[last + 1]! - expiries[last]! < 30_000) last++;
    // 10 s past it: no token expires within the few seconds our clock and api.video's may differ by.
    clockOffsetMs = await server.advanceClock(expiries[last]! + 10_000 - Date.now());
    await client.authenticate(); // the access token may have expired with the hours skipped
    for (let index = 0; index < 5; index++) await server.addToken('production', { ttl: index * 3_600 });

    const exact = async (tokens: readonly UploadToken[]) => {
      const truth = (await server.tokens('production')).sort();
      const listed = tokens.map((token) => token.token).sort();
      return listed.length === truth.length && listed.every((token, index) => token === truth[index]);
    };
    const measure = async (
      variant: string,
      run: () => Promise<{ tokens: readonly UploadToken[]; rounds: number; note?: string }>,
    ) => {
      listRequests = 0;
      const { value, ms } = await timed(run);
      const row: Row = {
        bench: 'popup reopened',
        variant,
        n,
        requests: listRequests,
        roundTrips: value.rounds,
        ms,
        rateLimited: (await server.stats()).rateLimited,
        correct: await exact(value.tokens),
        ...noteOf(value.note),
      };
      options.log(`  ${variant}: ${listRequests} list requests, ${ms.toFixed(0)} ms`);
      return row;
    };
    const expired = cached.filter((token) => !isLive(token, now())).length;
    const delta = async () => {
      const result = await client.refreshUploadTokens({ cached });
      return {
        ...result,
        note: `${result.method}; ${expired} expired, ${result.deletedElsewhere} deleted elsewhere; ${result.tokenReads} single-token reads`,
      };
    };

    const created = await measure('(a) delta refresh: 5 created, 20 expired', delta);
    const fullCreated = await measure('(c) full re-list, the same changes', async () => ({
      tokens: await client.listAllUploadTokens(),
      rounds: listingRoundTrips(listRequests),
    }));
    // 3 more deleted elsewhere, spread over the list, by the person's backend.
    const alive = await server.tokens('production');
    for (const position of [0.15, 0.5, 0.85])
      await backend.deleteUploadToken(alive[Math.floor(alive.length * position)]!);
    const deleted = await measure('(a) delta refresh: the same + 3 deleted elsewhere', delta);
    let truth: readonly UploadToken[] = [];
    const fullDeleted = await measure('(c) full re-list, the same changes', async () => {
      truth = await client.listAllUploadTokens();
      return { tokens: truth, rounds: listingRoundTrips(listRequests) };
    });

    // An hour at default settings: the refresh alarm reads what changed every
    // refreshIntervalMinutes (the delta refresh, since the guard of issue 14 needs to know which
    // tokens are new; it only counts while no list is cached); each of 10 popup opens refreshes
    // the list (opens within a minute of a refresh would not).
    listRequests = 0;
    const count = await client.countNeverExpiring();
    const alarmsPerHour = 60 / DEFAULT_SETTINGS.refreshIntervalMinutes;
    const perHour = alarmsPerHour * created.requests + 10 * created.requests;
    const hour: Row = {
      bench: 'reads per hour',
      variant: `default settings: ${alarmsPerHour} refresh alarms + 10 popup opens`,
      n,
      requests: perHour,
      ms: 0,
      // The list (c) just read was checked against the server's store: the count must agree with it.
      correct: count.neverExpiring === truth.filter(isNeverExpiring).length,
      note: `${alarmsPerHour} × ${created.requests} (alarm, delta refresh) + 10 × ${created.requests} (popup, delta refresh); before any list is cached the alarm counts (${count.requests} each); with 3 deletions elsewhere at every open: ${alarmsPerHour * created.requests + 10 * deleted.requests}; a full re-list at every open: ${alarmsPerHour * created.requests + 10 * fullCreated.requests}`,
    };
    options.log(`  reads per hour: ${perHour}`);
    return [created, fullCreated, deleted, fullDeleted, hour];
  });
}

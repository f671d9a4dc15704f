// Counts tokens that never expire without reading every page, in a bounded number of round trips.
//
// Sorted by ttl ascending, the never-expiring tokens (ttl 0) come first: their count k is the
// position of the last one. Page 1 (100 tokens) answers when k < 100, page 2 alone when
// k < 200 (today's cost: ceil((k + 1) / 100) requests) as long as the rest of the account still
// fits in the round trips left. Beyond that the boundary is found with concurrent probes:
// `pageSize=1&currentPage=i` is the token at position i, so m probes at page ends split the
// unknown range into m + 1 groups of pages; the next round probes inside the one group where ttl
// goes from 0 to above 0; the last round reads that group's pages whole. With m chosen so that
// m · (m + 1)^(rounds left − 1) covers the pages left, N = 100,000 takes 4 list round trips and
// about 30 requests (`npm run bench -- --only count`).
//
// What is checked, and what is guaranteed:
// - Inside one answer (one moment on the server): ttl never decreases, no token repeats, the page
//   is the one asked for and holds nothing past its own itemsTotal. Anything else is a server that
//   does not sort (or paginate) as asked: full scan, whatever it costs.
// - Across answers (different moments): every position seen holding a never-expiring token lies
//   before every position seen holding another token or past the end, and a never-expiring token
//   is never seen at two positions. Breaking that means the server does not sort or never-expiring
//   tokens were created or deleted meanwhile: the search starts over once, then falls back to the
//   full scan.
// - The answer K is only given when a position K was seen never-expiring and position K + 1 was
//   seen otherwise (or past the end). If k(t) is the true count at time t, the first says
//   k(t1) ≥ K and the second k(t2) ≤ K: K lies between values the count really took while it
//   ran, so it is off by at most the never-expiring tokens created or deleted meanwhile, never
//   more. Tokens with a ttl come after every never-expiring one: creating them, deleting them or
//   their expiring (which changes itemsTotal all the time on a busy account) moves no position
//   the count depends on, so a changed itemsTotal alone is no reason to start over.
import { isNeverExpiring } from '@/utils/token-rules';
import { ApiVideoError, abortedError, isApiVideoError, throwIfAborted } from './errors';
import { LIST_ALL_PAGE_SIZE, listingRoundTrips, type ListProgress } from './list-all';
import type { UploadToken, UploadTokenPage } from './types';

export interface NeverExpiringCount {
  neverExpiring: number;
  total: number;
  /** List requests sent (the http layer's retries of one request count once). */
  requests: number;
  /** List round trips: requests sent together, before any of their answers, count once. */
  rounds: number;
  method: 'sorted' | 'full-scan';
}

export interface SortedQuery {
  currentPage: number;
  pageSize: number;
}

export interface CountDeps {
  /** GET /upload-tokens?sortBy=ttl&sortOrder=asc&pageSize=…&currentPage=… */
  fetchSorted: (query: SortedQuery, signal: AbortSignal) => Promise<UploadTokenPage>;
  listAll: (onProgress: (progress: ListProgress) => void) => Promise<UploadToken[]>;
  signal?: AbortSignal;
  /** Size of the pages read whole (default 100, api.video's largest). */
  pageSize?: number;
}

/** List round trips aimed at, page 1 included (issue 15: ≤ 4 for any k ≤ N ≤ 100,000). */
export const COUNT_TARGET_ROUNDS = 4;
/** Requests aimed at for one search (issue 15: ≤ 40); decides whether page 2 may go alone. */
export const COUNT_TARGET_REQUESTS = 40;
/** More in flight at once buys little and spends the rate limit in a burst. */
const MAX_READS_PER_ROUND = 24;
/** A search that needs more rounds than this is not converging: full scan. */
const MAX_ROUNDS_PER_SEARCH = 12;

type Outcome =
  { kind: 'counted'; neverExpiring: number; total: number } | { kind: 'contradiction' } | { kind: 'untrusted' };

export async function countNeverExpiringTokens(deps: CountDeps): Promise<NeverExpiringCount> {
  const pageSize = deps.pageSize ?? LIST_ALL_PAGE_SIZE;
  const tally = { requests: 0, rounds: 0 };
  throwIfAborted(deps.signal);
  // One search, and one more if answers contradicted each other (tokens changed meanwhile).
  for (let attempt = 1; attempt <= 2; attempt++) {
    const outcome = await search(deps, pageSize, tally);
    if (outcome.kind === 'counted') {
      const { neverExpiring, total } = outcome;
      return { neverExpiring, total, ...tally, method: 'sorted' };
    }
    if (outcome.kind === 'untrusted') break;
  }
  return fullScan(deps, tally);
}

/** What the answers so far say about where the never-expiring tokens end (1-based positions). */
class Boundary {
  /** Highest position seen holding a never-expiring token (0: none). */
  zeroUpTo = 0;
  /** Lowest position seen holding another token, or past the end. */
  firstOther = Number.POSITIVE_INFINITY;
  total = 0;
  contradicted = false;
  private readonly zeroPositions = new Map<string, number>();

  get settled(): boolean {
    return !this.contradicted && this.firstOther === this.zeroUpTo + 1;
  }

  /** False when the answer cannot come from a server sorting and paginating as asked. */
  observe(query: SortedQuery, page: UploadTokenPage): boolean {
    const { data, pagination } = page;
    const start = (query.currentPage - 1) * query.pageSize;
    if (
      pagination.currentPage !== query.currentPage ||
      pagination.pageSize !== query.pageSize ||
      data.length > query.pageSize ||
      (data.length > 0 && start + data.length > pagination.itemsTotal)
    )
      return false;
    const seen = new Set<string>();
    let previousTtl = Number.NEGATIVE_INFINITY;
    for (const token of data) {
      if (token.ttl < previousTtl || seen.has(token.token)) return false;
      previousTtl = token.ttl;
      seen.add(token.token);
    }
    this.total = pagination.itemsTotal;
    data.forEach((token, index) => {
      const position = start + index + 1;
      if (!isNeverExpiring(token)) {
        this.firstOther = Math.min(this.firstOther, position);
        return;
      }
      this.zeroUpTo = Math.max(this.zeroUpTo, position);
      const before = this.zeroPositions.get(token.token);
      if (before !== undefined && before !== position) this.contradicted = true;
      this.zeroPositions.set(token.token, position);
    });
    // Nothing lies past this answer's end: a short page, or its own itemsTotal.
    if (data.length < query.pageSize) this.firstOther = Math.min(this.firstOther, start + data.length + 1);
    this.firstOther = Math.min(this.firstOther, pagination.itemsTotal + 1);
    if (this.zeroUpTo >= this.firstOther) this.contradicted = true;
    return true;
  }
}

async function search(
  deps: CountDeps,
  pageSize: number,
  tally: { requests: number; rounds: number },
): Promise<Outcome> {
  const boundary = new Boundary();
  const requestsBefore = tally.requests;
  for (let round = 1; round <= MAX_ROUNDS_PER_SEARCH; round++) {
    const queries =
      round === 1
        ? [{ currentPage: 1, pageSize }]
        : planRound(boundary, pageSize, round, tally.requests - requestsBefore);
    const pages = await readConcurrently(deps.fetchSorted, queries, deps.signal);
    tally.requests += queries.length;
    tally.rounds++;
    for (const [index, page] of pages.entries()) {
      if (!boundary.observe(queries[index]!, page)) return { kind: 'untrusted' };
    }
    if (boundary.contradicted) return { kind: 'contradiction' };
    if (boundary.settled) return { kind: 'counted', neverExpiring: boundary.zeroUpTo, total: boundary.total };
  }
  return { kind: 'untrusted' };
}

/**
 * The reads of one round. The boundary is in pages `first`..`last` (of `pageSize`); the round
 * either reads them all (few enough, or the last round aimed at) or probes the last position of
 * m pages spread over them.
 */
function planRound(boundary: Boundary, pageSize: number, round: number, requestsSoFar: number): SortedQuery[] {
  const first = Math.floor(boundary.zeroUpTo / pageSize) + 1;
  const last = Math.ceil((boundary.firstOther - 1) / pageSize);
  const roundsLeft = Math.max(1, COUNT_TARGET_ROUNDS - round + 1);
  if (round === 2 && last > first) {
    // Page 2 whole, so that k < 200 costs 2 requests; alone when the rest still fits in the
    // rounds and requests aimed at (N up to about 38,000), else with the first probes beside
    // it, which keeps N = 100,000 within 4 round trips but costs k < 200 a round of probes.
    const page = { currentPage: first, pageSize };
    const rest = last - first;
    const restProbes = probesFor(rest, roundsLeft - 1);
    if (requestsSoFar + 1 + (roundsLeft - 1) * restProbes <= COUNT_TARGET_REQUESTS) return [page];
    return [page, ...spread(first + 1, last, pageSize, roundsLeft)];
  }
  return spread(first, last, pageSize, roundsLeft);
}

function spread(first: number, last: number, pageSize: number, roundsLeft: number): SortedQuery[] {
  const pages = last - first + 1;
  const probes = Math.min(probesFor(pages, roundsLeft), MAX_READS_PER_ROUND);
  if (pages <= probes) {
    return Array.from({ length: pages }, (_, index) => ({ currentPage: first + index, pageSize }));
  }
  // m probes cut the pages into m + 1 groups of (nearly) equal size; each probe is the last
  // position of a group's last page, so the group left to search starts on a page boundary.
  return Array.from({ length: probes }, (_, index) => {
    const groupLastPage = first + Math.floor(((index + 1) * pages) / (probes + 1)) - 1;
    return { currentPage: groupLastPage * pageSize, pageSize: 1 };
  });
}

/** The fewest probes m per round such that m · (m + 1)^(rounds − 1) ≥ pages. */
function probesFor(pages: number, rounds: number): number {
  if (rounds <= 1) return pages;
  let probes = 1;
  while (probes * (probes + 1) ** (rounds - 1) < pages) probes++;
  return probes;
}

/**
 * One round: every read in flight at once; the first failure (or the caller's abort) stops the
 * rest. Also the delta refresh's rounds (delta.ts).
 */
export async function readConcurrently<Query>(
  read: (query: Query, signal: AbortSignal) => Promise<UploadTokenPage>,
  queries: readonly Query[],
  signal: AbortSignal | undefined,
): Promise<UploadTokenPage[]> {
  // One controller per read rather than one shared signal: a round of 20 would put 20 listeners
  // on one signal, past Node's leak warning (tests and benches run here).
  const controllers = queries.map(() => new AbortController());
  const stopAll = () => controllers.forEach((controller) => controller.abort());
  signal?.addEventListener('abort', stopAll, { once: true });
  try {
    return await Promise.all(queries.map((query, index) => read(query, controllers[index]!.signal)));
  } catch (error) {
    stopAll();
    if (signal?.aborted) throw abortedError();
    throw isApiVideoError(error) ? error : new ApiVideoError('network', { cause: error });
  } finally {
    signal?.removeEventListener('abort', stopAll);
  }
}

async function fullScan(deps: CountDeps, tally: { requests: number; rounds: number }): Promise<NeverExpiringCount> {
  let last: ListProgress | undefined;
  const tokens = await deps.listAll((progress) => {
    last = progress;
  });
  const pagesRead = last?.pagesDone ?? 0;
  return {
    neverExpiring: tokens.filter(isNeverExpiring).length,
    total: last?.itemsTotal ?? tokens.length,
    requests: tally.requests + pagesRead,
    rounds: tally.rounds + listingRoundTrips(pagesRead),
    method: 'full-scan',
  };
}

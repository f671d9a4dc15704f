// Delta refresh: brings a cached listing up to date in a request or two instead of reading every
// page again (issue 15: a popup reopened on 10,000 tokens cost 100 reads of the 500 a minute
// api.video grants the whole account).
//
// 1. The prefix. Newest first (`sortBy=createdAt&sortOrder=desc`), pages of 100 until one holds a
//    token created before the newest cached one (the watermark W). A token created since the
//    cached listing has createdAt ≥ W, so every new token is in the prefix: "reaching a token
//    already known" is not enough, since several tokens can share one createdAt second.
// 2. The rest of the list (the suffix, positions P + 1 … itemsTotal) can only hold tokens created
//    at or before the prefix's last createdAt B. The cached tokens that can be there are E: not
//    in the prefix, created at or before B, and not expired (api.video lists active tokens only).
//    If |E| equals the suffix's size, E is the suffix: the list is exact, in one request.
// 3. If E is larger by D, D of them were deleted elsewhere. Positions find them: the token at
//    suffix offset o (`pageSize=1&currentPage=P+o`, as count.ts probes) being E[j] means exactly
//    j − o of E[1 … j − 1] are gone. Probes split E into groups with a known number gone; a group
//    with none gone is done; a group of at most 200 survivors is read whole in two or three
//    requests (its positions are known), which names the deleted ones. 3 deletions among 10,000
//    tokens: about 30 requests in 4 round trips, where a full re-list is 100.
//
// What is checked, and when the full listing (exact, whatever it costs) takes over:
// - every answer is one a server sorting and paginating as asked could give (its page, its size,
//   createdAt never increasing, no token twice, as many tokens as itemsTotal leaves for that page),
//   else the server does not sort: full listing;
// - every answer has the itemsTotal of the first, else tokens were created, deleted or expired
//   while we read: the delta starts over once, then the full listing;
// - a token the cache does not know though it is older than the watermark (in the prefix, |E|
//   smaller than the suffix, or a probe answering one): the cached listing missed it, full
//   listing;
// - a cached token expiring within a few seconds of now (api.video's clock and ours differ) is
//   asked about (`GET /upload-tokens/{token}`): listed or not, E is then certain;
// - a probe that lands on a createdAt several cached tokens share cannot tell positions apart:
//   it is not used; a round that learns nothing, or more requests than a full listing would cost:
//   full listing.
// What is not caught: as many tokens created as deleted elsewhere in the very moment between two
// requests of one refresh (itemsTotal unchanged). A full listing has the same blind spot (pages
// shift under it); the next refresh corrects it.
import { createdAtMs, expiresAtMs, isLive } from '@/utils/token-rules';
import { readConcurrently } from './count';
import { throwIfAborted } from './errors';
import { LIST_ALL_PAGE_SIZE, listingRoundTrips, type ListProgress } from './list-all';
import { CLOCK_SKEW_MS, type UploadToken, type UploadTokenPage } from './types';

export interface PageQuery {
  currentPage: number;
  pageSize: number;
}

export interface DeltaDeps {
  /** GET /upload-tokens?sortBy=createdAt&sortOrder=desc&pageSize=…&currentPage=… */
  fetchNewest: (query: PageQuery, signal: AbortSignal) => Promise<UploadTokenPage>;
  /** GET /upload-tokens/{token}: the token, or null when api.video no longer has it (404). */
  fetchToken: (token: string, signal: AbortSignal | undefined) => Promise<UploadToken | null>;
  /** The full listing, for when the delta cannot be sure. */
  listAll: (onProgress: (progress: ListProgress) => void) => Promise<UploadToken[]>;
  now: () => number;
  signal?: AbortSignal;
  /** Progress of the full listing, when it takes over (a delta is over before progress matters). */
  onProgress?: (progress: ListProgress) => void;
}

/** Why a refresh listed everything instead. */
export type DeltaFallback =
  'unsorted' | 'changed-meanwhile' | 'unknown-tokens' | 'long-prefix' | 'many-deletions' | 'ambiguous';

export interface RefreshedListing {
  tokens: UploadToken[];
  /** List requests sent (the http layer's retries of one request count once). */
  requests: number;
  /** Single-token reads: cached tokens expiring this very moment, asked about one by one. */
  tokenReads: number;
  /** List round trips: requests sent together, before any of their answers, count once. */
  rounds: number;
  method: 'delta' | 'full-listing';
  fallback?: DeltaFallback;
  /** Cached tokens, not expired by our clock, that api.video no longer lists: deleted elsewhere. */
  deletedElsewhere: number;
}

/**
 * Newest-first pages read for the prefix before the full listing takes over: more means many new
 * tokens, or many sharing the newest cached one's second (ties can only be told apart whole).
 */
const MAX_PREFIX_PAGES = 3;
/**
 * A group with at most this many survivors is read whole, in two requests (three when no page
 * size lines them up): two pages instead of one save a round of 9 probes per deletion.
 */
const LEAF_SIZE = 2 * LIST_ALL_PAGE_SIZE;
/** Requests reading one group whole costs at most. */
const LEAF_READS = 3;
/** Probes into one group per round; 9 cut it in 10. */
const MAX_PROBES_PER_GROUP = 9;
/** Reads in flight at once, as count.ts keeps a round from spending the rate limit in a burst. */
const MAX_READS_PER_ROUND = 30;
const MAX_LOCATE_ROUNDS = 8;
/** Tokens expiring this very moment asked about one by one; more are left to the probes. */
const MAX_TOKEN_READS = 5;

type Outcome = { kind: 'listed'; tokens: UploadToken[] } | { kind: DeltaFallback };
type Tally = { requests: number; rounds: number; tokenReads: number };

export async function refreshListing(cached: readonly UploadToken[], deps: DeltaDeps): Promise<RefreshedListing> {
  const tally: Tally = { requests: 0, rounds: 0, tokenReads: 0 };
  throwIfAborted(deps.signal);
  let fallback: DeltaFallback = 'changed-meanwhile';
  // Once more if the list changed while we read; a second change in a row: full listing.
  for (let attempt = 1; attempt <= 2; attempt++) {
    const outcome = await delta(cached, deps, tally);
    if (outcome.kind === 'listed') {
      const { tokens } = outcome;
      return { tokens, ...tally, method: 'delta', deletedElsewhere: deletedElsewhere(cached, tokens, deps.now()) };
    }
    fallback = outcome.kind;
    if (outcome.kind !== 'changed-meanwhile') break;
  }
  const listing = await fullListing(deps, tally, fallback);
  return { ...listing, deletedElsewhere: deletedElsewhere(cached, listing.tokens, deps.now()) };
}

/** Cached tokens not expired by `now` that the server no longer lists. */
function deletedElsewhere(cached: readonly UploadToken[], listed: readonly UploadToken[], now: number): number {
  const present = new Set(listed.map((token) => token.token));
  return cached.filter((token) => isLive(token, now) && !present.has(token.token)).length;
}

async function fullListing(
  deps: DeltaDeps,
  tally: Tally,
  fallback: DeltaFallback,
): Promise<Omit<RefreshedListing, 'deletedElsewhere'>> {
  let pagesRead = 0;
  const tokens = await deps.listAll((progress) => {
    pagesRead = progress.pagesDone;
    deps.onProgress?.(progress);
  });
  return {
    tokens,
    requests: tally.requests + pagesRead,
    rounds: tally.rounds + listingRoundTrips(pagesRead),
    tokenReads: tally.tokenReads,
    method: 'full-listing',
    fallback,
  };
}

function parsedCreatedAt(token: UploadToken): number | null {
  const at = Date.parse(token.createdAt);
  return Number.isNaN(at) ? null : at;
}

/** Newest first; ties by token, an order of our own (the server's among ties is unknown). */
function newestFirst(a: UploadToken, b: UploadToken): number {
  const difference = createdAtMs(b) - createdAtMs(a);
  if (difference !== 0) return difference;
  return a.token < b.token ? -1 : a.token > b.token ? 1 : 0;
}

/**
 * False when no server sorting newest first and paginating as asked could give this answer.
 * `after`: the createdAt of the token just before this page, when known.
 */
function plausible(query: PageQuery, page: UploadTokenPage, after = Number.POSITIVE_INFINITY): boolean {
  const { data, pagination } = page;
  const start = (query.currentPage - 1) * query.pageSize;
  const expected = Math.max(0, Math.min(query.pageSize, pagination.itemsTotal - start));
  if (
    pagination.currentPage !== query.currentPage ||
    pagination.pageSize !== query.pageSize ||
    data.length !== expected
  )
    return false;
  const seen = new Set<string>();
  let previous = after;
  for (const token of data) {
    const at = parsedCreatedAt(token);
    if (at === null || at > previous || seen.has(token.token)) return false;
    previous = at;
    seen.add(token.token);
  }
  return true;
}

async function readTokens(deps: DeltaDeps, tokens: UploadToken[]): Promise<(UploadToken | null)[]> {
  return Promise.all(tokens.map((token) => deps.fetchToken(token.token, deps.signal)));
}

async function readRound(deps: DeltaDeps, tally: Tally, queries: PageQuery[]): Promise<UploadTokenPage[]> {
  const pages = await readConcurrently(deps.fetchNewest, queries, deps.signal);
  tally.requests += queries.length;
  tally.rounds++;
  return pages;
}

async function delta(cached: readonly UploadToken[], deps: DeltaDeps, tally: Tally): Promise<Outcome> {
  if (cached.some((token) => parsedCreatedAt(token) === null)) return { kind: 'unsorted' };
  const now = deps.now();
  let watermark = Number.NEGATIVE_INFINITY;
  for (const token of cached) watermark = Math.max(watermark, createdAtMs(token));
  const pageSize = LIST_ALL_PAGE_SIZE;

  // 1. The prefix, newest first, down to a token created before the watermark (or the end).
  const known = new Set(cached.map((token) => token.token));
  const prefix: UploadToken[] = [];
  const inPrefix = new Set<string>();
  let total: number | undefined;
  let reachedOld = false;
  for (let currentPage = 1; !reachedOld; currentPage++) {
    if (currentPage > MAX_PREFIX_PAGES) return { kind: 'long-prefix' };
    const query = { currentPage, pageSize };
    const [page] = await readRound(deps, tally, [query]);
    const after = prefix.length > 0 ? createdAtMs(prefix.at(-1)!) : undefined;
    if (!plausible(query, page!, after)) return { kind: 'unsorted' };
    total ??= page!.pagination.itemsTotal;
    if (page!.pagination.itemsTotal !== total) return { kind: 'changed-meanwhile' };
    for (const token of page!.data) {
      if (inPrefix.has(token.token)) return { kind: 'changed-meanwhile' };
      inPrefix.add(token.token);
      prefix.push(token);
      if (createdAtMs(token) >= watermark) continue;
      reachedOld = true;
      // Older than the newest cached token, yet unknown: the cached listing missed it (and may
      // have missed others further down, where counts would not tell).
      if (!known.has(token.token)) return { kind: 'unknown-tokens' };
    }
    // The end of the list: the prefix is all of it.
    if (prefix.length === total) return { kind: 'listed', tokens: prefix };
  }
  if (total === undefined) return { kind: 'unsorted' }; // unreachable: the loop read a page

  // 2. What the cache says lies past the prefix.
  const boundary = createdAtMs(prefix.at(-1)!);
  const mayFollow = (token: UploadToken) => !inPrefix.has(token.token) && createdAtMs(token) <= boundary;
  // Whether api.video still lists a token expiring within a few seconds of now depends on its
  // clock, not ours: those few are asked about (a count that agrees could hide one such token
  // still listed behind one deleted elsewhere).
  const expiringNow = (token: UploadToken) =>
    Math.abs((expiresAtMs(token) ?? Number.POSITIVE_INFINITY) - now) <= CLOCK_SKEW_MS;
  const following = cached.filter(mayFollow);
  let rest = following.filter((token) => !expiringNow(token) && isLive(token, now));
  const uncertain = following.filter(expiringNow);
  if (uncertain.length > MAX_TOKEN_READS) rest = [...rest, ...uncertain];
  else if (uncertain.length > 0) {
    tally.tokenReads += uncertain.length;
    const answers = await readTokens(deps, uncertain);
    rest = [...rest, ...answers.filter((token): token is UploadToken => token !== null)];
  }
  const suffixSize = total - prefix.length;
  rest.sort(newestFirst);
  const deletions = rest.length - suffixSize;
  if (deletions < 0) return { kind: 'unknown-tokens' };
  if (deletions === 0) return { kind: 'listed', tokens: [...prefix, ...rest] };

  // 3. Which of `rest` were deleted elsewhere.
  if (locateCost(suffixSize, deletions) >= Math.ceil(total / pageSize)) return { kind: 'many-deletions' };
  const located = await locateDeleted(rest, { offset: prefix.length, total, deps, tally });
  if (located.kind !== 'located') return located;
  const survivors = rest.filter((token) => !located.gone.has(token.token));
  return { kind: 'listed', tokens: [...prefix, ...survivors] };
}

/** Requests locating `deletions` among `survivors + deletions` tokens about costs (an upper estimate). */
export function locateCost(survivors: number, deletions: number): number {
  let firstRound = 0;
  let perDeletion = LEAF_READS;
  for (let size = survivors, level = 0; size > LEAF_SIZE; level++) {
    const probes = Math.min(MAX_PROBES_PER_GROUP, Math.ceil(size / LEAF_SIZE) - 1);
    if (level === 0) firstRound = probes;
    else perDeletion += probes;
    size = Math.ceil(size / (probes + 1));
  }
  return firstRound + deletions * perDeletion;
}

/**
 * What is known at one point of `rest` (1-based index; 0 is before the first, rest.length + 1
 * after the last): rest[index] is still listed, at suffix offset `offset`, and `gone` of
 * rest[1 … index] were deleted. Always offset = index − gone.
 */
interface Anchor {
  index: number;
  offset: number;
  gone: number;
}

type Located = { kind: 'located'; gone: Set<string> } | { kind: DeltaFallback };

async function locateDeleted(
  rest: UploadToken[],
  context: { offset: number; total: number; deps: DeltaDeps; tally: Tally },
): Promise<Located> {
  const { offset: prefixSize, total, deps, tally } = context;
  const budget = tally.requests + Math.ceil(total / LIST_ALL_PAGE_SIZE);
  const indexOf = new Map(rest.map((token, index) => [token.token, index + 1]));
  const sharing = new Map<number, number>();
  for (const token of rest) sharing.set(createdAtMs(token), (sharing.get(createdAtMs(token)) ?? 0) + 1);
  const suffixSize = total - prefixSize;
  let anchors: Anchor[] = [
    { index: 0, offset: 0, gone: 0 },
    { index: rest.length + 1, offset: suffixSize + 1, gone: rest.length - suffixSize },
  ];
  const gone = new Set<string>();
  /** Left anchors of groups already settled. */
  const settled = new Set<Anchor>();

  for (let round = 1; round <= MAX_LOCATE_ROUNDS; round++) {
    const open = anchors
      .slice(0, -1)
      .map((left, position) => ({ left, right: anchors[position + 1]! }))
      .filter(({ left, right }) => right.gone > left.gone && !settled.has(left));
    if (open.length === 0) return { kind: 'located', gone };

    const reads: { query: PageQuery; group: (typeof open)[number]; probe?: number }[] = [];
    let progressed = false;
    const perGroup = Math.max(1, Math.floor(MAX_READS_PER_ROUND / open.length));
    for (const group of open) {
      const { left, right } = group;
      const survivors = right.offset - left.offset - 1;
      if (survivors === 0) {
        for (let index = left.index + 1; index < right.index; index++) gone.add(rest[index - 1]!.token);
        settled.add(left);
        progressed = true;
      } else if (survivors <= LEAF_SIZE) {
        const first = prefixSize + left.offset + 1;
        for (const query of covering(first, first + survivors - 1)) reads.push({ query, group });
      } else {
        const probes = Math.min(MAX_PROBES_PER_GROUP, perGroup, Math.ceil(survivors / LEAF_SIZE) - 1);
        for (let probe = 1; probe <= probes; probe++) {
          const offset = left.offset + Math.round((probe * (survivors + 1)) / (probes + 1));
          reads.push({ query: { currentPage: prefixSize + offset, pageSize: 1 }, group, probe: offset });
        }
      }
    }
    if (reads.length === 0) continue;
    if (tally.requests + reads.length > budget) return { kind: 'many-deletions' };
    const pages = await readRound(
      deps,
      tally,
      reads.map((read) => read.query),
    );

    for (const [position, page] of pages.entries()) {
      if (!plausible(reads[position]!.query, page)) return { kind: 'unsorted' };
      if (page.pagination.itemsTotal !== total) return { kind: 'changed-meanwhile' };
    }
    const learnt: Anchor[] = [];
    // Whole reads: the survivors of a group, by position.
    const leaves = new Map<Anchor, Set<string>>();
    for (const [position, read] of reads.entries()) {
      const page = pages[position]!;
      const { left, right } = read.group;
      const start = (read.query.currentPage - 1) * read.query.pageSize;
      if (read.probe !== undefined) {
        const token = page.data[0]!;
        const index = indexOf.get(token.token);
        if (index === undefined) return { kind: 'unknown-tokens' };
        if (index <= left.index || index >= right.index) return { kind: 'changed-meanwhile' };
        const anchor = { index, offset: read.probe, gone: index - read.probe };
        if (anchor.gone < left.gone || anchor.gone > right.gone) return { kind: 'changed-meanwhile' };
        // Among tokens sharing a createdAt, api.video's order is not ours: the position says nothing exact.
        if (sharing.get(createdAtMs(token)) === 1) learnt.push(anchor);
        continue;
      }
      const seen = leaves.get(left) ?? new Set<string>();
      leaves.set(left, seen);
      page.data.forEach((token, at) => {
        const offset = start + at + 1 - prefixSize;
        if (offset > left.offset && offset < right.offset) seen.add(token.token);
      });
    }
    for (const [left, seen] of leaves) {
      const right = anchors[anchors.indexOf(left) + 1]!;
      for (const token of seen) {
        const index = indexOf.get(token);
        if (index === undefined) return { kind: 'unknown-tokens' };
        if (index <= left.index || index >= right.index) return { kind: 'changed-meanwhile' };
      }
      if (seen.size !== right.offset - left.offset - 1) return { kind: 'changed-meanwhile' };
      for (let index = left.index + 1; index < right.index; index++) {
        const token = rest[index - 1]!.token;
        if (!seen.has(token)) gone.add(token);
      }
      settled.add(left);
      progressed = true;
    }
    if (learnt.length > 0) {
      progressed = true;
      anchors = [...anchors, ...learnt]
        .sort((a, b) => a.index - b.index)
        .filter((anchor, position, all) => position === 0 || anchor.index !== all[position - 1]!.index);
      for (let position = 1; position < anchors.length; position++) {
        const [before, after] = [anchors[position - 1]!, anchors[position]!];
        if (after.gone < before.gone || after.offset <= before.offset) return { kind: 'changed-meanwhile' };
      }
    }
    if (!progressed) return { kind: 'ambiguous' };
  }
  return { kind: 'many-deletions' };
}

/**
 * The fewest reads whose pages hold positions first … last (1-based): one page size that puts them
 * on as few pages as possible (pages of up to 100).
 */
export function covering(first: number, last: number): PageQuery[] {
  const span = last - first + 1;
  for (let pages = Math.ceil(span / LIST_ALL_PAGE_SIZE); ; pages++) {
    for (let pageSize = Math.ceil(span / pages); pageSize <= LIST_ALL_PAGE_SIZE; pageSize++) {
      const firstPage = Math.floor((first - 1) / pageSize) + 1;
      const lastPage = Math.floor((last - 1) / pageSize) + 1;
      if (lastPage - firstPage + 1 === pages)
        return Array.from({ length: pages }, (_, index) => ({ currentPage: firstPage + index, pageSize }));
    }
  }
}

// What the local api.video's own ledger says about rate-limit windows: how many requests each
// window counted. Tests check a share of the rate limit against this, never against timings.
import type { RecordedRequest } from '@/tests/server';

/** How many of `requests` with this method each window counted, window by window (1 first). */
export function countedPerWindow(requests: readonly RecordedRequest[], method: string): number[] {
  const counts: number[] = [];
  for (const request of requests)
    if (request.method === method && request.rateWindow !== undefined)
      counts[request.rateWindow - 1] = (counts[request.rateWindow - 1] ?? 0) + 1;
  return Array.from(counts, (count) => count ?? 0);
}

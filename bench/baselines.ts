// What a person does today without this extension, written as they would write it, so the
// benchmark compares like with like against the same local api.video server.
import ApiVideoClient from '@api.video/nodejs-client';

export interface BaselineResult {
  neverExpiring: number;
  total: number;
  requests: number;
  rateLimited: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * api.video's tutorial on listing delegated tokens: get a bearer token, then GET pages of 25
 * one after another, counting as it goes. The only thing added is waiting out a 429, which
 * any script must do to finish on a large account. `maxPages` stops early (the benchmark's untimed warm-up).
 */
export async function tutorialCount(baseUrl: string, apiKey: string, maxPages = Infinity): Promise<BaselineResult> {
  let requests = 1;
  let rateLimited = 0;
  const auth = await fetch(`${baseUrl}/auth/api-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ apiKey }),
  });
  const { access_token: accessToken } = (await auth.json()) as { access_token: string };
  let neverExpiring = 0;
  let total = 0;
  for (let page = 1; ;) {
    requests += 1;
    const response = await fetch(`${baseUrl}/upload-tokens?currentPage=${page}&pageSize=25`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    if (response.status === 429) {
      rateLimited += 1;
      await sleep(Number(response.headers.get('x-ratelimit-retry-after') ?? '1') * 1000);
      continue;
    }
    const body = (await response.json()) as {
      data: { ttl: number }[];
      pagination: { pagesTotal: number; itemsTotal: number };
    };
    neverExpiring += body.data.filter((token) => token.ttl === 0).length;
    total = body.pagination.itemsTotal;
    if (page >= Math.min(body.pagination.pagesTotal, maxPages)) break;
    page += 1;
  }
  return { neverExpiring, total, requests, rateLimited };
}

/**
 * A user of api.video's official Node client: uploadTokens.list page after page, pageSize 100.
 * `maxPages` stops early (the benchmark's untimed warm-up).
 */
export async function nodeClientList(
  baseUrl: string,
  apiKey: string,
  maxPages = Infinity,
): Promise<BaselineResult & { tokens: { token: string; ttl: number }[] }> {
  const client = new ApiVideoClient({ apiKey, baseUri: baseUrl });
  const tokens: { token: string; ttl: number }[] = [];
  let requests = 0;
  let rateLimited = 0;
  let total = 0;
  for (let page = 1; ;) {
    requests += 1;
    try {
      const result = await client.uploadTokens.list({ currentPage: page, pageSize: 100 });
      for (const item of result.data) tokens.push({ token: item.token ?? '', ttl: item.ttl ?? 0 });
      total = result.pagination.itemsTotal ?? tokens.length;
      if (page >= Math.min(result.pagination.pagesTotal ?? 1, maxPages)) break;
      page += 1;
    } catch (error) {
      // The client does not retry; a script that must finish waits a window and tries again.
      if ((error as { code?: number }).code !== 429) throw error;
      rateLimited += 1;
      await sleep(1000);
    }
  }
  return { neverExpiring: tokens.filter((t) => t.ttl === 0).length, total, requests, rateLimited, tokens };
}

// The http layer on its own (utils/apivideo/http.ts), against crafted servers: what each kind of
// answer becomes (kind, status, problem type, message, cause), what is repeated and after how
// long, what the rate gate is told, and what a create whose outcome is unknown says.
import { describe, expect, it } from 'vitest';
import { ApiVideoError, abortedError } from '@/utils/apivideo/errors';
import { createHttp, DEFAULT_RETRY_POLICY, type RequestSpec } from '@/utils/apivideo/http';
import { createRateLimitGate, type RateLimitGate, type Sleep } from '@/utils/apivideo/rate-limit';
import { parseUploadToken, parseUploadTokenPage } from '@/utils/apivideo/shapes';
import { craftedPage, useCraftedServers, type CraftedAnswer } from './crafted-server';
import { caught, fastSleep } from './harness';

const crafted = useCraftedServers();

const LIST: RequestSpec<unknown> = {
  method: 'GET',
  route: '/upload-tokens',
  path: '/upload-tokens',
  idempotent: true,
  rateLimited: true,
  parse: parseUploadTokenPage,
};
const GET: RequestSpec<unknown> = {
  method: 'GET',
  route: '/upload-tokens/{uploadToken}',
  path: '/upload-tokens/to1',
  idempotent: true,
  rateLimited: true,
  parse: parseUploadToken,
};
const CREATE: RequestSpec<unknown> = {
  method: 'POST',
  route: '/upload-tokens',
  path: '/upload-tokens',
  body: { ttl: 60 },
  idempotent: false,
  rateLimited: true,
  changesState: true,
  parse: parseUploadToken,
};
const DELETE: RequestSpec<unknown> = {
  method: 'DELETE',
  route: '/upload-tokens/{uploadToken}',
  path: '/upload-tokens/to1',
  idempotent: true,
  rateLimited: true,
  changesState: true,
  parse: () => undefined,
};
/** Like the key exchange: repeated, but outside the rate limits. */
const UNLIMITED: RequestSpec<unknown> = { ...LIST, rateLimited: false };

const EMPTY_PAGE = craftedPage([], { currentPage: 1, pagesTotal: 1, itemsTotal: 0 });
const TOKEN = { token: 'to1', ttl: 60, createdAt: '2025-01-01T00:00:00+00:00' };

/**
 * An http layer for `url`: back-off jitter fixed at half its range, sleeps recorded and cut to
 * 2 ms, and a real rate gate whose calls are logged.
 */
function httpFor(url: string, options: { sleep?: Sleep; timeoutMs?: number } = {}) {
  const sleeper = fastSleep();
  const { waits } = sleeper;
  const sleep = options.sleep ?? sleeper.sleep;
  const real = createRateLimitGate({ now: Date.now, sleep, maxWaitMs: DEFAULT_RETRY_POLICY.maxRateLimitWaitMs });
  const gateCalls: string[] = [];
  const gate: RateLimitGate = {
    acquire: (budget, signal) => {
      gateCalls.push(`acquire ${budget}`);
      return real.acquire(budget, signal);
    },
    release: (budget, info) => {
      gateCalls.push(`release ${budget}`);
      real.release(budget, info);
    },
    windowWaited: (budget) => {
      gateCalls.push(`windowWaited ${budget}`);
      real.windowWaited(budget);
    },
  };
  const http = createHttp({
    baseUrl: url,
    timeoutMs: options.timeoutMs ?? 5000,
    retry: DEFAULT_RETRY_POLICY,
    sleep,
    gate,
    random: () => 0.5,
  });
  return { http, waits, gateCalls };
}

/** A server answering the requests in turn with `answers`, the last one from then on. */
async function serverAnswering(...answers: CraftedAnswer[]) {
  return crafted.start((_request, index) => answers[Math.min(index, answers.length - 1)]);
}

const PROBLEM_TYPE = 'https://docs.api.video/reference/resource-not-found';

describe('what an error answer becomes', () => {
  it.each<[number, string]>([
    [400, 'bad-request'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [404, 'not-found'],
  ])('a %i is %s, reported with the route and status, never the path', async (status, kind) => {
    const server = await serverAnswering({ status, body: { type: PROBLEM_TYPE, title: 'no' } });
    const error = await caught(httpFor(server.url).http.request(GET));
    expect(error).toBeInstanceOf(ApiVideoError);
    expect(error).toMatchObject({ kind, status, problemType: PROBLEM_TYPE });
    expect((error as Error).message).toMatch(/ \(GET \/upload-tokens\/\{uploadToken\}, HTTP \d+\)$/);
    expect((error as Error).message).not.toContain('to1');
    expect(server.requests).toHaveLength(1);
  });

  it.each<[string, CraftedAnswer]>([
    ['an HTML error page', { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<h1>404</h1>' }],
    ['an answer without a content type', { status: 404, body: '{"type":"x"}' }],
    ['problem JSON whose type is not a string', { status: 404, body: { type: 7 } }],
    ['JSON that cannot be parsed', { status: 404, headers: { 'Content-Type': 'application/json' }, body: '{' }],
  ])('has no problem type from %s, and keeps its kind', async (_label, answer) => {
    const server = await serverAnswering(answer);
    const error = await caught(httpFor(server.url).http.request(GET));
    expect(error).toMatchObject({ kind: 'not-found', status: 404 });
    expect((error as ApiVideoError).problemType).toBeUndefined();
  });

  it('repeats a 408 like a timeout, and a delete it ended may have been carried out', async () => {
    const server = await serverAnswering({ status: 408 });
    const error = await caught(httpFor(server.url).http.request(DELETE));
    expect(error).toMatchObject({ kind: 'timeout', status: 408, outcomeUnknown: true });
    expect(server.requests).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
  });

  it('a delete refused outright (400) was not carried out', async () => {
    const server = await serverAnswering({ status: 400, body: { title: 'bad' } });
    const error = await caught(httpFor(server.url).http.request(DELETE));
    expect(error).toMatchObject({ kind: 'bad-request', status: 400 });
    expect((error as ApiVideoError).outcomeUnknown).toBeUndefined();
  });
});

describe('repeating', () => {
  it('backs off exponentially with full jitter: half the range here, 125, 250 and 500 ms', async () => {
    const server = await serverAnswering({ status: 503 }, { status: 503 }, { status: 503 }, EMPTY_PAGE);
    const { http, waits } = httpFor(server.url);
    await expect(http.request(LIST)).resolves.toMatchObject({ status: 200, data: { data: [] } });
    expect(waits).toEqual([125, 250, 500]);
  });

  it('backs off after a 429 without rate-limit headers, and tells the gate it waited a window out', async () => {
    const server = await serverAnswering({ status: 429 }, EMPTY_PAGE);
    const { http, waits, gateCalls } = httpFor(server.url);
    await expect(http.request(LIST)).resolves.toMatchObject({ status: 200 });
    expect(waits).toEqual([125]);
    expect(gateCalls).toEqual(['acquire read', 'release read', 'windowWaited read', 'acquire read', 'release read']);
  });

  it('tells the gate nothing about windows after a 5xx, and nothing at all for a call outside the limits', async () => {
    const server = await serverAnswering({ status: 502 }, { status: 429 }, EMPTY_PAGE);
    const { http, gateCalls } = httpFor(server.url);
    await http.request(DELETE);
    // The window is said to be waited out after the 429 only.
    expect(gateCalls).toEqual([
      'acquire write',
      'release write',
      'acquire write',
      'release write',
      'windowWaited write',
      'acquire write',
      'release write',
    ]);
    gateCalls.length = 0;
    await http.request(UNLIMITED);
    expect(gateCalls).toEqual([]);
  });

  it('waits a Retry-After of exactly the longest allowed wait', async () => {
    const wait = DEFAULT_RETRY_POLICY.maxRateLimitWaitMs / 1000;
    const server = await serverAnswering(
      { status: 429, headers: { 'X-RateLimit-Retry-After': String(wait) } },
      EMPTY_PAGE,
    );
    const { http, waits } = httpFor(server.url);
    await expect(http.request(LIST)).resolves.toMatchObject({ status: 200 });
    expect(waits).toEqual([wait * 1000]);
  });

  it('lets a failing sleep through untouched', async () => {
    const clock = new RangeError('no clock');
    const server = await serverAnswering({ status: 503 }, EMPTY_PAGE);
    const { http } = httpFor(server.url, { sleep: () => Promise.reject(clock) });
    await expect(http.request(LIST)).rejects.toBe(clock);
  });

  it('releases the gate once per attempt when cancelled during the back-off', async () => {
    const controller = new AbortController();
    const server = await serverAnswering({ status: 503 }, EMPTY_PAGE);
    const { http, gateCalls } = httpFor(server.url, {
      sleep: () => {
        controller.abort();
        return Promise.reject(abortedError());
      },
    });
    const error = await caught(http.request({ ...LIST, signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'aborted' });
    // Said of this call: the route is in the message.
    expect((error as Error).message).toContain('GET /upload-tokens');
    expect(gateCalls).toEqual(['acquire read', 'release read']);
  });
});

describe('answers that got through but cannot be used', () => {
  it.each<[string, CraftedAnswer, string]>([
    ['an HTML page', { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html></html>' }, 'not JSON'],
    ['a body without a content type', { status: 200, body: '{}' }, 'not JSON'],
    [
      'broken JSON',
      { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"data":' },
      'malformed JSON',
    ],
    ['the wrong shape', { status: 200, body: { data: 'none' } }, 'list has no `data` array'],
  ])('%s is a bad response, said with what was wrong, and repeated', async (_label, answer, detail) => {
    const server = await serverAnswering(answer);
    const error = await caught(httpFor(server.url).http.request(LIST));
    expect(error).toMatchObject({ kind: 'bad-response', status: 200 });
    const where = `(GET /upload-tokens, ${detail}, HTTP 200)`;
    expect((error as Error).message.slice(-where.length)).toBe(where);
    expect(server.requests).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
  });

  it('keeps why JSON could not be read as the cause', async () => {
    const server = await serverAnswering({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{' });
    const error = await caught(httpFor(server.url).http.request(LIST));
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it('passes a bug in a parser on untouched, at the first attempt', async () => {
    const bug = new TypeError('parser bug');
    const server = await serverAnswering(EMPTY_PAGE);
    const error = await caught(
      httpFor(server.url).http.request({
        ...LIST,
        parse: () => {
          throw bug;
        },
      }),
    );
    expect(error).toBe(bug);
    expect(server.requests).toHaveLength(1);
  });

  it.each([300, 302, 307])('a %i is never followed: a bad response with its status', async (status) => {
    const server = await serverAnswering({ status, headers: { Location: 'http://127.0.0.1:9/elsewhere' } });
    const error = await caught(httpFor(server.url).http.request(LIST));
    expect(error).toMatchObject({ kind: 'bad-response', status });
    expect((error as Error).message).toMatch(
      /^api\.video answered with a redirect, which this extension never follows/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('a create answered with a redirect was not carried out, and says redirect', async () => {
    const server = await serverAnswering({ status: 307, headers: { Location: '/elsewhere' } });
    const error = await caught(httpFor(server.url).http.request(CREATE));
    expect(error).toMatchObject({ kind: 'bad-response', status: 307 });
    expect((error as ApiVideoError).outcomeUnknown).toBeUndefined();
    expect((error as Error).message).toMatch(/redirect/);
  });
});

describe('no answer at all', () => {
  it('a dropped connection is network, with the fetch failure kept as the cause', async () => {
    const server = await serverAnswering('drop');
    const error = await caught(httpFor(server.url).http.request(LIST));
    expect(error).toMatchObject({ kind: 'network' });
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(server.requests).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
  });

  it('a cancel while the answer is awaited is aborted, not a timeout, and is not repeated', async () => {
    const controller = new AbortController();
    const server = await crafted.start(() => {
      controller.abort();
      return 'hold';
    });
    const error = await caught(httpFor(server.url).http.request({ ...LIST, signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'aborted' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('what a create whose outcome is unknown says', () => {
  const advice = 'so the request may or may not have been carried out. Reload the list before trying again.';

  it.each<[string, CraftedAnswer, string]>([
    ['a 5xx', { status: 503 }, `api.video had a server error, ${advice} (POST /upload-tokens, HTTP 503)`],
    ['a dropped connection', 'drop', `api.video could not be reached, ${advice} (POST /upload-tokens)`],
    ['no answer in time', 'hold', `api.video did not answer in time, ${advice} (POST /upload-tokens)`],
    [
      'an unreadable 2xx',
      { status: 201, body: { token: 'to1' } },
      'api.video accepted the request but its answer could not be read. Reload the list to see the result. (POST /upload-tokens, upload token has no numeric `ttl`, HTTP 201)',
    ],
  ])('after %s, once', async (_label, answer, message) => {
    const server = await serverAnswering(answer);
    const error = await caught(httpFor(server.url, { timeoutMs: 300 }).http.request(CREATE));
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect((error as Error).message).toBe(message);
    expect(server.requests).toHaveLength(1);
  });

  it('a read that kept failing gives the usual advice, not the one for a create', async () => {
    const server = await serverAnswering({ status: 503 });
    const error = await caught(httpFor(server.url).http.request(LIST));
    expect(error).toMatchObject({ kind: 'server', status: 503 });
    expect((error as Error).message).not.toMatch(/may or may not/);
  });

  it('a create that succeeds hands back the parsed token', async () => {
    const server = await serverAnswering({ status: 201, body: { ...TOKEN, extra: 1 } });
    await expect(httpFor(server.url).http.request(CREATE)).resolves.toEqual({ status: 201, data: TOKEN });
  });
});

import { describe, expect, it } from 'vitest';
import type { Fault } from '@/tests/server';
import { authorizedFetcher, exchangeKey, startServer } from './helpers';

describe('injected faults', () => {
  it.each([
    { kind: 'rate-limit', status: 429, contentType: 'application/json', bodyStart: '{"type":"https://docs.api.video/reference/too-many-requests"' },
    { kind: 'server-error-html', status: 500, contentType: 'text/html', bodyStart: '<html>' },
    { kind: 'bad-gateway-html', status: 502, contentType: 'text/html', bodyStart: '<html>' },
    { kind: 'service-unavailable-html', status: 503, contentType: 'text/html', bodyStart: '<html>' },
    { kind: 'server-error-json', status: 500, contentType: 'application/json', bodyStart: '{"type":"https://docs.api.video/reference/' },
    { kind: 'malformed-json', status: 200, contentType: 'application/json', bodyStart: '{"data":[' },
    { kind: 'non-json-200', status: 200, contentType: 'text/html', bodyStart: '<!doctype html>' },
    { kind: 'expired-access-token', status: 401, contentType: 'application/json', bodyStart: '{"type":"https://docs.api.video/reference/authentication-access-token-invalid"' },
  ] as const)('$kind answers $status with $contentType', async ({ kind, status, contentType, bodyStart }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.inject({ kind });

    const faulted = await call('/upload-tokens');
    expect(faulted.status).toBe(status);
    expect(faulted.headers.get('content-type')).toContain(contentType);
    const text = await faulted.text();
    expect(text.startsWith(bodyStart)).toBe(true);
    if (kind === 'malformed-json') expect(() => JSON.parse(text)).toThrow();
    // Consumed: the next request is answered normally.
    expect((await call('/upload-tokens')).status).toBe(200);
  });

  it('rate-limit fault sets X-RateLimit-Retry-After and counts as rate limited', async () => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.inject({ kind: 'rate-limit', retryAfterSeconds: 7 });
    const response = await call('/upload-tokens');
    expect(response.headers.get('x-ratelimit-retry-after')).toBe('7');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(server.stats('production').rateLimited).toBe(1);
  });

  it('drop-connection destroys the socket without an answer', async () => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.inject({ kind: 'drop-connection' });
    await expect(call('/upload-tokens')).rejects.toThrow(TypeError);
    expect(server.requests.at(-1)).toMatchObject({ path: '/upload-tokens', status: 0 });
    expect((await call('/upload-tokens')).status).toBe(200);
  });

  it('slow waits delayMs, then answers normally', async () => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.inject({ kind: 'slow', delayMs: 120 });
    const started = performance.now();
    const response = await call('/upload-tokens');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('honours times, match and queue order, and spares /auth by default', async () => {
    const server = await startServer();
    const faults: Fault[] = [
      { kind: 'server-error-json', times: 2, match: { method: 'post' } },
      { kind: 'bad-gateway-html', match: { environment: 'sandbox' } },
      { kind: 'service-unavailable-html', match: { pathPrefix: '/auth/' } },
      { kind: 'non-json-200' },
    ];
    faults.forEach((fault) => server.inject(fault));

    await expect(exchangeKey(server, 'sandbox')).rejects.toThrow('503'); // only an explicit /auth prefix reaches auth
    const sandbox = await authorizedFetcher(server, 'sandbox');
    const production = await authorizedFetcher(server, 'production');
    expect((await production('/upload-tokens', { method: 'POST', body: '{}' })).status).toBe(500);
    expect((await sandbox('/upload-tokens')).status).toBe(502);
    expect((await production('/upload-tokens', { method: 'POST', body: '{}' })).status).toBe(500);
    const last = await production('/upload-tokens/whatever');
    expect([last.status, last.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect((await production('/upload-tokens')).status).toBe(200);
  });

  it('clearFaults empties the queue', async () => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.inject({ kind: 'server-error-json', times: 5 });
    server.clearFaults();
    expect((await call('/upload-tokens')).status).toBe(200);
  });
});

describe('latency and outages', () => {
  it('adds latency to every request, changeable while running', async () => {
    const server = await startServer({ latencyMs: 60 });
    const call = await authorizedFetcher(server);
    const timed = async () => {
      const started = performance.now();
      await call('/upload-tokens');
      return performance.now() - started;
    };
    expect(await timed()).toBeGreaterThanOrEqual(55);
    server.setLatency(130);
    // Lower bounds only: an upper bound would flake on a busy machine.
    expect(await timed()).toBeGreaterThanOrEqual(125);
  });

  it('offline: every connection is refused until back online, even kept-alive ones', async () => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    expect((await call('/upload-tokens')).status).toBe(200);

    server.setOffline(true);
    await expect(call('/upload-tokens')).rejects.toThrow(TypeError);
    await expect(exchangeKey(server)).rejects.toThrow();

    server.setOffline(false);
    expect((await call('/upload-tokens')).status).toBe(200);
  });
});

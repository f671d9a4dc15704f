import { afterEach, describe, expect, vi } from 'vitest';
import { it } from '@/tests/helpers/server-fixture';
import { DEFAULT_KEYS } from '@/tests/server';
import { JSON_HEADERS, authorizedFetcher } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('OpenAPI validation (api.video’s own spec, with the prose bounds added)', () => {
  it.for([
    { query: 'pageSize=0', name: 'pageSize' },
    { query: 'pageSize=101', name: 'pageSize' },
    { query: 'currentPage=0', name: 'currentPage' },
    { query: 'pageSize=ten', name: 'pageSize' },
    { query: 'sortBy=token', name: 'sortBy' },
    { query: 'sortOrder=up', name: 'sortOrder' },
    { query: 'limit=5', name: 'limit' },
  ])(
    'refuses GET /upload-tokens?$query with 400 naming $name, and records it',
    async ({ query, name }, { startServer }) => {
      const server = await startServer();
      const call = await authorizedFetcher(server);
      const response = await call(`/upload-tokens?${query}`);

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        status: 400,
        name,
        type: 'https://docs.api.video/reference/invalid-attribute',
      });
      expect(server.validationErrors).toEqual([
        { method: 'GET', url: `/upload-tokens?${query}`, errors: expect.any(Array) },
      ]);
    },
  );

  it.for([
    { query: 'pageSize=1', ok: true },
    { query: 'pageSize=100&currentPage=7', ok: true },
    { query: 'sortBy=ttl&sortOrder=desc', ok: true },
  ])('accepts GET /upload-tokens?$query', async ({ query }, { startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    expect((await call(`/upload-tokens?${query}`)).status).toBe(200);
    expect(server.validationErrors).toEqual([]);
  });

  it.for([
    { case: 'no body at all (the spec requires one: send {})', body: undefined, contentType: undefined },
    { case: 'a body that is not JSON', body: '{ttl: 5', contentType: 'application/json' },
    { case: 'a JSON body sent as text/plain', body: '{}', contentType: 'text/plain' },
  ])('refuses POST /upload-tokens with $case', async ({ body, contentType }, { startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    const response = await call('/upload-tokens', {
      method: 'POST',
      body,
      headers: contentType ? { 'Content-Type': contentType } : { 'Content-Type': '' },
    });
    expect(response.status).toBe(400);
    expect(server.validationErrors).toHaveLength(1);
    expect(server.tokens('production')).toEqual([]);
  });

  it.for([
    { path: '/auth/api-key', body: { apiKey: 5 } },
    { path: '/auth/api-key', body: { key: DEFAULT_KEYS.production } },
    { path: '/auth/refresh', body: { refresh_token: 'x' } },
  ])('refuses POST $path with $body', async ({ path, body }, { startServer }) => {
    const server = await startServer();
    const response = await fetch(`${server.urls.production}${path}`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(server.validationErrors).toHaveLength(1);
  });

  it('answers an unknown route with a 404 problem and records it', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    for (const path of ['/videos', '/upload-tokens/', '/upload-tokens/a/b']) {
      const response = await call(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({
        type: 'https://docs.api.video/reference/resource-not-found',
        status: 404,
      });
    }
    expect(server.validationErrors.map((failure) => failure.url)).toEqual([
      '/videos',
      '/upload-tokens/',
      '/upload-tokens/a/b',
    ]);
  });

  it('fails loudly on the console unless quiet', async ({ startServer }) => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = await startServer({ quiet: false });
    const call = await authorizedFetcher(server);
    await call('/upload-tokens?pageSize=0');
    expect(consoleError).toHaveBeenCalledWith(
      expect.stringContaining('api.video would not accept GET /upload-tokens?pageSize=0'),
    );
  });

  it('validate: false skips the spec but still answers out-of-range values like api.video', async ({ startServer }) => {
    const server = await startServer({ validate: false });
    const call = await authorizedFetcher(server);
    expect((await call('/upload-tokens?pageSize=0')).status).toBe(400);
    expect((await call('/upload-tokens', { method: 'POST', body: '{"ttl":-5}' })).status).toBe(400);
    expect((await call('/upload-tokens?limit=5')).status).toBe(200); // unknown parameters only trip the spec check
    expect(server.validationErrors).toEqual([]);
  });

  it('records every request with what the client sent and what it got', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    await call('/upload-tokens?pageSize=2', { headers: { 'AV-Origin-App': 'tests:1.0.0' } });
    await call('/upload-tokens', { method: 'POST', body: '{"ttl":60}' });

    expect(server.requests.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      'POST /auth/api-key 200',
      'GET /upload-tokens 200',
      'POST /upload-tokens 200',
    ]);
    const [, list, create] = server.requests;
    expect(list).toMatchObject({ environment: 'production', query: { pageSize: '2' }, body: '' });
    expect(list!.headers['av-origin-app']).toBe('tests:1.0.0');
    expect(list!.headers.authorization).toMatch(/^Bearer /);
    expect(create!.body).toBe('{"ttl":60}');
    expect(create!.at).toBeGreaterThan(0);

    server.resetRequests();
    expect(server.requests).toEqual([]);
  });
});

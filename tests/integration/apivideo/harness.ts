// Shared set-up for the client's integration tests: local api.video servers from the startServer
// fixture, checked after every test for requests api.video would refuse and for leaked secrets.
import { expect } from 'vitest';
import { test, type ServerFixtures } from '@/tests/helpers/server-fixture';
import { DEFAULT_KEYS, type ApiVideoServer } from '@/tests/server';
import { createApiVideoClient, type ApiVideoClientOptions } from '@/utils/apivideo/client';
import { abortableSleep } from '@/utils/apivideo/http';
import type { Environment } from '@/utils/apivideo/types';
import { version } from '@/package.json';
import { CRAFTED_KEY, type CraftedServer } from './crafted-server';

export { DEFAULT_KEYS };
/** The version WXT writes into the manifest: package.json's. */
export const ORIGIN_APP = `upload-tokens-extension:${version}`;

/**
 * The startServer fixture, with what every client test checks on each server after the test:
 * no request api.video would refuse, the key nowhere but in the body of POST /auth/api-key.
 * `secrets` are the strings to look for: a test that sends another key adds it.
 */
export const it = test.extend<{ secrets: Set<string>; checkServer: ServerFixtures['checkServer'] }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern: none
  secrets: async ({}, use) => use(new Set([DEFAULT_KEYS.production, DEFAULT_KEYS.sandbox])),
  checkServer: async ({ secrets }, use) =>
    use((server: ApiVideoServer) => {
      expect(server.validationErrors).toEqual([]);
      expectWellFormedRequests(server, [...secrets]);
    }),
});

/**
 * The API key appears only in the body of POST /auth/api-key: never in a header, a path or
 * a query, never in any other request. Every request identifies the app and asks for JSON.
 */
export function expectWellFormedRequests(server: ApiVideoServer, secrets: string[]): void {
  for (const request of server.requests) {
    const isKeyExchange = request.method === 'POST' && request.path === '/auth/api-key';
    const outsideBody = JSON.stringify([request.path, request.query, request.headers]);
    for (const secret of secrets) {
      expect(outsideBody.includes(secret), `key outside the body of ${request.method} ${request.path}`).toBe(false);
      if (!isKeyExchange)
        expect(request.body.includes(secret), `key in the body of ${request.method} ${request.path}`).toBe(false);
    }
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers['av-origin-app']).toBe(ORIGIN_APP);
    if (request.body !== '') expect(request.headers['content-type']).toBe('application/json');
    if (request.path.startsWith('/auth/')) expect(request.headers.authorization).toBeUndefined();
  }
}

/** A sleep that records what it was asked to wait and waits at most a few ms. */
export function fastSleep() {
  const waits: number[] = [];
  return {
    waits,
    sleep: (ms: number, signal?: AbortSignal) => {
      waits.push(ms);
      return abortableSleep(Math.min(ms, 2), signal);
    },
  };
}

export function clientFor(
  server: ApiVideoServer,
  environment: Environment = 'production',
  options: Partial<ApiVideoClientOptions> = {},
) {
  const sleeper = fastSleep();
  const requests: { method: string; path: string }[] = [];
  const client = createApiVideoClient({
    environment,
    apiKey: DEFAULT_KEYS[environment],
    baseUrl: server.urls[environment],
    sleep: sleeper.sleep,
    onRequest: (info) => requests.push(info),
    ...options,
  });
  return { client, waits: sleeper.waits, requests };
}

/** A client for a crafted server (see crafted-server.ts), with the same fast sleep. */
export function clientForCrafted(server: CraftedServer, options: Partial<ApiVideoClientOptions> = {}) {
  const sleeper = fastSleep();
  const client = createApiVideoClient({
    environment: 'production',
    apiKey: CRAFTED_KEY,
    baseUrl: server.url,
    sleep: sleeper.sleep,
    ...options,
  });
  return { client, waits: sleeper.waits };
}

/** `METHOD /path` of every request the server received, in order. */
export function calls(server: ApiVideoServer): string[] {
  return server.requests.map((request) => `${request.method} ${request.path}`);
}

export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

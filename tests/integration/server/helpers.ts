// Shared plumbing for the local api.video server's own tests: start it quietly, get a
// bearer token, call it with real fetch.
import { afterEach } from 'vitest';
import type { AccessTokenResponse, Environment } from '@/utils/apivideo/types';
import { type ApiVideoServer, type ApiVideoServerOptions, DEFAULT_KEYS, startApiVideoServer } from '@/tests/server';

const running: ApiVideoServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** A server closed automatically after the test; quiet because many tests send bad requests on purpose. */
export async function startServer(options: ApiVideoServerOptions = {}): Promise<ApiVideoServer> {
  const server = await startApiVideoServer({ quiet: true, ...options });
  running.push(server);
  return server;
}

export const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

export async function exchangeKey(
  server: ApiVideoServer,
  env: Environment = 'production',
  apiKey: string = DEFAULT_KEYS[env],
): Promise<AccessTokenResponse> {
  const response = await fetch(`${server.urls[env]}/auth/api-key`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ apiKey }),
  });
  if (response.status !== 200) throw new Error(`auth failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as AccessTokenResponse;
}

/** fetch() against one environment with a fresh bearer token (of the default account unless apiKey says otherwise). */
export async function authorizedFetcher(
  server: ApiVideoServer,
  env: Environment = 'production',
  apiKey: string = DEFAULT_KEYS[env],
) {
  const { access_token } = await exchangeKey(server, env, apiKey);
  return (path: string, init: RequestInit = {}) =>
    fetch(`${server.urls[env]}${path}`, {
      ...init,
      headers: {
        ...JSON_HEADERS,
        Authorization: `Bearer ${access_token}`,
        ...(init.headers as Record<string, string>),
      },
    });
}

export function basicAuth(apiKey: string): string {
  return `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
}

// Shared plumbing for the local api.video server's own tests: get a bearer token, call the
// server with real fetch. The server itself comes from the startServer fixture.
import type { AccessTokenResponse, Environment } from '@/utils/apivideo/types';
import { type ApiVideoServer, DEFAULT_KEYS } from '@/tests/server';

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

import { describe, expect } from 'vitest';
import { it } from '@/tests/helpers/server-fixture';
import type { AccessTokenResponse } from '@/utils/apivideo/types';
import { JSON_HEADERS, authorizedFetcher, exchangeKey } from './helpers';

/** A fetch whose settlement can be checked without awaiting it. */
function track(response: Promise<Response>) {
  const state = { settled: false, response };
  response.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

describe('held requests', () => {
  it("phase 'before': the request is recorded but nothing runs until release", async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.addToken('production', { token: 'toHeld', ttl: 0 });
    const hold = server.hold({ method: 'DELETE' });

    const deletion = track(call('/upload-tokens/toHeld', { method: 'DELETE' }));
    const arrived = await hold.arrived;
    expect(arrived).toMatchObject({ method: 'DELETE', path: '/upload-tokens/toHeld', status: 0 });
    expect(server.requests.at(-1)).toBe(arrived);
    expect(hold.held).toBe(1);
    // Other requests go through meanwhile, and see the token still there.
    expect((await call('/upload-tokens/toHeld')).status).toBe(200);
    expect(deletion.settled).toBe(false);
    expect(server.operations.all).toEqual([]);

    hold.release();
    expect((await deletion.response).status).toBe(204);
    expect(hold.held).toBe(0);
    expect(arrived.status).toBe(204);
    expect(server.tokens('production')).toEqual([]);
  });

  it("phase 'after': the operation has run, the answer waits", async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.addToken('production', { token: 'toGone', ttl: 0 });
    const hold = server.hold({ method: 'DELETE', pathPrefix: '/upload-tokens/', phase: 'after' });

    const deletion = track(call('/upload-tokens/toGone', { method: 'DELETE' }));
    await hold.arrived;
    expect(server.tokens('production')).toEqual([]);
    expect((await call('/upload-tokens/toGone')).status).toBe(404);
    expect(deletion.settled).toBe(false);
    expect(server.operations.deleted.map((entry) => entry.token)).toEqual(['toGone']);

    hold.release();
    expect((await deletion.response).status).toBe(204);
  });

  it('can hold /auth calls when its pathPrefix names them, and spares them otherwise', async ({ startServer }) => {
    const server = await startServer();
    const everything = server.hold({ times: 5 });
    const { refresh_token } = await exchangeKey(server); // not held: no pathPrefix
    const refreshHold = server.hold({ pathPrefix: '/auth/refresh' });

    const refresh = track(
      fetch(`${server.urls.production}/auth/refresh`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ refreshToken: refresh_token }),
      }),
    );
    expect(await refreshHold.arrived).toMatchObject({ path: '/auth/refresh' });
    expect(refresh.settled).toBe(false);
    expect(everything.held).toBe(0);
    refreshHold.release();
    const response = await refresh.response;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token_type: 'Bearer' } satisfies Partial<AccessTokenResponse>);
    everything.release();
  });

  it('holds `times` matching requests, then lets later ones through; release disarms', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    const hold = server.hold({ method: 'get', environment: 'production', times: 2 });

    const first = track(call('/upload-tokens?currentPage=1'));
    const second = track(call('/upload-tokens?currentPage=2'));
    const held = await hold.arrivals(2);
    expect(held.map((request) => request.query.currentPage).sort()).toEqual(['1', '2']);
    expect(hold.held).toBe(2);
    // The third matching request is past `times`: answered at once.
    expect((await call('/upload-tokens?currentPage=3')).status).toBe(200);
    // A POST does not match a GET hold.
    expect((await call('/upload-tokens', { method: 'POST', body: '{}' })).status).toBe(200);
    expect([first.settled, second.settled]).toEqual([false, false]);

    hold.release();
    expect([(await first.response).status, (await second.response).status]).toEqual([200, 200]);
    hold.release(); // idempotent
    await expect(hold.arrivals(3)).rejects.toThrow(RangeError);
  });

  it('matches by environment', async ({ startServer }) => {
    const server = await startServer();
    const production = await authorizedFetcher(server, 'production');
    const sandbox = await authorizedFetcher(server, 'sandbox');
    const hold = server.hold({ environment: 'sandbox' });

    expect((await production('/upload-tokens')).status).toBe(200);
    const held = track(sandbox('/upload-tokens'));
    expect(await hold.arrived).toMatchObject({ environment: 'sandbox' });
    hold.release();
    expect((await held.response).status).toBe(200);
  });

  it("phase 'after' lets refusals through and holds the next request whose operation ran", async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    const hold = server.hold({ method: 'DELETE', phase: 'after' });
    // No credentials: refused with 401 before any operation, so not held.
    expect((await fetch(`${server.urls.production}/upload-tokens/toNone`, { method: 'DELETE' })).status).toBe(401);
    expect(hold.held).toBe(0);

    const notFound = track(call('/upload-tokens/toNone', { method: 'DELETE' }));
    await hold.arrived;
    expect(notFound.settled).toBe(false);
    expect(server.operations.all).toMatchObject([{ result: 'not-found', token: 'toNone' }]);
    hold.release();
    expect((await notFound.response).status).toBe(404);
  });

  it('close() ends held requests without running them', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.addToken('production', { token: 'toKept', ttl: 0 });
    const hold = server.hold({ method: 'DELETE' });
    const deletion = call('/upload-tokens/toKept', { method: 'DELETE' });
    await hold.arrived;

    await server.close();
    await expect(deletion).rejects.toThrow(TypeError);
    expect(server.tokens('production').map((token) => token.token)).toEqual(['toKept']);
    expect(server.operations.all).toEqual([]);
  });
});

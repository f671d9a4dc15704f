// The one way unit and integration tests run the local api.video: the `startServer` fixture.
// Every server a test starts is closed after that test, whether it passed or failed (or its
// checks did), so no test leaves a listener (or a held request) behind for the next one.
import { test as base } from 'vitest';
import { startApiVideoServer, type ApiVideoServer, type ApiVideoServerOptions } from '@/tests/server';

export interface ServerFixtures {
  /** Starts a local api.video, quiet unless `quiet: false` (many tests send bad requests on purpose). */
  startServer: (options?: ApiVideoServerOptions) => Promise<ApiVideoServer>;
  /**
   * Runs on every server the test started, after the test and before the server closes: a suite
   * overrides it (`test.extend({ checkServer })`) to assert what must hold for every request.
   */
  checkServer: (server: ApiVideoServer) => void;
}

export const test = base.extend<ServerFixtures>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern: none
  checkServer: async ({}, use) => use(() => undefined),
  startServer: async ({ checkServer }, use) => {
    const started: ApiVideoServer[] = [];
    try {
      await use(async (options = {}) => {
        const server = await startApiVideoServer({ quiet: true, ...options });
        started.push(server);
        return server;
      });
      for (const server of started) checkServer(server);
    } finally {
      await Promise.all(started.map((server) => server.close()));
    }
  },
});

export const it = test;

// The `startServer` fixture closes what a test started even when that test fails. The second
// test reads what the first left behind: they run in this order, in this file.
import { describe, expect } from 'vitest';
import { it } from '@/tests/helpers/server-fixture';
import type { ApiVideoServer } from '@/tests/server';

/** Addresses that answered during the failing test. */
const answered: string[] = [];

describe('the startServer fixture', () => {
  it.fails('starts servers for a test that then fails', async ({ startServer }) => {
    for (const server of [await startServer(), await startServer({ rateLimit: false })]) {
      for (const url of Object.values(server.urls)) {
        await fetch(`${url}/upload-tokens`);
        answered.push(url);
      }
    }
    throw new Error('this test fails on purpose');
  });

  it('has closed every one of them after that test', async () => {
    expect(answered).toHaveLength(4);
    for (const url of answered) await expect(fetch(`${url}/upload-tokens`)).rejects.toThrow('fetch failed');
  });
});

/** Servers whose check failed. */
const checked: string[] = [];
const checking = it.extend({
  // eslint-disable-next-line no-empty-pattern -- no dependencies
  checkServer: async ({}, use) =>
    use((server: ApiVideoServer) => {
      checked.push(server.urls.production);
      throw new Error('this check fails on purpose');
    }),
});

describe('the startServer fixture with a check', () => {
  checking.fails('fails when its check fails after the test', async ({ startServer }) => {
    await startServer();
    await startServer();
  });

  it('has closed the server even though its check failed', async () => {
    expect(checked).toHaveLength(1);
    await expect(fetch(`${checked[0]}/upload-tokens`)).rejects.toThrow('fetch failed');
  });
});

import { Worker } from 'node:worker_threads';
import type { UploadToken } from '@/utils/apivideo/types';
import type { ApiVideoServerOptions, ServerStats } from '../tests/server';

export interface ThreadedServer {
  urls: { production: string; sandbox: string };
  seed(
    env: 'production' | 'sandbox',
    options: { count: number; neverExpiring?: number; expiringSoon?: number; seed?: number },
  ): Promise<void>;
  /** A token created on the server directly, as the person's backend would (no request counted). */
  addToken(env: 'production' | 'sandbox', token: { ttl: number }): Promise<UploadToken>;
  /** Moves the server's clock forward (tokens expire); returns the total offset in ms. */
  advanceClock(ms: number): Promise<number>;
  stats(): Promise<ServerStats>;
  tokens(env: 'production' | 'sandbox'): Promise<string[]>;
  close(): Promise<void>;
}

export async function startThreadedServer(options: ApiVideoServerOptions): Promise<ThreadedServer> {
  const worker = new Worker(new URL('./server-worker-boot.mjs', import.meta.url), { workerData: options });
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const urls = await new Promise<ThreadedServer['urls']>((resolve, reject) => {
    worker.once('error', reject);
    worker.on(
      'message',
      (message: { ready?: { urls: ThreadedServer['urls'] }; id?: number; result?: unknown; error?: string }) => {
        if (message.ready) return resolve(message.ready.urls);
        const call = pending.get(message.id!);
        pending.delete(message.id!);
        if (message.error) call?.reject(new Error(message.error));
        else call?.resolve(message.result);
      },
    );
  });
  const call = <T>(method: string, ...args: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, method, args });
    });
  return {
    urls,
    seed: (env, seedOptions) => call('seed', env, seedOptions),
    addToken: (env, token) => call('addToken', env, token),
    advanceClock: (ms) => call('advanceClock', ms),
    stats: () => call('stats'),
    tokens: (env) => call('tokens', env),
    async close() {
      await call('close');
      await worker.terminate();
    },
  };
}

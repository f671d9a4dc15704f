// A tiny HTTP server whose answers each test writes itself: for what the local api.video must
// never do (lie about pagination, redirect, answer a delete that already happened). It signs
// any key in; every other request goes to the test's `answer`.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterEach } from 'vitest';
import type { AddressInfo } from 'node:net';

export interface CraftedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
}

/** 'drop': close the connection without an answer; 'hold': never answer. */
export type CraftedAnswer = 'drop' | 'hold' | { status: number; headers?: Record<string, string>; body?: unknown };

export interface CraftedServer {
  url: string;
  /** Every request but the sign-in, in arrival order. */
  requests: CraftedRequest[];
  /** Every POST /auth/api-key and /auth/refresh. */
  signIns: CraftedRequest[];
  close(): Promise<void>;
}

export const CRAFTED_KEY = 'crafted-server-key';

const SIGNED_IN = {
  token_type: 'Bearer',
  expires_in: 3600,
  access_token: 'crafted-access',
  refresh_token: 'crafted-refresh',
};

export type Answer = (request: CraftedRequest, index: number) => CraftedAnswer | undefined;

/** `answer` gets every request but the sign-in, with its index; `answerAuth` may answer the sign-in instead. */
export async function startCraftedServer(
  answer: Answer,
  options: { answerAuth?: (request: CraftedRequest) => CraftedAnswer | undefined } = {},
): Promise<CraftedServer> {
  const requests: CraftedRequest[] = [];
  const signIns: CraftedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://crafted');
      const request: CraftedRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      let reply: CraftedAnswer | undefined;
      if (request.path === '/auth/api-key' || request.path === '/auth/refresh') {
        signIns.push(request);
        reply = options.answerAuth?.(request) ?? { status: 200, body: SIGNED_IN };
      } else {
        requests.push(request);
        reply = answer(request, requests.length - 1) ?? { status: 500, body: { title: 'not crafted' } };
      }
      if (reply === 'hold') return;
      if (reply === 'drop') {
        incoming.socket.destroy();
        return;
      }
      const body =
        reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      const contentType = typeof reply.body === 'object' ? { 'Content-Type': 'application/json' } : {};
      outgoing.writeHead(reply.status, { ...contentType, ...reply.headers });
      outgoing.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    signIns,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A list page as api.video shapes it. */
export function craftedPage(
  data: { token: string; ttl: number; createdAt?: string }[],
  pagination: { currentPage: number; pageSize?: number; pagesTotal: number; itemsTotal: number },
) {
  return {
    status: 200,
    body: {
      data: data.map((token) => ({ createdAt: '2025-01-01T00:00:00+00:00', ...token })),
      pagination: { pageSize: 100, currentPageItems: data.length, links: [], ...pagination },
    },
  };
}

/** Starts crafted servers on demand and closes them after each test. */
export function useCraftedServers() {
  const started: CraftedServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return {
    async start(answer: Answer, options?: Parameters<typeof startCraftedServer>[1]): Promise<CraftedServer> {
      const server = await startCraftedServer(answer, options);
      started.push(server);
      return server;
    },
  };
}

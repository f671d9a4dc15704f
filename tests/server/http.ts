// One node:http(s) listener per environment, translating sockets to engine requests and
// back. Also where "offline" lives: it is a property of connections, not of requests.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Environment } from '@/utils/apivideo/types';
import type { Engine } from './engine';
import type { TestCertificate } from './tls';

/** Bodies of the api.video calls are tiny; anything larger is a client bug. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface Listener {
  port: number;
  url: string;
  /** Destroys every open connection (for setOffline and close). */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function listen(options: {
  environment: Environment;
  engine: Engine;
  host: string;
  port: number;
  certificate?: TestCertificate;
  isOffline: () => boolean;
}): Promise<Listener> {
  const { environment, engine, certificate, isOffline } = options;
  const protocol = certificate ? 'https' : 'http';
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void serve(environment, engine, protocol, req, res, isOffline);
  };
  const server = certificate
    ? https.createServer({ cert: certificate.cert, key: certificate.key }, onRequest)
    : http.createServer(onRequest);

  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    // A server that is down: the TCP handshake may complete, nothing else will.
    if (isOffline()) return socket.destroy();
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    url: `${protocol}://${hostInUrl}:${port}`,
    dropConnections,
    close: () =>
      new Promise<void>((resolve) => {
        dropConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(
  environment: Environment,
  engine: Engine,
  protocol: string,
  req: IncomingMessage,
  res: ServerResponse,
  isOffline: () => boolean,
): Promise<void> {
  try {
    const body = await readBody(req);
    if (isOffline()) return void req.socket.destroy();
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    const response = await engine.handle({
      environment,
      method: (req.method ?? 'GET').toUpperCase(),
      path: rawPath,
      search: url.search,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      body,
      origin: `${protocol}://${req.headers.host ?? 'localhost'}`,
    });
    if ('drop' in response || isOffline()) return void req.socket.destroy();
    res.writeHead(response.status, { ...response.headers, 'Content-Length': Buffer.byteLength(response.body) });
    res.end(response.body);
  } catch {
    // Closed while waiting (latency, 'slow') or the body was unreadable: just hang up.
    req.socket.destroy();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

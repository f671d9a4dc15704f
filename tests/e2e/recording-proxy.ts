// The proxy Firefox is pointed at for the end-to-end suite. Firefox has no equivalent of
// Chromium's --host-resolver-rules MAP, and its background page is no puppeteer target whose
// requests could be watched: so every connection the browser opens comes here, is recorded,
// and only api.video's two hosts (port 443) are let through, each to its own port of the local
// api.video server. Everything else is refused: nothing leaves the machine.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { API_HOSTS, type BrowserRequest } from './fixtures';

export interface RecordingProxy {
  port: number;
  /** One entry per connection (CONNECT host:443 as https://host/) or plain-HTTP request. */
  requests: BrowserRequest[];
  close(): Promise<void>;
}

export async function startRecordingProxy(ports: { production: number; sandbox: number }): Promise<RecordingProxy> {
  const routes = new Map<string, number>([
    [`${API_HOSTS.production}:443`, ports.production],
    [`${API_HOSTS.sandbox}:443`, ports.sandbox],
  ]);
  const requests: BrowserRequest[] = [];
  const sockets = new Set<net.Socket>();
  const record = (method: string, url: string, headers: http.IncomingHttpHeaders) =>
    requests.push({
      url,
      method,
      resourceType: 'connection',
      fromServiceWorker: false,
      headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)])),
      postData: null,
    });

  const proxy = http.createServer((request, response) => {
    record(request.method ?? 'GET', request.url ?? '', request.headers);
    response.writeHead(403).end();
  });
  proxy.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  proxy.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = request.url ?? '';
    const [host = '', port = ''] = target.split(':');
    record('CONNECT', port === '443' ? `https://${host}/` : `https://${target}/`, request.headers);
    const upstreamPort = routes.get(target);
    if (upstreamPort === undefined) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(upstreamPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}

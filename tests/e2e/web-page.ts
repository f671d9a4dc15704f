// A tiny ordinary web page on another loopback port, reached in the browser as
// http://page.test/ (mapped to its port by --host-resolver-rules). It tries, by itself, to talk to
// the extension, and writes what happened into #result for the test to read.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const WEB_PAGE_HOST = 'page.test';

export interface WebPage {
  port: number;
  /** http://page.test/ (the resolver rule supplies the port); the extension id goes in ?id= */
  url: string;
  close(): Promise<void>;
}

const HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>An ordinary web page</title></head>
<body>
<h1>An ordinary web page</h1>
<p id="result">pending</p>
<script>
  const id = new URLSearchParams(location.search).get('id');
  async function attempt() {
    const runtime = globalThis.chrome && globalThis.chrome.runtime;
    if (!runtime || typeof runtime.sendMessage !== 'function') return 'no-runtime-api';
    try {
      const reply = await runtime.sendMessage(id, { type: 'refreshList', payload: { environment: 'production' } });
      return 'reply:' + JSON.stringify(reply);
    } catch (error) {
      return 'error:' + (error && error.message);
    }
  }
  attempt().then((result) => { document.getElementById('result').textContent = result; });
</script>
</body>
</html>`;

export async function startWebPage(): Promise<WebPage> {
  const server = http.createServer((req, res) => {
    if ((req.url ?? '/').split('?')[0] !== '/') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(HTML);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${WEB_PAGE_HOST}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

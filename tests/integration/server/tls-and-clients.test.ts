import { spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import ApiVideoClient from '@api.video/nodejs-client';
import { describe, expect } from 'vitest';
import { it } from '@/tests/helpers/server-fixture';
import { DEFAULT_KEYS, OTHER_KEYS } from '@/tests/server';
import { basicAuth } from './helpers';

function httpsRequest(options: https.RequestOptions, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.request(options, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('HTTPS mode', () => {
  it.for(['ws.api.video', 'sandbox.api.video', 'localhost'])(
    'serves a certificate valid for %s',
    async (servername, { startServer }) => {
      const server = await startServer({ tls: true });
      const certificate = server.certificate!;
      expect(server.urls.production).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

      const body = JSON.stringify({ apiKey: DEFAULT_KEYS.production });
      const response = await httpsRequest(
        {
          host: '127.0.0.1',
          port: server.ports.production,
          path: '/auth/api-key',
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
          ca: certificate.cert, // trust exactly this certificate: no NODE_TLS_REJECT_UNAUTHORIZED
          servername,
          agent: false,
        },
        body,
      );
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ token_type: 'Bearer' });
    },
  );

  it('publishes the SPKI hash Chromium’s --ignore-certificate-errors-spki-list expects', async ({ startServer }) => {
    const server = await startServer({ tls: true });
    const { cert, key, spkiSha256Base64 } = server.certificate!;
    const spki = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
    expect(spkiSha256Base64).toBe(createHash('sha256').update(spki).digest('base64'));
    expect(spkiSha256Base64).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(key).toContain('PRIVATE KEY');
    expect(new X509Certificate(cert).subjectAltName).toContain('DNS:ws.api.video');
  });

  it('has no certificate in plain HTTP mode', async ({ startServer }) => {
    const server = await startServer();
    expect(server.certificate).toBeUndefined();
    expect(server.urls.sandbox).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.ports.sandbox).not.toBe(server.ports.production);
  });
});

describe('api.video’s official Node client (@api.video/nodejs-client 2.6.8, HTTP Basic on every call)', () => {
  it('lists, creates, gets and deletes, with requests the spec accepts', async ({ startServer }) => {
    const server = await startServer();
    server.seed('production', { count: 30, neverExpiring: 4 });
    const client = new ApiVideoClient({ apiKey: DEFAULT_KEYS.production, baseUri: server.urls.production });

    const listed = await client.uploadTokens.list({ pageSize: 100 });
    expect(listed.data).toHaveLength(30);
    expect(listed.pagination.itemsTotal).toBe(30);

    const created = await client.uploadTokens.createToken({ ttl: 3600 });
    expect(created.ttl).toBe(3600);
    expect((await client.uploadTokens.getToken(created.token!)).token).toBe(created.token);
    await client.uploadTokens.deleteToken(created.token!);
    await expect(client.uploadTokens.getToken(created.token!)).rejects.toMatchObject({ code: 404 });

    expect(
      server.requests.every((request) => request.headers.authorization === basicAuth(DEFAULT_KEYS.production)),
    ).toBe(true);
    expect(server.validationErrors).toEqual([]);
  });

  it('sees the other environment’s key refused', async ({ startServer }) => {
    const server = await startServer();
    const client = new ApiVideoClient({ apiKey: DEFAULT_KEYS.sandbox, baseUri: server.urls.production });
    await expect(client.uploadTokens.list()).rejects.toMatchObject({ code: 401 });
  });
});

describe('cli.ts', () => {
  interface Printed {
    urls: { production: string; sandbox: string };
    keys: typeof DEFAULT_KEYS;
    otherKeys: typeof OTHER_KEYS;
    spkiSha256Base64: string | null;
  }

  /** Runs the CLI until `use` is done with what it printed, then stops it with SIGTERM. */
  async function withCli(args: string[], use: (printed: Printed) => Promise<void>): Promise<void> {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/server/cli.ts', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const { value: line } = await lines.next();
      await use(JSON.parse(line as string) as Printed);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }

  it('prints urls, keys and SPKI hash as one JSON line and stops on SIGTERM', async () => {
    await withCli(['--tls', '--seed-production', '6', '--never-expiring', '2', '--no-rate-limit'], async (printed) => {
      expect(printed.keys).toEqual(DEFAULT_KEYS);
      expect(printed.otherKeys).toEqual(OTHER_KEYS);
      expect(printed.spkiSha256Base64).toMatch(/=$/);
      const url = new URL(printed.urls.production);
      const response = await httpsRequest({
        host: url.hostname,
        port: Number(url.port),
        path: '/upload-tokens',
        headers: { Authorization: basicAuth(printed.keys.production) },
        rejectUnauthorized: false, // the CLI prints only the hash; the certificate itself is tested above
        agent: false,
      });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ pagination: { itemsTotal: 6 } });
    });
  });

  it('--chaos 1 (with --chaos-seed) faults every API request', async () => {
    await withCli(['--chaos', '1', '--chaos-seed', '5', '--no-rate-limit'], async (printed) => {
      expect(printed.spkiSha256Base64).toBeNull();
      const response = await fetch(`${printed.urls.production}/upload-tokens`, {
        headers: { Authorization: basicAuth(printed.keys.production) },
      }).then(
        async (answer) => ({ status: answer.status, body: await answer.text() }),
        () => ({ status: 0, body: '' }), // dropped
      );
      const wellFormed = response.status === 200 && response.body.startsWith('{"data":') && response.body.endsWith('}');
      expect(wellFormed).toBe(false);
    });
  });
});

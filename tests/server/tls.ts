// A throwaway certificate for the HTTPS mode: valid for api.video's host names so the
// unmodified production build can be pointed here with --host-resolver-rules.
import { createHash, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

export interface TestCertificate {
  cert: string;
  key: string;
  /** base64 sha256 of the SubjectPublicKeyInfo, for Chromium's --ignore-certificate-errors-spki-list. */
  spkiSha256Base64: string;
}

export const CERTIFICATE_HOSTS = ['ws.api.video', 'sandbox.api.video', 'localhost'] as const;

export async function createTestCertificate(): Promise<TestCertificate> {
  const day = 24 * 3600 * 1000;
  const pems = await generate([{ name: 'commonName', value: 'ws.api.video' }], {
    // EC keys generate in milliseconds; RSA-2048 would cost a noticeable pause per server.
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    // Back-dated a day so small clock differences never make it "not yet valid".
    notBeforeDate: new Date(Date.now() - day),
    notAfterDate: new Date(Date.now() + 90 * day),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...CERTIFICATE_HOSTS.map((value) => ({ type: 2 as const, value })), { type: 7, ip: '127.0.0.1' }],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private, spkiSha256Base64: spkiSha256Base64(pems.cert) };
}

export function spkiSha256Base64(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

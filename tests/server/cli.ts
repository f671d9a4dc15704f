// Runs the local api.video server by hand (demos, manual testing, browser runs):
//   npx tsx tests/server/cli.ts [--tls] [--port-production N] [--port-sandbox N]
//     [--seed-production N] [--never-expiring K] [--expiring-soon M] [--latency ms] [--no-rate-limit]
//     [--chaos rate (0-1)] [--chaos-seed N]
// Prints one JSON line (urls, the fake keys, the SPKI hash) so scripts can read it, then
// serves until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { DEFAULT_KEYS, OTHER_KEYS, startApiVideoServer } from './index';

const { values } = parseArgs({
  options: {
    tls: { type: 'boolean', default: false },
    'port-production': { type: 'string' },
    'port-sandbox': { type: 'string' },
    'seed-production': { type: 'string' },
    'never-expiring': { type: 'string' },
    'expiring-soon': { type: 'string' },
    latency: { type: 'string' },
    'no-rate-limit': { type: 'boolean', default: false },
    chaos: { type: 'string' },
    'chaos-seed': { type: 'string' },
  },
  strict: true,
});

function count(name: keyof typeof values, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a non-negative integer, got ${String(raw)}`);
    process.exit(2);
  }
  return value;
}

const server = await startApiVideoServer({
  tls: values.tls,
  ports: { production: count('port-production', 0), sandbox: count('port-sandbox', 0) },
  latencyMs: count('latency', 0),
  ...(values['no-rate-limit'] ? { rateLimit: false as const } : {}),
});

const seeded = count('seed-production', 0);
if (seeded > 0) {
  server.seed('production', {
    count: seeded,
    neverExpiring: count('never-expiring', 0),
    expiringSoon: count('expiring-soon', 0),
  });
}

if (values.chaos !== undefined) {
  const rate = Number(values.chaos);
  if (values.chaos.trim() === '' || !(rate >= 0 && rate <= 1)) {
    console.error(`--chaos must be a rate between 0 and 1, got ${values.chaos}`);
    process.exit(2);
  }
  server.chaos({ seed: count('chaos-seed', 1), rate });
}

process.stdout.write(
  `${JSON.stringify({
    urls: server.urls,
    ports: server.ports,
    keys: DEFAULT_KEYS, // fake keys, valid only against this server
    otherKeys: OTHER_KEYS, // a second account per environment
    spkiSha256Base64: server.certificate?.spkiSha256Base64 ?? null,
  })}\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}

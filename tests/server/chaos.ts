// Chaos: seeded random faults on a share of requests, reproducible from the seed, to check
// that what a client reports matches what the server actually did whatever goes wrong.
import { seededRandom } from './random';
import { isAuthPath } from './routes';
import type { ChaosKind, ChaosOptions, Phase } from './types';

export const DEFAULT_CHAOS_KINDS: readonly ChaosKind[] = [
  'rate-limit',
  'server-error-json',
  'bad-gateway-html',
  'malformed-json',
  'drop-connection',
];

const KNOWN_KINDS: readonly ChaosKind[] = [
  'rate-limit',
  'server-error-html',
  'bad-gateway-html',
  'service-unavailable-html',
  'server-error-json',
  'drop-connection',
  'malformed-json',
  'non-json-200',
  'expired-access-token',
];

/** Refusals: api.video answers these before doing anything, so they never strike after an operation. */
const ALWAYS_BEFORE: ReadonlySet<ChaosKind> = new Set(['rate-limit', 'expired-access-token']);

export class Chaos {
  private readonly random: ReturnType<typeof seededRandom>;
  private readonly rate: number;
  private readonly kinds: readonly ChaosKind[];

  constructor(options: ChaosOptions) {
    if (!Number.isInteger(options.seed)) throw new RangeError(`chaos: seed must be an integer: ${options.seed}`);
    if (!(options.rate >= 0 && options.rate <= 1))
      throw new RangeError(`chaos: rate must be between 0 and 1: ${options.rate}`);
    const kinds = options.kinds ?? DEFAULT_CHAOS_KINDS;
    if (kinds.length === 0) throw new RangeError('chaos: kinds must not be empty');
    const unknown = kinds.filter((kind) => !KNOWN_KINDS.includes(kind));
    if (unknown.length > 0) throw new RangeError(`chaos: unknown kinds: ${unknown.join(', ')}`);
    this.random = seededRandom(options.seed);
    this.rate = options.rate;
    this.kinds = [...kinds];
  }

  /**
   * The fault for this request, if any. Three draws for every non-/auth request, whatever
   * their outcome, so one request's method never shifts the faults of the ones after it.
   */
  draw(method: string, path: string): { kind: ChaosKind; phase: Phase } | undefined {
    if (isAuthPath(path)) return undefined;
    const [hit, pick, when] = [this.random.next(), this.random.next(), this.random.next()];
    if (hit >= this.rate) return undefined;
    const kind = this.kinds[Math.floor(pick * this.kinds.length)] as ChaosKind;
    const changesState = method === 'POST' || method === 'DELETE';
    return { kind, phase: changesState && !ALWAYS_BEFORE.has(kind) && when < 0.5 ? 'after' : 'before' };
  }
}

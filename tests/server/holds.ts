// Held requests: a test stops chosen requests at a chosen point (before anything happens,
// or after the operation ran but before the answer leaves) and lets them go when it wants,
// so races are staged by order, never by sleeping.
import type { Environment } from '@/utils/apivideo/types';
import { matchesRequest } from './faults';
import type { HeldResponses, HoldMatch, Phase, RecordedRequest } from './types';

class Hold implements HeldResponses {
  readonly arrived: Promise<RecordedRequest>;
  private remaining: number;
  private released = false;
  private readonly waiting = new Set<() => void>();
  private readonly taken: RecordedRequest[] = [];
  private readonly watchers: { count: number; resolve: (requests: RecordedRequest[]) => void }[] = [];

  constructor(readonly match: HoldMatch) {
    const times = match.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`hold: times must be a positive integer: ${times}`);
    this.remaining = times;
    this.arrived = this.arrivals(1).then(([first]) => first as RecordedRequest);
  }

  get held(): number {
    return this.waiting.size;
  }

  get armed(): boolean {
    return !this.released && this.remaining > 0;
  }

  arrivals(count: number): Promise<RecordedRequest[]> {
    const times = this.match.times ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > times) {
      return Promise.reject(new RangeError(`hold: arrivals(count) needs 1 ≤ count ≤ times (${times}): ${count}`));
    }
    return new Promise((resolve) => {
      this.watchers.push({ count, resolve });
      this.notify();
    });
  }

  release(): void {
    this.released = true;
    for (const proceed of [...this.waiting]) proceed();
    this.waiting.clear();
  }

  /** Called by the registry for a matching request while armed: waits until release() or shutdown. */
  take(record: RecordedRequest, signal: AbortSignal): Promise<void> {
    this.remaining--;
    this.taken.push(record);
    return new Promise<void>((resolve, reject) => {
      const proceed = () => {
        signal.removeEventListener('abort', abort);
        this.waiting.delete(proceed);
        resolve();
      };
      const abort = () => {
        this.waiting.delete(proceed);
        reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
      };
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      this.waiting.add(proceed);
      this.notify(); // after adding, so `held` already counts it when `arrived` resolves
    });
  }

  private notify(): void {
    for (const watcher of [...this.watchers]) {
      if (this.taken.length < watcher.count) continue;
      this.watchers.splice(this.watchers.indexOf(watcher), 1);
      watcher.resolve(this.taken.slice(0, watcher.count));
    }
  }
}

export class HoldRegistry {
  private holds: Hold[] = [];

  add(match: HoldMatch = {}): HeldResponses {
    const hold = new Hold(match);
    this.holds.push(hold);
    return hold;
  }

  /** Waits if the first armed hold of this phase matches the request; rejects when the server shuts down. */
  async wait(phase: Phase, environment: Environment, record: RecordedRequest, signal: AbortSignal): Promise<void> {
    this.holds = this.holds.filter((hold) => hold.armed);
    const hold = this.holds.find(
      ({ match }) =>
        (match.phase ?? 'before') === phase && matchesRequest(match, environment, record.method, record.path),
    );
    if (hold) await hold.take(record, signal);
  }
}

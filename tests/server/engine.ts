// The transport-free core: one engine holds both environments' state and answers
// requests from either listener, in the order api.video does: faults (proxy in front),
// route, credentials, rate limit, spec validation, then the operation itself. Holds and
// 'after' faults (injected or chaos) wrap that: before anything happens, and once the
// operation ran, before its answer is sent.
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import { AuthStore } from './auth';
import type { Chaos } from './chaos';
import { faultOutcome, FaultQueue } from './faults';
import { runOperation } from './handlers';
import { HoldRegistry } from './holds';
import { invalidAccessToken, invalidCredentials, invalidRequest, notFound, tooManyRequests } from './problems';
import { RateLimiter, type RateCategory } from './rate-limit';
import { isAuthPath, matchRoute } from './routes';
import { TokenStore } from './token-store';
import type { Fault, Limits, Phase, RecordedRequest, ServerStats, TokenOperation, ValidationFailure } from './types';
import type { RequestValidator, ValidationIssue } from './validation';

export interface EngineSettings {
  keys: Record<Environment, string[]>;
  limits: Record<Environment, Limits | false>;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  invalidKeyStatus: 400 | 401;
  ignoreSorting: boolean;
  absoluteLinks: boolean;
  latencyMs: number;
  now: () => number;
  quiet: boolean;
  /** undefined = validation off. */
  validator?: RequestValidator;
}

export interface EngineRequest {
  environment: Environment;
  method: string;
  /** Raw path as sent, without the query string. */
  path: string;
  search: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** For absolute pagination links: what the client called us, e.g. 'https://ws.api.video'. */
  origin: string;
}

export type EngineResponse = { status: number; headers: Record<string, string>; body: string } | { drop: true };

/** One API key's project: its tokens, its rate-limit windows, its counters. */
export interface Account {
  key: string;
  tokens: TokenStore;
  limiter: RateLimiter;
  stats: ServerStats;
}

interface EnvironmentState {
  /** In the order the keys were given: the first is the default account. */
  accounts: Map<string, Account>;
  defaultAccount: Account;
  auth: AuthStore;
  /** Totals over every account, plus /auth calls that opened none. */
  stats: ServerStats;
}

const noStats = (): ServerStats => ({ reads: 0, writes: 0, auth: 0, rateLimited: 0 });

type AppliedFault = { fault: Fault; source: 'inject' | 'chaos' };
type Ran = { response: EngineResponse; operationRan: boolean };
const refused = (response: EngineResponse): Ran => ({ response, operationRan: false });

export class Engine {
  readonly environments: Record<Environment, EnvironmentState>;
  readonly faults = new FaultQueue();
  readonly holds = new HoldRegistry();
  chaos: Chaos | undefined;
  requests: RecordedRequest[] = [];
  operations: TokenOperation[] = [];
  readonly validationErrors: ValidationFailure[] = [];
  latencyMs: number;
  /** Aborted on close, so pending latency, 'slow' waits and holds do not outlive the server. */
  readonly shutdown = new AbortController();

  constructor(private readonly settings: EngineSettings) {
    // Every request waiting (latency, a hold, a slow fault) listens to it: a round of 20
    // concurrent probes is not a leak, whatever Node's default warning at 10 says. Under
    // happy-dom (the popup's tests) the signal is happy-dom's: no cap, and Node refuses it.
    try {
      setMaxListeners(0, this.shutdown.signal);
    } catch {
      // not Node's AbortSignal: nothing to lift
    }
    this.latencyMs = settings.latencyMs;
    const state = (environment: Environment): EnvironmentState => {
      const account = (key: string): Account => ({
        key,
        tokens: new TokenStore(settings.now),
        limiter: new RateLimiter(settings.limits[environment]),
        stats: noStats(),
      });
      // With no key at all there is still a default account: one nobody can open.
      const keys = settings.keys[environment].length > 0 ? settings.keys[environment] : [''];
      const accounts = new Map(keys.map((key) => [key, account(key)]));
      return {
        accounts,
        defaultAccount: accounts.values().next().value as Account,
        auth: new AuthStore(environment, {
          ...settings,
          keys: settings.keys[environment],
          onIssue: (key) => accounts.get(key)!.stats.auth++,
        }),
        stats: noStats(),
      };
    };
    this.environments = { production: state('production'), sandbox: state('sandbox') };
  }

  async handle(request: EngineRequest): Promise<EngineResponse> {
    const record: RecordedRequest = {
      environment: request.environment,
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers,
      body: request.body,
      status: 0,
      at: Date.now(),
    };
    this.requests.push(record);
    const response = await this.answer(request, record);
    if (!('drop' in response)) record.status = response.status;
    return response;
  }

  private async answer(request: EngineRequest, record: RecordedRequest): Promise<EngineResponse> {
    const { signal } = this.shutdown;
    await this.holds.wait('before', request.environment, record, signal);
    if (this.latencyMs > 0) await sleep(this.latencyMs, undefined, { signal });
    const env = this.environments[request.environment];
    const category: RateCategory = request.method === 'GET' ? 'reads' : 'writes';
    // Whose headers and counters a fault uses: the credential's account if it is valid, as
    // the proxy in front cannot know better than that.
    const credential = env.auth.check(headerValue(request.headers.authorization));
    const account = (credential.ok && env.accounts.get(credential.account)) || env.defaultAccount;

    const drawn = this.chaos?.draw(request.method, request.path);
    const chaosFault = drawn && { fault: { kind: drawn.kind, phase: drawn.phase }, source: 'chaos' as const };
    const before = this.takeFault('before', request) ?? (chaosFault?.fault.phase === 'before' ? chaosFault : undefined);
    const strike = (applied: AppliedFault, phase: Phase, realBody?: string) =>
      this.strike(applied, phase, record, env, account, category, realBody);
    let response = before && (await strike(before, 'before'));
    let operationRan = false;
    if (!response) ({ response, operationRan } = this.run(request, record, env, category));

    // 'after' faults and holds only meet requests whose operation ran: refusals pass them by.
    const chaosAfter = !before && chaosFault?.fault.phase === 'after' ? chaosFault : undefined;
    const after = operationRan ? (this.takeFault('after', request) ?? chaosAfter) : undefined;
    if (after) response = (await strike(after, 'after', 'drop' in response ? undefined : response.body)) ?? response;

    if (operationRan) await this.holds.wait('after', request.environment, record, signal);
    return response;
  }

  /** Records the fault and gives its answer, or undefined when it only delays ('slow'). */
  private async strike(
    applied: AppliedFault,
    phase: Phase,
    record: RecordedRequest,
    env: EnvironmentState,
    account: Account,
    category: RateCategory,
    realBody: string | undefined,
  ): Promise<EngineResponse | undefined> {
    record.fault = { kind: applied.fault.kind, phase, source: applied.source };
    const outcome = faultOutcome(applied.fault, account.limiter.peek(category)['X-RateLimit-Limit'], realBody);
    if (outcome.action === 'drop') return { drop: true };
    if (outcome.action === 'delay') {
      await sleep(outcome.ms, undefined, { signal: this.shutdown.signal });
      return undefined;
    }
    if (applied.fault.kind === 'rate-limit') this.count(env, account, 'rateLimited');
    return { status: outcome.status, headers: outcome.headers, body: outcome.body };
  }

  private takeFault(phase: Phase, request: EngineRequest): AppliedFault | undefined {
    const fault = this.faults.take(phase, request.environment, request.method, request.path);
    return fault && { fault, source: 'inject' };
  }

  /** Route, credentials, rate limit, validation, operation: api.video proper. */
  private run(request: EngineRequest, record: RecordedRequest, env: EnvironmentState, category: RateCategory): Ran {
    const route = matchRoute(request.method, request.path);
    const auth = isAuthPath(request.path);
    if (!route) {
      this.reportInvalid(request, [
        { location: 'path', message: 'no such api.video operation', keyword: 'route', params: {} },
      ]);
      return refused(json(404, notFound(''), auth ? {} : env.defaultAccount.limiter.peek(category)));
    }

    let rateHeaders: Record<string, string> = {};
    let account = env.defaultAccount; // /auth operations pick their account from the body
    if (auth) {
      env.stats.auth++; // /auth/* is not rate-limited and carries no X-RateLimit headers
    } else {
      const credential = env.auth.check(headerValue(request.headers.authorization));
      if (!credential.ok) {
        const problem = credential.kind === 'basic' ? invalidCredentials(401) : invalidAccessToken();
        return refused(json(401, problem, env.defaultAccount.limiter.peek(category)));
      }
      account = env.accounts.get(credential.account)!;
      const decision = account.limiter.take(category);
      rateHeaders = decision.headers;
      if (decision.window !== undefined) record.rateWindow = decision.window;
      if (!decision.allowed) {
        this.count(env, account, 'rateLimited');
        return refused(json(429, tooManyRequests(), rateHeaders));
      }
      this.count(env, account, category);
    }

    if (this.settings.validator) {
      const issues = this.settings.validator(route.operationId, request);
      if (issues.length > 0) {
        this.reportInvalid(request, issues);
        return refused(json(400, invalidRequest(issues), rateHeaders));
      }
    }

    const reply = runOperation(
      route,
      {
        tokens: account.tokens,
        auth: env.auth,
        invalidKeyStatus: this.settings.invalidKeyStatus,
        ignoreSorting: this.settings.ignoreSorting,
        linkOrigin: this.settings.absoluteLinks ? request.origin : '',
      },
      request.query,
      request.body,
    );
    const operation = { environment: request.environment, account: account.key, request: record };
    if (route.operationId === 'POST_upload-tokens' && reply.status === 200) {
      this.operations.push({
        ...operation,
        operation: 'create',
        result: 'created',
        token: (reply.body as UploadToken).token,
      });
    } else if (
      route.operationId === 'DELETE_upload-tokens-uploadToken' &&
      (reply.status === 204 || reply.status === 404)
    ) {
      this.operations.push({
        ...operation,
        operation: 'delete',
        result: reply.status === 204 ? 'deleted' : 'not-found',
        token: route.uploadToken,
      });
    }
    const response =
      reply.body === undefined
        ? { status: reply.status, headers: rateHeaders, body: '' }
        : json(reply.status, reply.body, rateHeaders);
    return { response, operationRan: true };
  }

  private count(env: EnvironmentState, account: Account, counter: keyof ServerStats): void {
    env.stats[counter]++;
    account.stats[counter]++;
  }

  setRateLimit(environment: Environment, limits: Limits | false): void {
    for (const account of this.environments[environment].accounts.values()) account.limiter.setLimits(limits);
  }

  /** Fail loudly: a request api.video would refuse is a bug in the caller, even if a test expected a 400. */
  private reportInvalid(request: EngineRequest, errors: ValidationIssue[]): void {
    const failure = { method: request.method, url: request.path + request.search, errors };
    this.validationErrors.push(failure);
    if (!this.settings.quiet) {
      const summary = errors.map((issue) => `${issue.location} ${issue.message}`).join('; ');
      console.error(
        `[api.video test server] ${request.environment}: api.video would not accept ${failure.method} ${failure.url}: ${summary}`,
      );
    }
  }
}

function json(status: number, body: unknown, headers: Record<string, string>): EngineResponse {
  return { status, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

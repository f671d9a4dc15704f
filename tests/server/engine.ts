// The transport-free core: one engine holds both environments' state and answers
// requests from either listener, in the order api.video does: faults (proxy in front),
// route, credentials, rate limit, spec validation, then the operation itself.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Environment } from '@/utils/apivideo/types';
import { AuthStore } from './auth';
import { faultOutcome, FaultQueue } from './faults';
import { runOperation } from './handlers';
import { invalidAccessToken, invalidCredentials, invalidRequest, notFound, tooManyRequests } from './problems';
import { RateLimiter, type RateCategory } from './rate-limit';
import { isAuthPath, matchRoute } from './routes';
import { TokenStore } from './token-store';
import type { Limits, RecordedRequest, ServerStats, ValidationFailure } from './types';
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

interface EnvironmentState {
  tokens: TokenStore;
  auth: AuthStore;
  limiter: RateLimiter;
  stats: ServerStats;
}

export class Engine {
  readonly environments: Record<Environment, EnvironmentState>;
  readonly faults = new FaultQueue();
  requests: RecordedRequest[] = [];
  readonly validationErrors: ValidationFailure[] = [];
  latencyMs: number;
  /** Aborted on close, so pending latency and 'slow' waits do not outlive the server. */
  readonly shutdown = new AbortController();

  constructor(private readonly settings: EngineSettings) {
    this.latencyMs = settings.latencyMs;
    const state = (environment: Environment): EnvironmentState => ({
      tokens: new TokenStore(settings.now),
      auth: new AuthStore(environment, { ...settings, keys: settings.keys[environment] }),
      limiter: new RateLimiter(settings.limits[environment]),
      stats: { reads: 0, writes: 0, auth: 0, rateLimited: 0 },
    });
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
    const response = await this.answer(request);
    if (!('drop' in response)) record.status = response.status;
    return response;
  }

  private async answer(request: EngineRequest): Promise<EngineResponse> {
    const { signal } = this.shutdown;
    if (this.latencyMs > 0) await sleep(this.latencyMs, undefined, { signal });
    const env = this.environments[request.environment];
    const category: RateCategory = request.method === 'GET' ? 'reads' : 'writes';

    const fault = this.faults.take(request.environment, request.method, request.path);
    if (fault) {
      const outcome = faultOutcome(fault, env.limiter.peek(category)['X-RateLimit-Limit']);
      if (outcome.action === 'drop') return { drop: true };
      if (outcome.action === 'delay') await sleep(outcome.ms, undefined, { signal });
      else {
        if (fault.kind === 'rate-limit') env.stats.rateLimited++;
        return outcome;
      }
    }

    const route = matchRoute(request.method, request.path);
    const auth = isAuthPath(request.path);
    if (!route) {
      this.reportInvalid(request, [{ location: 'path', message: 'no such api.video operation', keyword: 'route', params: {} }]);
      return json(404, notFound(''), auth ? {} : env.limiter.peek(category));
    }

    let rateHeaders: Record<string, string> = {};
    if (auth) {
      env.stats.auth++; // /auth/* is not rate-limited and carries no X-RateLimit headers
    } else {
      const credential = env.auth.check(headerValue(request.headers.authorization));
      if (!credential.ok) {
        const problem = credential.kind === 'basic' ? invalidCredentials(401) : invalidAccessToken();
        return json(401, problem, env.limiter.peek(category));
      }
      const decision = env.limiter.take(category);
      rateHeaders = decision.headers;
      if (!decision.allowed) {
        env.stats.rateLimited++;
        return json(429, tooManyRequests(), rateHeaders);
      }
      env.stats[category]++;
    }

    if (this.settings.validator) {
      const issues = this.settings.validator(route.operationId, request);
      if (issues.length > 0) {
        this.reportInvalid(request, issues);
        return json(400, invalidRequest(issues), rateHeaders);
      }
    }

    const reply = runOperation(
      route,
      {
        tokens: env.tokens,
        auth: env.auth,
        invalidKeyStatus: this.settings.invalidKeyStatus,
        ignoreSorting: this.settings.ignoreSorting,
        linkOrigin: this.settings.absoluteLinks ? request.origin : '',
      },
      request.query,
      request.body,
    );
    if (reply.body === undefined) return { status: reply.status, headers: rateHeaders, body: '' };
    return json(reply.status, reply.body, rateHeaders);
  }

  setRateLimit(environment: Environment, limits: Limits | false): void {
    this.environments[environment].limiter.setLimits(limits);
  }

  /** Fail loudly: a request api.video would refuse is a bug in the caller, even if a test expected a 400. */
  private reportInvalid(request: EngineRequest, errors: ValidationIssue[]): void {
    const failure = { method: request.method, url: request.path + request.search, errors };
    this.validationErrors.push(failure);
    if (!this.settings.quiet) {
      const summary = errors.map((issue) => `${issue.location} ${issue.message}`).join('; ');
      console.error(`[api.video test server] ${request.environment}: api.video would not accept ${failure.method} ${failure.url}: ${summary}`);
    }
  }
}

function json(status: number, body: unknown, headers: Record<string, string>): EngineResponse {
  return { status, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

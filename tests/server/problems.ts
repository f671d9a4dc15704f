// api.video's problem-details bodies (as documented on docs.api.video). Clients must key on `type` and
// `status`, never on `title`, so titles here follow the docs but are not a contract.
import type { ApiVideoProblem } from '@/utils/apivideo/types';

const DOCS = 'https://docs.api.video/reference/';

export function invalidCredentials(status: 400 | 401): ApiVideoProblem {
  return {
    type: `${DOCS}authentication-invalid-user-credentials`,
    // The spec's 400 example and the docs' 401 wording differ; mirror each.
    title: status === 400 ? 'The user credentials were incorrect.' : 'The API key is invalid.',
    name: '',
    status,
  };
}

export function invalidAccessToken(): ApiVideoProblem {
  return {
    type: `${DOCS}authentication-access-token-invalid`,
    title: 'The access token is invalid or expired.',
    name: '',
    status: 401,
  };
}

export function notFound(name: string): ApiVideoProblem {
  return { type: `${DOCS}resource-not-found`, title: 'The requested resource was not found.', name, status: 404 };
}

export function tooManyRequests(): ApiVideoProblem {
  return { type: `${DOCS}too-many-requests`, title: 'Too many requests.', status: 429 };
}

export function invalidAttribute(
  name: string,
  detail: string,
  range?: { min?: number; max?: number },
): ApiVideoProblem {
  return {
    type: `${DOCS}invalid-attribute`,
    title: 'An attribute is invalid.',
    name,
    status: 400,
    detail,
    ...(range ? { range } : {}),
  };
}

export function serverError(): ApiVideoProblem {
  return { type: `${DOCS}internal-server-error`, title: 'An internal server error occurred.', status: 500 };
}

/** A 400 for a request that failed OpenAPI validation: the first issue names the parameter, all are listed. */
export function invalidRequest(
  issues: { location: string; message: string; keyword: string; params: Record<string, unknown> }[],
): ApiVideoProblem {
  const [first] = issues;
  const nameOf = (location: string) => location.split('.').pop() ?? '';
  const rangeOf = (issue: (typeof issues)[number]) =>
    issue.keyword === 'minimum'
      ? { min: Number(issue.params.limit) }
      : issue.keyword === 'maximum'
        ? { max: Number(issue.params.limit) }
        : undefined;
  return {
    ...invalidAttribute(
      first ? nameOf(first.location) : '',
      first ? `${first.location} ${first.message}` : 'invalid request',
      first && rangeOf(first),
    ),
    problems: issues.map((issue) => ({
      ...invalidAttribute(nameOf(issue.location), `${issue.location} ${issue.message}`, rangeOf(issue)),
    })),
  };
}

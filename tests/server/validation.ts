// Checks every request against api.video's own OpenAPI spec, so the extension is tested
// against what api.video accepts, not against what this server happens to tolerate.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { OpenAPIBackend, type Document } from 'openapi-backend';

// js-yaml ships without types and comes in through openapi-backend's ref parser; a typed
// require keeps the declaration local instead of adding an ambient module.
const { load: parseYaml } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

export type OperationId =
  | 'POST_auth-api-key'
  | 'POST_auth-refresh'
  | 'GET_upload-tokens'
  | 'POST_upload-tokens'
  | 'GET_upload-tokens-uploadToken'
  | 'DELETE_upload-tokens-uploadToken';

export interface RequestToValidate {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ValidationIssue {
  /** Where: 'query.pageSize', 'requestBody.ttl', 'header.content-type'… */
  location: string;
  message: string;
  keyword: string;
  params: Record<string, unknown>;
}

export type RequestValidator = (operationId: OperationId, request: RequestToValidate) => ValidationIssue[];

/** api.video's own description of these calls, kept in this repository (see the file's header). */
function specPath(): string {
  // Not `new URL('…', import.meta.url)` inline: in happy-dom component tests Vite's web transform
  // rewrites that pattern as an asset import and the result is no longer a file: URL.
  const here = import.meta.url;
  return fileURLToPath(new URL('./openapi/apivideo-upload-tokens.yaml', here));
}

/** The spec states these bounds only in prose ("Allowed values 1-100", "Minimum value: 1"). */
function withPaginationBounds(spec: Document): Document {
  const patched = structuredClone(spec) as Document & {
    components: { parameters: Record<string, { schema: Record<string, unknown> }> };
  };
  const { parameters } = patched.components;
  Object.assign(parameters['page-size']!.schema, { minimum: 1, maximum: 100 });
  Object.assign(parameters['current-page']!.schema, { minimum: 1 });
  return patched;
}

let shared: Promise<RequestValidator> | undefined;

/** Built once per process: compiling the spec costs more than every request after it. */
export function loadRequestValidator(): Promise<RequestValidator> {
  shared ??= buildValidator().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

async function buildValidator(): Promise<RequestValidator> {
  const spec = parseYaml(readFileSync(specPath(), 'utf8')) as Document;
  const api = new OpenAPIBackend({ definition: withPaginationBounds(spec), quick: true, strict: true, validate: true });
  await api.init();
  return (operationId, request) => {
    const result = api.validateRequest(
      {
        method: request.method,
        path: request.path,
        query: request.query,
        headers: toHeaders(request.headers),
        body: request.body || undefined,
      },
      operationId,
    );
    const issues: ValidationIssue[] = (result.errors ?? []).map((error) => {
      const params = (error.params ?? {}) as Record<string, unknown>;
      // ajv points at the parent for missing or unexpected properties: name the property itself.
      const segments = error.instancePath.split('/').filter(Boolean);
      const property = params.missingProperty ?? params.additionalProperty;
      if (typeof property === 'string') segments.push(property);
      if (segments.length === 0 && error.schemaPath === '#/requestBody') segments.push('requestBody');
      return { location: segments.join('.'), message: error.message ?? error.keyword, keyword: error.keyword, params };
    });
    // The spec's bodies are application/json only; a body sent as anything else is not parsed as JSON by api.video.
    const contentType = String(request.headers['content-type'] ?? '');
    if (request.body && !/json/i.test(contentType)) {
      issues.push({
        location: 'header.content-type',
        message: 'must be application/json',
        keyword: 'contentType',
        params: { contentType },
      });
    }
    return issues;
  };
}

function toHeaders(headers: RequestToValidate['headers']): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) result[name] = value;
  return result;
}

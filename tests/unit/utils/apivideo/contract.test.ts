// The extension's own copies of api.video's contract (hosts, ttl bound) against the OpenAPI
// description the local api.video validates every request with: if api.video's description
// changes and the constants do not, this fails.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { API_HOSTS, MAX_TTL_SECONDS } from '@/utils/apivideo/types';
import { ORIGIN_APP_HEADER } from '@/utils/apivideo/http';
import { version } from '@/package.json';

const { load: parseYaml } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface Spec {
  servers: { url: string }[];
  components: { schemas: Record<string, { properties: Record<string, { minimum?: number; maximum?: number }> }> };
}

const spec = parseYaml(
  readFileSync(`${process.cwd()}/tests/server/openapi/apivideo-upload-tokens.yaml`, 'utf8'),
) as Spec;

describe("api.video's contract", () => {
  it('the hosts are the servers of the OpenAPI description', () => {
    expect(Object.values(API_HOSTS).sort()).toEqual(spec.servers.map((server) => server.url).sort());
  });

  it("MAX_TTL_SECONDS is the description's bound for a new token's ttl", () => {
    const ttl = spec.components.schemas['token-creation-payload']?.properties['ttl'];
    expect(ttl).toMatchObject({ minimum: 0, maximum: MAX_TTL_SECONDS });
  });

  it("AV-Origin-App names the extension's version in the form api.video accepts", () => {
    // api.video: name ^[\w-]{1,50}$, version ^\d{1,3}(\.\d{1,3}(\.\d{1,3})?)?$ (no pre-release tag).
    expect(ORIGIN_APP_HEADER).toMatch(/^[\w-]{1,50}:\d{1,3}(\.\d{1,3}(\.\d{1,3})?)?$/);
    expect(ORIGIN_APP_HEADER.endsWith(`:${version}`)).toBe(true);
  });
});

// The API function's bundle, built as NodeFunction builds it at synth: what a cold start loads, and that it starts and serves the same API.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_COLD_START_LIMIT_BYTES,
  API_ENTRY,
  type BundleSizes,
  bundleFunction,
  repoRoot,
} from '../../infra/bundling/function-bundle.ts';

let dir: string;
let sizes: BundleSizes;
let coldInputs: Map<string, number>;
let lazyInputs: Set<string>;

beforeAll(async () => {
  // Inside the repository, so the AWS SDK (external, as on Lambda) resolves from node_modules.
  dir = mkdtempSync(join(repoRoot, 'node_modules', '.cache', 'api-bundle-test-'));
  const built = await bundleFunction({ entry: API_ENTRY, city: 'wuzhong' }, dir);
  sizes = built.sizes;
  coldInputs = new Map();
  lazyInputs = new Set();
  for (const [output, { inputs }] of Object.entries(built.metafile.outputs)) {
    const cold = sizes.coldStart.files.some((file) => output.endsWith(`/${file}`));
    for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
      if (cold) coldInputs.set(input, (coldInputs.get(input) ?? 0) + bytesInOutput);
      else lazyInputs.add(input);
    }
  }
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const coldBytes = (pattern: RegExp) =>
  [...coldInputs].filter(([input]) => pattern.test(input)).reduce((sum, [, n]) => sum + n, 0);

describe('the API bundle', () => {
  it(`loads under its ${API_COLD_START_LIMIT_BYTES / 1024} KB budget at a cold start`, () => {
    const kb = (sizes.coldStart.bytes / 1024).toFixed(1);
    expect(sizes.coldStart.bytes, `${kb} KB at cold start`).toBeLessThan(
      API_COLD_START_LIMIT_BYTES,
    );
  });

  it('holds the deployed city only', () => {
    expect(coldBytes(/functions\/config\/cities\/wuzhong\.ts$/)).toBeGreaterThan(0);
    expect(coldBytes(/functions\/config\/cities\/(?!wuzhong\.ts$)/)).toBe(0);
  });

  it('leaves the .ics writer to a chunk read on demand', () => {
    expect(coldBytes(/node_modules\/ical-generator\//)).toBe(0);
    expect([...lazyInputs].some((input) => input.includes('node_modules/ical-generator/'))).toBe(
      true,
    );
  });

  it('carries zod without its locales, JSON Schema or unused schema types', () => {
    expect(coldBytes(/zod\/v4\/locales\/(?!en\.js$)/)).toBe(0);
    // Only `aggregateChecks` stays of the JSON Schema code (read by `.minLength` and the like).
    expect(coldBytes(/zod\/v4\/core\/(json-schema|to-json-schema)/)).toBeLessThan(3 * 1024);
    expect(coldBytes(/zod\/v4\/classic\/from-json-schema/)).toBe(0);
    expect(coldBytes(/node_modules\/zod\//)).toBeLessThan(100 * 1024);
  });

  it('starts in a fresh Node process, serves the API the sources serve, and loads its .ics chunk', async () => {
    // What a cold start runs (every route's schemas are built here), then one request.
    const script = `
      const { handler } = await import(${JSON.stringify(join(dir, 'index.mjs'))});
      const rawPath = '/api/openapi.json';
      const res = await handler({ version: '2.0', routeKey: '$default', rawPath, rawQueryString: '',
        headers: { host: 'api.example.test' }, isBase64Encoded: false,
        requestContext: { http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
          requestId: 'bundle-test', routeKey: '$default', stage: '$default', timeEpoch: 0 } }, {});
      // The .ics chunk, as the calendar route loads it.
      const chunks = ${JSON.stringify(Object.keys(sizes.lazy))};
      const ics = [];
      for (const chunk of chunks) {
        const lazy = await import(${JSON.stringify(dir)} + '/' + chunk);
        if (typeof lazy.default === 'function') ics.push(lazy.default({ name: 'x' }).toString());
      }
      process.stdout.write(JSON.stringify({ res, ics }));`;
    const env = {
      PATH: process.env.PATH,
      CITY: 'wuzhong',
      TABLE_NAME: 'api-bundle-test',
      AWS_REGION: 'ap-southeast-1',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
    });
    const { res, ics } = JSON.parse(out) as {
      res: { statusCode: number; body: string };
      ics: string[];
    };
    expect(res.statusCode).toBe(200);
    expect(ics).toEqual([expect.stringMatching(/^BEGIN:VCALENDAR\r\n/)]);

    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const { appFromEnvironment } = await import('../../functions/api/environment.ts');
      const { everyRouteGroup } = await import('../../functions/api/groups/all.ts');
      const fromSources = await (
        await appFromEnvironment(everyRouteGroup).request('/api/openapi.json')
      ).json();
      expect(JSON.parse(res.body)).toEqual(fromSources);
    } finally {
      for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

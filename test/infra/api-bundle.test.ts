// The API's functions' bundles, built as NodeFunction builds them at synth: what a request loads, and that the public one starts and serves the same API.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../functions/config/cities.ts';
import { cityEnvironment } from '../../functions/config/city-environment.ts';
import {
  API_FUNCTIONS,
  API_REQUEST_LIMIT_BYTES,
  type ApiFunction,
  type BundleSizes,
  bundleFunction,
  repoRoot,
} from '../../infra/bundling/function-bundle.ts';

interface Built {
  dir: string;
  sizes: BundleSizes;
  coldInputs: Map<string, number>;
  lazyInputs: Set<string>;
}
const built = {} as Record<ApiFunction, Built>;
const names = Object.keys(API_FUNCTIONS) as ApiFunction[];

beforeAll(async () => {
  // One after the other: two cores, and esbuild uses both.
  for (const name of names) {
    // Inside the repository, so the AWS SDK (external, as on Lambda) resolves from node_modules.
    const dir = mkdtempSync(join(repoRoot, 'node_modules', '.cache', `api-bundle-test-${name}-`));
    const { metafile, sizes } = await bundleFunction(
      { ...API_FUNCTIONS[name], city: 'wuzhong' },
      dir,
    );
    const coldInputs = new Map<string, number>();
    const lazyInputs = new Set<string>();
    for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
      const cold = sizes.coldStart.files.some((file) => output.endsWith(`/${file}`));
      for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
        if (cold) coldInputs.set(input, (coldInputs.get(input) ?? 0) + bytesInOutput);
        else lazyInputs.add(input);
      }
    }
    built[name] = { dir, sizes, coldInputs, lazyInputs };
  }
});
afterAll(() => {
  for (const { dir } of Object.values(built)) rmSync(dir, { recursive: true, force: true });
});

const coldBytes = (name: ApiFunction, pattern: RegExp) =>
  [...built[name].coldInputs]
    .filter(([input]) => pattern.test(input))
    .reduce((sum, [, n]) => sum + n, 0);

describe.each(names)('the %s function', (name) => {
  it(`loads under ${API_REQUEST_LIMIT_BYTES / 1024} KB of code for a request (cold start and the chunks every request needs)`, () => {
    const { request } = built[name].sizes;
    const kb = (request.bytes / 1024).toFixed(1);
    expect(request.bytes, `${kb} KB for a request`).toBeLessThan(API_REQUEST_LIMIT_BYTES);
  });

  it('holds no city config, only the variables its stack sets', () => {
    expect(coldBytes(name, /functions\/config\/cities\//)).toBe(0);
  });

  it('carries zod without its locales, JSON Schema or unused schema types, and no OpenAPI generator', () => {
    expect(coldBytes(name, /zod\/v4\/locales\/(?!en\.js$)/)).toBe(0);
    // Only `aggregateChecks` stays of the JSON Schema code (read by `.minLength` and the like).
    expect(coldBytes(name, /zod\/v4\/core\/(json-schema|to-json-schema)/)).toBeLessThan(3 * 1024);
    expect(coldBytes(name, /zod\/v4\/classic\/from-json-schema/)).toBe(0);
    expect(coldBytes(name, /node_modules\/zod\//)).toBeLessThan(100 * 1024);
    // The registry and `.openapi()` metadata only (infra/bundling/openapi-prebuilt.ts).
    expect(coldBytes(name, /zod-to-openapi/)).toBeLessThan(10 * 1024);
  });
});

it('keeps each audience’s routes in its own function', () => {
  expect(coldBytes('public', /functions\/api\/routes\/staff/)).toBe(0);
  expect(coldBytes('public', /functions\/api\/routes\/party-contacts\.ts$/)).toBe(0);
  expect(coldBytes('staff', /functions\/api\/routes\/(bookings|cases|uploads)\.ts$/)).toBe(0);
  expect(coldBytes('admin', /functions\/api\/routes\/(staff|bookings|cases)/)).toBe(0);
  expect(coldBytes('staff', /functions\/api\/routes\/staff-cases\.ts$/)).toBeGreaterThan(0);
  expect(coldBytes('public', /functions\/api\/routes\/cases\.ts$/)).toBeGreaterThan(0);
});

describe('the public function', () => {
  it('leaves the .ics writer to a chunk read on demand', () => {
    expect(coldBytes('public', /node_modules\/ical-generator\//)).toBe(0);
    expect(
      [...built.public.lazyInputs].some((input) => input.includes('node_modules/ical-generator/')),
    ).toBe(true);
  });

  it('starts in a fresh Node process, serves the API the sources serve, and loads its .ics chunk', async () => {
    // What a cold start runs (every route's schemas are built here), then one request.
    const script = `
      const { handler } = await import(${JSON.stringify(join(built.public.dir, 'index.mjs'))});
      const rawPath = '/api/openapi.json';
      const res = await handler({ version: '2.0', routeKey: '$default', rawPath, rawQueryString: '',
        headers: { host: 'api.example.test' }, isBase64Encoded: false,
        requestContext: { http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
          requestId: 'bundle-test', routeKey: '$default', stage: '$default', timeEpoch: 0 } }, {});
      // The .ics chunk, as the calendar route loads it.
      const chunks = ${JSON.stringify(Object.keys(built.public.sizes.lazy))};
      const ics = [];
      for (const chunk of chunks) {
        const lazy = await import(${JSON.stringify(built.public.dir)} + '/' + chunk);
        if (typeof lazy.default === 'function') ics.push(lazy.default({ name: 'x' }).toString());
      }
      process.stdout.write(JSON.stringify({ res, ics }));`;
    const env = {
      PATH: process.env.PATH,
      ...cityEnvironment(loadCity('wuzhong')),
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

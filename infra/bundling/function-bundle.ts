// How every Lambda function is bundled, in one place: NodeFunction runs it at synth, the bench and the bundle test import it.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { prebuiltOpenApiDocument, writeOpenApiDocument } from './openapi-prebuilt.ts';
import { zodLean, zodWithoutJsonSchema } from './zod-lean.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sources = join(repoRoot, 'functions');

/** The staff ID-token verifier (jose's JWS part), imported on a request's first token. */
const TOKEN_VERIFIER = 'functions/adapters/oidc/jose-verify.ts';

/**
 * The API's functions, one per audience (functions/api/groups/): API Gateway routes /api/staff/*
 * and /api/admin/* to their own, everything else to the public one. The stack deploys them, the
 * bench and the bundle test measure them.
 */
export const API_FUNCTIONS = {
  public: { entry: 'functions/api/lambda.ts', openApiDocument: true },
  staff: { entry: 'functions/api/lambda-staff.ts', loadsOnEveryRequest: [TOKEN_VERIFIER] },
  admin: { entry: 'functions/api/lambda-admin.ts', loadsOnEveryRequest: [TOKEN_VERIFIER] },
} as const satisfies Record<string, Omit<FunctionBundleSpec, 'city'>>;
export type ApiFunction = keyof typeof API_FUNCTIONS;

/**
 * The most code an API function's request may load (issue #5; test/infra/api-bundle.test.ts):
 * its cold start plus the chunks every request of that function imports (`loadsOnEveryRequest`).
 */
export const API_REQUEST_LIMIT_BYTES = 300 * 1024;

export interface FunctionBundleSpec {
  /** The handler module, relative to the repository root (it must export `handler`). */
  readonly entry: string;
  /** The only city whose config the bundle holds. */
  readonly city: string;
  /** The public function serves GET /api/openapi.json: its asset carries the prebuilt document. */
  readonly openApiDocument?: boolean;
  /**
   * Modules the function imports on demand but on every request in practice (the ID-token
   * verifier of staff and admin functions): counted with its cold start.
   */
  readonly loadsOnEveryRequest?: readonly string[];
}

/**
 * `functions/config/city-registry.ts` becomes the deployed city's own file, which exports that
 * city under its id: a function serves one city and carries no other city's config.
 */
function deployedCityOnly(city: string): Plugin {
  const registry = join(sources, 'config/city-registry.ts');
  const cityFile = join(sources, 'config/cities', `${city}.ts`);
  return {
    name: 'deployed-city-only',
    setup(b) {
      b.onStart(() => {
        if (!/^[a-z][a-z0-9-]*$/.test(city) || !existsSync(cityFile)) {
          return { errors: [{ text: `no city config ${relative(repoRoot, cityFile)}` }] };
        }
        return undefined;
      });
      b.onResolve({ filter: /\/city-registry\.ts$/ }, (args) =>
        resolve(args.resolveDir, args.path) === registry ? { path: cityFile } : undefined,
      );
    },
  };
}

/** The esbuild options of a function's bundle, written to `outdir` (`index.mjs` plus lazy chunks). */
export function functionBuildOptions(spec: FunctionBundleSpec, outdir: string): BuildOptions {
  return {
    absWorkingDir: repoRoot,
    entryPoints: { index: join(repoRoot, spec.entry) },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Lambda's Node.js 22 runtime (infra/constructs/node-function.ts).
    target: 'node22',
    mainFields: ['module', 'main'],
    // `await import()` of something rarely used (the .ics writer) becomes a chunk read only when
    // a request needs it, so a cold start neither reads nor compiles it. Chunks are .mjs files
    // beside index.mjs in the same asset.
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    minify: true,
    sourcemap: true,
    // file:line is enough in a stack trace; shipping the sources would only grow the zip.
    sourcesContent: false,
    // The Node.js runtime provides AWS SDK v3.
    external: ['@aws-sdk/*'],
    // An ESM bundle has no `require`; CommonJS dependencies bundled into it still call it
    // for Node built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // Chinese text as UTF-8 (3 bytes a character) rather than \uXXXX escapes (6 bytes).
    charset: 'utf8',
    legalComments: 'none',
    plugins: [
      deployedCityOnly(spec.city),
      zodLean(sources),
      zodWithoutJsonSchema(sources),
      prebuiltOpenApiDocument(),
    ],
    metafile: true,
    logLevel: 'warning',
  };
}

export interface BundleSizes {
  /** What a cold start loads: index.mjs and the chunks it imports statically. */
  readonly coldStart: {
    readonly files: string[];
    readonly bytes: number;
    readonly gzipBytes: number;
  };
  /** Chunks read only through `await import()`, by file. */
  readonly lazy: Record<string, number>;
  /** The cold start plus the chunks of `loadsOnEveryRequest`: what a request loads. */
  readonly request: {
    readonly files: string[];
    readonly bytes: number;
    readonly gzipBytes: number;
  };
  /** The packages the bundle leaves to the runtime (the AWS SDK clients it imports). */
  readonly external: string[];
}

/** Splits a bundle's output into what a cold start loads and what is loaded on demand. */
export function bundleSizes(
  metafile: Metafile,
  outdir: string,
  loadsOnEveryRequest: readonly string[] = [],
): BundleSizes {
  const outputs = metafile.outputs;
  const key = (file: string) => relative(repoRoot, join(outdir, file));
  const entry = key('index.mjs');
  const eager = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (eager.has(file)) return;
    eager.add(file);
    for (const imp of outputs[file]?.imports ?? []) {
      if (imp.external) external.add(imp.path);
      else if (imp.kind === 'import-statement') visit(imp.path);
    }
  };
  visit(entry);
  const code = [...eager].map((file) => readFileSync(join(repoRoot, file)));
  const lazy: Record<string, number> = {};
  for (const [file, out] of Object.entries(outputs)) {
    if (file.endsWith('.mjs') && !eager.has(file))
      lazy[relative(outdir, join(repoRoot, file))] = out.bytes;
  }
  const cold = [...eager];
  for (const [file, out] of Object.entries(outputs)) {
    if (out.entryPoint && loadsOnEveryRequest.includes(out.entryPoint)) visit(file);
  }
  const requestCode = [...eager].map((file) => readFileSync(join(repoRoot, file)));
  return {
    coldStart: {
      files: cold.map((file) => relative(outdir, join(repoRoot, file))),
      bytes: code.reduce((sum, c) => sum + c.length, 0),
      gzipBytes: code.reduce((sum, c) => sum + gzipSync(c).length, 0),
    },
    lazy,
    request: {
      files: [...eager].map((file) => relative(outdir, join(repoRoot, file))),
      bytes: requestCode.reduce((sum, c) => sum + c.length, 0),
      gzipBytes: requestCode.reduce((sum, c) => sum + gzipSync(c).length, 0),
    },
    external: [...external].filter((p) => !p.startsWith('node:')).sort(),
  };
}

/** Bundles one function into `outdir`, as every deployed function is bundled. */
export async function bundleFunction(spec: FunctionBundleSpec, outdir: string) {
  const result = await build(functionBuildOptions(spec, outdir));
  if (spec.openApiDocument) await writeOpenApiDocument(outdir);
  return {
    metafile: result.metafile!,
    sizes: bundleSizes(result.metafile!, outdir, spec.loadsOnEveryRequest),
  };
}

// `node --import tsx infra/bundling/function-bundle.ts '<spec JSON>' <outdir>`: NodeFunction's
// asset bundling (CDK's local bundling is synchronous; esbuild's plugins need the async API).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [specJson, outdir] = process.argv.slice(2);
  if (!specJson || !outdir) throw new Error('usage: function-bundle.ts <spec JSON> <outdir>');
  const spec = JSON.parse(specJson) as FunctionBundleSpec;
  const { sizes } = await bundleFunction(spec, resolve(outdir));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const lazy = Object.entries(sizes.lazy).map(([f, n]) => `${f} ${kb(n)}`);
  console.error(
    `${spec.entry} (${spec.city}): ${kb(sizes.coldStart.bytes)} at cold start (${kb(sizes.coldStart.gzipBytes)} gzipped)${lazy.length ? `; on demand: ${lazy.join(', ')}` : ''}`,
  );
}

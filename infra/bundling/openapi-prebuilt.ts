// The API document of a function bundle, generated at build time: the bundle carries zod-to-openapi's registry, not its generator.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

/** Beside index.mjs in the public function's asset. */
export const OPENAPI_DOCUMENT_FILE = 'openapi.json';

const require = createRequire(import.meta.url);
const documentModule = fileURLToPath(
  new URL('../../functions/api/openapi-document.ts', import.meta.url),
);
const honoZodOpenApi = dirname(require.resolve('@hono/zod-openapi'));
const zodToOpenApi = require.resolve('@asteasolutions/zod-to-openapi').replace(/\.cjs$/, '.mjs');

/**
 * GET /api/openapi.json of the public function serves `wholeApiDocument()`
 * (functions/api/openapi-document.ts), which in the sources builds an app of every route group.
 * In a bundle that module reads the document `writeOpenApiDocument` generated from it at build
 * time, beside index.mjs: the public function carries no staff or admin route for it.
 *
 * `@hono/zod-openapi` also imports zod-to-openapi's generators, about 22 KB minified that no
 * function runs: in a bundle, routes still register their schemas (the real registry and
 * `.openapi()` metadata), and the generators return that same file.
 */
export function prebuiltOpenApiDocument(): Plugin {
  return {
    name: 'prebuilt-openapi-document',
    setup(build) {
      build.onResolve({ filter: /\/openapi-document\.ts$/ }, (args) =>
        resolve(args.resolveDir, args.path) === documentModule
          ? { path: 'whole-api-document', namespace: 'prebuilt-openapi-document' }
          : undefined,
      );
      build.onResolve({ filter: /^@asteasolutions\/zod-to-openapi$/ }, (args) =>
        args.importer.startsWith(honoZodOpenApi)
          ? { path: 'zod-to-openapi-prebuilt', namespace: 'prebuilt-openapi-document' }
          : undefined,
      );
      build.onLoad(
        { filter: /^whole-api-document$/, namespace: 'prebuilt-openapi-document' },
        () => ({
          contents: `
import { readFile } from 'node:fs/promises';
let document;
export function wholeApiDocument() {
  document ??= readFile(new URL(${JSON.stringify(`./${OPENAPI_DOCUMENT_FILE}`)}, import.meta.url), 'utf8').then(JSON.parse);
  return document;
}
`,
          loader: 'js',
        }),
      );
      build.onLoad(
        { filter: /^zod-to-openapi-prebuilt$/, namespace: 'prebuilt-openapi-document' },
        () => ({
          contents: `
import { readFileSync } from 'node:fs';
export { OpenAPIRegistry, extendZodWithOpenApi, getOpenApiMetadata } from ${JSON.stringify(zodToOpenApi)};
let document;
class Prebuilt {
  generateDocument() {
    document ??= JSON.parse(readFileSync(new URL(${JSON.stringify(`./${OPENAPI_DOCUMENT_FILE}`)}, import.meta.url), 'utf8'));
    return structuredClone(document);
  }
}
export { Prebuilt as OpenApiGeneratorV3, Prebuilt as OpenApiGeneratorV31 };
`,
          loader: 'js',
          resolveDir: dirname(zodToOpenApi),
        }),
      );
    },
  };
}

/** The whole API's document, exactly as GET /api/openapi.json of the sources serves it, written to `outdir`. */
export async function writeOpenApiDocument(outdir: string): Promise<void> {
  const { wholeApiDocument } = await import('../../functions/api/openapi-document.ts');
  writeFileSync(join(outdir, OPENAPI_DOCUMENT_FILE), JSON.stringify(await wholeApiDocument()));
}

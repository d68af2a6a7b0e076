// esbuild plugins that keep zod in a function bundle to what the code calls: the `z` members it names, and no JSON Schema.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

const zodRoot = dirname(createRequire(import.meta.url).resolve('zod/package.json'));
const classicExternal = join(zodRoot, 'v4/classic/external.js');
const jsonSchemaProcessors = join(zodRoot, 'v4/core/json-schema-processors.js');
const toJsonSchema = join(zodRoot, 'v4/core/to-json-schema.js');

/** Read by libraries rather than by our code: `extendZodWithOpenApi(z)` patches `z.ZodType`. */
const ALWAYS = ['ZodType'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Every `z.<member>` the sources name (a superset of one bundle's: it scans all of them). */
export function zodMembersUsed(sourceDir: string): string[] {
  const used = new Set(ALWAYS);
  for (const file of sourceFiles(sourceDir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bz\s*\.\s*([A-Za-z_$][\w$]*)/g))
      used.add(m[1]!);
  }
  return [...used].sort();
}

/**
 * `zod` as a module whose `z` holds only the members the sources name. `@hono/zod-openapi`
 * passes `z` around as a value (`extendZodWithOpenApi(z)`, `export { z }`), which makes a
 * namespace keep all of zod (every schema type, every string format, the locales); a plain
 * object of the named members lets esbuild drop the rest. Named imports (`import { ZodError }
 * from 'zod'`) resolve as usual. A member reached only dynamically (`z[name]`) would be missing:
 * the bundle test imports the built bundle, which builds every route's schemas.
 */
export function zodLean(sourceDir: string): Plugin {
  return {
    name: 'zod-lean',
    setup(build) {
      build.onResolve({ filter: /^zod$/ }, () => ({ path: 'zod', namespace: 'zod-lean' }));
      build.onLoad({ filter: /.*/, namespace: 'zod-lean' }, async () => {
        const exported = new Set(Object.keys(await import(pathToFileURL(classicExternal).href)));
        const members = zodMembersUsed(sourceDir).filter((name) => exported.has(name));
        const from = JSON.stringify(classicExternal);
        return {
          contents: [
            `import * as all from ${from};`,
            `export * from ${from};`,
            `export const z = Object.freeze({ ${members.map((m) => `${m}: all[${JSON.stringify(m)}]`).join(', ')} });`,
            'export default z;',
          ].join('\n'),
          loader: 'js',
          resolveDir: zodRoot,
        };
      });
    },
  };
}

const unavailable =
  "function unavailable() { throw new Error('JSON Schema is not in this bundle (infra/bundling/zod-lean.ts)'); }";

/**
 * zod's schema classes carry their JSON Schema converters (~18 KB minified); no function
 * converts a schema at run time (the OpenAPI document comes from @asteasolutions/zod-to-openapi,
 * which reads schemas itself), so the bundle gets stubs that throw. `aggregateChecks` stays
 * real: `.minLength`, `.format` and the like read it, and zod-to-openapi reads those.
 */
export function zodWithoutJsonSchema(sourceDir: string): Plugin {
  return {
    name: 'zod-without-json-schema',
    setup(build) {
      build.onStart(() => {
        const caller = sourceFiles(sourceDir).find((f) =>
          readFileSync(f, 'utf8').includes('toJSONSchema'),
        );
        if (caller) {
          return {
            errors: [
              {
                text: `${caller} converts a schema to JSON Schema, which function bundles leave out: remove zodWithoutJsonSchema from infra/bundling/function-bundle.ts`,
              },
            ],
          };
        }
        return undefined;
      });
      build.onResolve({ filter: /\/(json-schema-processors|to-json-schema)\.js$/ }, (args) => {
        if (!args.importer.startsWith(join(zodRoot, 'v4/classic/'))) return undefined;
        const real = join(args.resolveDir, args.path);
        if (real !== jsonSchemaProcessors && real !== toJsonSchema) return undefined;
        return { path: real, namespace: 'zod-no-json-schema' };
      });
      build.onLoad({ filter: /.*/, namespace: 'zod-no-json-schema' }, async (args) => {
        const names = Object.keys(await import(pathToFileURL(args.path).href));
        const lines = [unavailable];
        for (const name of names) {
          if (name === 'aggregateChecks') {
            lines.push(`export { aggregateChecks } from ${JSON.stringify(args.path)};`);
          } else if (name.startsWith('create')) {
            // Factories (`createToJSONSchemaMethod(schema)`) run when `~standard` is read: they return the stub.
            lines.push(`export const ${name} = () => unavailable;`);
          } else {
            lines.push(`export const ${name} = unavailable;`);
          }
        }
        return { contents: lines.join('\n'), loader: 'js', resolveDir: zodRoot };
      });
    },
  };
}

// The API functions' bundles as CDK builds them (one per audience): size (minified, gzipped) at cold start and per request, what they hold, and the time a fresh Node process takes to import each.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCity } from '../functions/config/cities.ts';
import { cityEnvironment } from '../functions/config/city-environment.ts';
import {
  API_FUNCTIONS,
  API_REQUEST_LIMIT_BYTES,
  type ApiFunction,
  bundleFunction,
  repoRoot,
} from '../infra/bundling/function-bundle.ts';

const RUNS = 9;
const CITY = 'wuzhong';

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
const median = (values: number[]) =>
  Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]! * 10) / 10;

/**
 * Each ES module snippet run `RUNS` times in a fresh Node process, the snippets taking turns so
 * that a busy machine slows them alike: median wall time, and median CPU time (user + system,
 * as the process itself counts it), which a shared machine disturbs much less.
 */
function timeImports(
  snippets: Record<string, string>,
  env: NodeJS.ProcessEnv,
): Record<string, { wallMs: number; cpuMs: number }> {
  const names = Object.keys(snippets);
  const wall = Object.fromEntries(names.map((name) => [name, [] as number[]]));
  const cpu = Object.fromEntries(names.map((name) => [name, [] as number[]]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, code] of Object.entries(snippets)) {
      const script = `${code}; const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000));`;
      const t0 = performance.now();
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: repoRoot,
        env,
        encoding: 'utf8',
      });
      const elapsed = performance.now() - t0;
      if (run.status !== 0) throw new Error(`${name} failed: ${run.stderr}`);
      wall[name]!.push(elapsed);
      cpu[name]!.push(Number(run.stdout));
    }
  }
  return Object.fromEntries(
    names.map((name) => [name, { wallMs: median(wall[name]!), cpuMs: median(cpu[name]!) }]),
  );
}

/** Cold-start bytes by origin: a package, or a folder of `functions/`. */
function contents(
  metafile: Awaited<ReturnType<typeof bundleFunction>>['metafile'],
  files: string[],
): Record<string, number> {
  const groups = new Map<string, number>();
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    if (!files.some((file) => output.endsWith(`/${file}`))) continue;
    for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
      const pkg = input.match(/node_modules\/((@[^/]+\/)?[^/]+)/)?.[1];
      const group =
        pkg ?? (input.startsWith('zod-') ? 'zod' : input.split('/').slice(0, 3).join('/'));
      groups.set(group, (groups.get(group) ?? 0) + bytesInOutput);
    }
  }
  const sorted = [...groups].sort((a, b) => b[1] - a[1]);
  const top = sorted.slice(0, 12).map(([group, bytes]) => [group, kb(bytes)] as const);
  const rest = sorted.slice(12).reduce((sum, [, bytes]) => sum + bytes, 0);
  return Object.fromEntries([...top, ['everything else', kb(rest)]]);
}

type Bundle = Awaited<ReturnType<typeof bundleFunction>>;

/** One function's figures, its import timed against bare Node and the SDK clients it leaves external. */
function figuresOf(
  bundle: Bundle,
  t: Record<string, { wallMs: number; cpuMs: number }>,
  name: ApiFunction,
) {
  const { metafile, sizes } = bundle;
  const round = (n: number) => Math.round(n * 10) / 10;
  const own = t[name]!;
  const sdk = t[`${name} sdk`]!;
  return {
    entry: API_FUNCTIONS[name].entry,
    'cold start minified KB': kb(sizes.coldStart.bytes),
    'cold start gzipped KB': kb(sizes.coldStart.gzipBytes),
    // The cold start plus what every request imports (the staff token verifier).
    'per request minified KB': kb(sizes.request.bytes),
    'per request gzipped KB': kb(sizes.request.gzipBytes),
    'budget KB (issue #5, per request)': API_REQUEST_LIMIT_BYTES / 1024,
    // Named after the module `await import()` loads (a package, or a file of ours).
    'on-demand chunks KB': Object.fromEntries(
      Object.entries(sizes.lazy).map(([file, bytes]) => {
        const entry = Object.entries(metafile.outputs).find(([out]) =>
          out.endsWith(`/${file}`),
        )?.[1].entryPoint;
        const label = entry?.match(/node_modules\/((@[^/]+\/)?[^/]+)/)?.[1] ?? entry ?? file;
        return [label, kb(bytes)];
      }),
    ),
    'contents KB': contents(metafile, sizes.coldStart.files),
    [`import ms (median of ${RUNS})`]: own.wallMs,
    'import − bare ms': round(own.wallMs - t.bare!.wallMs),
    'AWS SDK clients alone ms': sdk.wallMs,
    'CPU ms: import, SDK clients alone': [own.cpuMs, sdk.cpuMs],
    'CPU ms: import − SDK clients alone': round(own.cpuMs - sdk.cpuMs),
    'AWS SDK clients': sizes.external,
  };
}

export async function apiBundleFigures() {
  // Inside the repository, so the AWS SDK (external, as on Lambda) resolves from node_modules.
  const root = join(repoRoot, 'node_modules', '.cache', 'fengqiao-bench-bundle');
  rmSync(root, { recursive: true, force: true });
  const names = Object.keys(API_FUNCTIONS) as ApiFunction[];
  // The very build NodeFunction runs at synth (infra/bundling/function-bundle.ts).
  const bundles = {} as Record<ApiFunction, Bundle>;
  for (const name of names) {
    bundles[name] = await bundleFunction({ ...API_FUNCTIONS[name], city: CITY }, join(root, name));
  }
  // What a cold start runs: module evaluation and `appFromEnvironment()`, no request; with the
  // function's own environment (the city's variables, NODE_OPTIONS with source maps on).
  const env = {
    PATH: process.env.PATH,
    ...cityEnvironment(loadCity(CITY)),
    TABLE_NAME: 'bench',
    AWS_REGION: 'ap-southeast-1',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NODE_OPTIONS: '--enable-source-maps',
  };
  const snippets: Record<string, string> = { bare: '' };
  for (const name of names) {
    // The SDK clients the bundle imports: on Lambda they come with the runtime, read from disk as here.
    snippets[`${name} sdk`] =
      `await Promise.all(${JSON.stringify(bundles[name].sizes.external)}.map((m) => import(m)))`;
    snippets[name] = `await import(${JSON.stringify(join(root, name, 'index.mjs'))})`;
  }
  const t = timeImports(snippets, env);
  return {
    city: CITY,
    "bare node -e '' ms": t.bare!.wallMs,
    'bare node CPU ms': t.bare!.cpuMs,
    functions: Object.fromEntries(names.map((name) => [name, figuresOf(bundles[name], t, name)])),
  };
}

// `node --import tsx bench/bundle.ts [--write]` alone, without the rest of the bench; `--write`
// replaces the `apiBundle` block of bench/results.json and leaves the other figures as they are.
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const figures = await apiBundleFigures();
  console.dir(figures, { depth: 4 });
  if (process.argv.includes('--write')) {
    const file = join(repoRoot, 'bench', 'results.json');
    const results = JSON.parse(readFileSync(file, 'utf8'));
    results.apiBundle = { measuredAt: new Date().toISOString(), ...figures };
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    console.log('written: apiBundle in bench/results.json');
  }
}

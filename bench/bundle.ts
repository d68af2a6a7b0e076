// The API function's bundle as CDK builds it: its size (minified, gzipped), what it holds, and the time a fresh Node process takes to import it.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  API_ENTRY,
  bundleFunction,
  type FunctionBundleSpec,
  repoRoot,
} from '../infra/bundling/function-bundle.ts';

const RUNS = 7;
const CITY = 'wuzhong';

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

function medianMs(args: string[], env: NodeJS.ProcessEnv): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: repoRoot, env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)]! * 10) / 10;
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

export async function apiBundleFigures() {
  // Inside the repository, so the AWS SDK (external, as on Lambda) resolves from node_modules.
  const dir = join(repoRoot, 'node_modules', '.cache', 'fengqiao-bench-bundle');
  rmSync(dir, { recursive: true, force: true });
  // The very build NodeFunction runs at synth (infra/bundling/function-bundle.ts).
  const spec: FunctionBundleSpec = { entry: API_ENTRY, city: CITY };
  const { metafile, sizes } = await bundleFunction(spec, dir);
  // What a cold start runs: module evaluation and `appFromEnvironment()`, no request; with the
  // function's own NODE_OPTIONS (source maps on).
  const env = {
    PATH: process.env.PATH,
    CITY,
    TABLE_NAME: 'bench',
    AWS_REGION: 'ap-southeast-1',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NODE_OPTIONS: '--enable-source-maps',
  };
  const importOf = (code: string) => ['--input-type=module', '-e', code];
  const bareMs = medianMs(['-e', ''], env);
  // The SDK clients the bundle imports: on Lambda they come with the runtime, read from disk as here.
  const sdkMs = medianMs(
    importOf(`await Promise.all(${JSON.stringify(sizes.external)}.map((m) => import(m)))`),
    env,
  );
  const importMs = medianMs(
    importOf(`await import(${JSON.stringify(join(dir, 'index.mjs'))})`),
    env,
  );
  return {
    city: CITY,
    'minified KB': kb(sizes.coldStart.bytes),
    'gzipped KB': kb(sizes.coldStart.gzipBytes),
    'limit KB': 300,
    // Named after the module `await import()` loads (a package, or a file of ours).
    'on-demand chunks KB': Object.fromEntries(
      Object.entries(sizes.lazy).map(([file, bytes]) => {
        const entry = Object.entries(metafile.outputs).find(([out]) =>
          out.endsWith(`/${file}`),
        )?.[1].entryPoint;
        const name = entry?.match(/node_modules\/((@[^/]+\/)?[^/]+)/)?.[1] ?? entry ?? file;
        return [name, kb(bytes)];
      }),
    ),
    'contents KB': contents(metafile, sizes.coldStart.files),
    'import ms (median of 7)': importMs,
    "bare node -e '' ms": bareMs,
    'import − bare ms': Math.round((importMs - bareMs) * 10) / 10,
    'AWS SDK clients alone ms': sdkMs,
    'import − SDK clients ms': Math.round((importMs - sdkMs) * 10) / 10,
    'AWS SDK clients': sizes.external,
  };
}

// `node --import tsx bench/bundle.ts [--write]` alone, without the rest of the bench; `--write`
// replaces the `apiBundle` block of bench/results.json and leaves the other figures as they are.
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const figures = await apiBundleFigures();
  console.log(figures);
  if (process.argv.includes('--write')) {
    const file = join(repoRoot, 'bench', 'results.json');
    const results = JSON.parse(readFileSync(file, 'utf8'));
    results.apiBundle = { measuredAt: new Date().toISOString(), ...figures };
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    console.log('written: apiBundle in bench/results.json');
  }
}

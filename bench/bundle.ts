// The API function's bundle as CDK builds it: its size (minified, gzipped) and the time a fresh Node process takes to import it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { bundlingEsbuildArgs } from '../infra/constructs/node-function.ts';
import { repoRoot } from '../infra/local/web-build.ts';

const RUNS = 7;

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

export async function apiBundleFigures() {
  // Inside the repository, so the AWS SDK (external, as on Lambda) resolves from node_modules.
  const dir = join(repoRoot, 'node_modules', '.cache', 'fengqiao-bench-bundle');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'index.mjs');
  const alias = bundlingEsbuildArgs['--alias'].split('=');
  await build({
    // The same options as NodeFunction (infra/constructs/node-function.ts).
    entryPoints: [join(repoRoot, 'functions/api/lambda.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: ['@aws-sdk/*', '@smithy/*'],
    alias: { [alias[0]!]: join(repoRoot, alias[1]!) },
    charset: 'utf8',
    legalComments: 'none',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    outfile,
    logLevel: 'silent',
  });
  const code = readFileSync(outfile);
  // What the cold start runs: module evaluation and `appFromEnvironment()`, no request.
  const env = {
    PATH: process.env.PATH,
    CITY: 'wuzhong',
    TABLE_NAME: 'bench',
    AWS_REGION: 'ap-southeast-1',
    POWERTOOLS_LOG_LEVEL: 'WARN',
  };
  const importMs = medianMs(
    ['--input-type=module', '-e', `await import(${JSON.stringify(outfile)})`],
    env,
  );
  const bareMs = medianMs(['-e', ''], env);
  return {
    'minified KB': Math.round(code.length / 102.4) / 10,
    'gzipped KB': Math.round(gzipSync(code).length / 102.4) / 10,
    'import ms (median of 7)': importMs,
    "bare node -e '' ms": bareMs,
    'import − bare ms': Math.round((importMs - bareMs) * 10) / 10,
  };
}

// `node --import tsx bench/bundle.ts` alone, without the rest of the bench.
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  console.table(await apiBundleFigures());
}

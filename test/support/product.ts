// The real `npm start` as a child process: spawn it, wait until healthy, find its children, clean up.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../infra/local/web-build.ts';

export interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export interface Product {
  dataDir: string;
  port: number;
  /** Every `npm start` so far, so cleanup can kill what a failed test left running. */
  started: ChildProcess[];
}

export function npmStart(product: Product, extraEnv: Record<string, string> = {}): Run {
  let output = '';
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(product.port),
      DATA_DIR: product.dataDir,
      CITY: 'wuzhong',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  product.started.push(child);
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => output, exited };
}

export async function waitHealthy(product: Product, run: Run, withinMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < withinMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${product.port}/api/health`);
      if (res.status === 200) return Date.now() - t0;
    } catch {
      // not listening yet
    }
    if (run.child.exitCode !== null) throw new Error(`npm start exited early:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not healthy within ${withinMs} ms:\n${run.output()}`);
}

export const pidOf = (product: Product, name: string): number =>
  JSON.parse(readFileSync(join(product.dataDir, `${name}.pid`), 'utf8')).pid;

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export async function waitGone(pid: number, withinMs = 10_000) {
  const t0 = Date.now();
  while (alive(pid) && Date.now() - t0 < withinMs) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

/** What `npm start` wrote for tools and tests: endpoints, table names, region. */
export function runtimeOf(product: Product): {
  dynamodbEndpoint: string;
  tableName: string;
  region: string;
  sfnEndpoint: string;
  stateMachineArns: Record<string, string>;
} {
  return JSON.parse(readFileSync(join(product.dataDir, 'runtime.json'), 'utf8'));
}

/** Kills whatever is still running (a failed test may leave children) and removes DATA_DIR. */
export function cleanup(product: Product): void {
  for (const child of product.started) if (child.exitCode === null) child.kill('SIGKILL');
  for (const name of ['dynamodb-local', 'server']) {
    if (existsSync(join(product.dataDir, `${name}.pid`))) {
      const pid = pidOf(product, name);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }
  rmSync(product.dataDir, { recursive: true, force: true });
}

// `npm start` as a newcomer runs it: healthy within 90 s, clean stop, and a crash loses nothing.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { repoRoot } from '../../infra/local/web-build.ts';

let dataDir: string;
let port: number;
const started: ChildProcess[] = [];

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmStart(extraEnv: Record<string, string> = {}): Run {
  let output = '';
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, CITY: 'wuzhong', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
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

async function waitHealthy(run: Run, withinMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < withinMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) return Date.now() - t0;
    } catch {
      // not listening yet
    }
    if (run.child.exitCode !== null) throw new Error(`npm start exited early:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not healthy within ${withinMs} ms:\n${run.output()}`);
}

const pidOf = (name: string): number =>
  JSON.parse(readFileSync(join(dataDir, `${name}.pid`), 'utf8')).pid;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function waitGone(pid: number, withinMs = 10_000) {
  const t0 = Date.now();
  while (alive(pid) && Date.now() - t0 < withinMs) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

function tableClient() {
  const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8'));
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.dynamodbEndpoint,
      region: runtime.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  return { client, tableName: runtime.tableName as string };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fengqiao-start-'));
  port = await freePort();
});
afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  for (const name of ['dynamodb-local', 'server']) {
    if (existsSync(join(dataDir, `${name}.pid`))) {
      const pid = pidOf(name);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('serves the site and a healthy API, stops every child on SIGTERM, and survives SIGKILL', async () => {
    // 1. First start: healthy within 90 s, the site carries the city's name.
    const first = npmStart();
    const ms = await waitHealthy(first, 90_000);
    console.info(`npm start: healthy after ${ms} ms`);
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('吴忠市');
    expect(first.output()).toContain(`http://127.0.0.1:${port}/`);
    expect(first.output()).toContain(dataDir);

    const { client, tableName } = tableClient();
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: 'TEST#survivor', sk: 'TEST', note: '确认已保存' },
      }),
    );

    // 2. SIGTERM: every child stops, pid files go.
    const java = pidOf('dynamodb-local');
    const node = pidOf('server');
    first.child.kill('SIGTERM');
    await first.exited; // npm itself ends by the signal; what matters is that nothing stays behind
    expect(await waitGone(java)).toBe(true);
    expect(await waitGone(node)).toBe(true);
    expect(existsSync(join(dataDir, 'dynamodb-local.pid'))).toBe(false);

    // 3. Start again, then crash the server with SIGKILL: DynamoDB Local is orphaned.
    const second = npmStart();
    await waitHealthy(second, 90_000);
    const orphan = pidOf('dynamodb-local');
    process.kill(pidOf('server'), 'SIGKILL');
    await second.exited;
    expect(alive(orphan)).toBe(true);

    // 4. The next start stops the orphan and comes back with the data.
    const third = npmStart();
    await waitHealthy(third, 90_000);
    expect(third.output()).toContain(`Stopped DynamoDB Local (pid ${orphan})`);
    expect(alive(orphan)).toBe(false);
    const again = tableClient();
    const survivor = await again.client.send(
      new GetCommand({ TableName: again.tableName, Key: { pk: 'TEST#survivor', sk: 'TEST' } }),
    );
    expect(survivor.Item?.note).toBe('确认已保存');
    const city = await (await fetch(`http://127.0.0.1:${port}/api/city`)).json();
    expect(city.name).toBe('吴忠市');
    expect(third.output()).not.toContain('seeded just now');

    third.child.kill('SIGTERM');
    await third.exited;
  }, 240_000);

  it('says in one line which package to install when Java is missing', async () => {
    // A PATH holding node, npm and sh but no java, as on a fresh machine without a JRE.
    const elsewhere = mkdtempSync(join(tmpdir(), 'fengqiao-nojava-'));
    const bin = join(elsewhere, 'bin');
    mkdirSync(bin);
    for (const tool of ['node', 'npm', 'sh']) {
      const real = execFileSync('which', [tool], { encoding: 'utf8' }).trim();
      symlinkSync(real, join(bin, tool));
    }
    const run = npmStart({ DATA_DIR: join(elsewhere, 'data'), PATH: bin, JAVA_HOME: '' });
    const code = await run.exited;
    expect(code).not.toBe(0);
    const lines = run
      .output()
      .split('\n')
      .filter((l) => l.includes('openjdk-17-jre-headless'));
    expect(lines).toHaveLength(1);
    rmSync(elsewhere, { recursive: true, force: true });
  }, 60_000);
});

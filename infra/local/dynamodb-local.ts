// The embedded database: fetches the official DynamoDB Local from the npm registry once, then runs it.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { extract } from 'tar';

/**
 * DynamoDB Local 1.25.1 ships inside this npm package under `emulator/`; the package's own
 * dependencies (347 MB) are never installed: only its tarball is fetched.
 */
export const DYNAMODB_LOCAL_PACKAGE = {
  name: 'amplify-dynamodb-simulator',
  version: '2.9.30',
  /** Subresource integrity of the registry tarball, as `npm view … dist.integrity` prints it. */
  integrity:
    'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==',
  engineVersion: '1.25.1',
} as const;

export const JAVA_PACKAGE = 'openjdk-17-jre-headless';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cacheRoot = join(repoRoot, 'node_modules', '.cache', 'fengqiao');
const engineDir = join(cacheRoot, `dynamodb-local-${DYNAMODB_LOCAL_PACKAGE.engineVersion}`);
const completeMarker = join(engineDir, '.complete');

export class JavaMissingError extends Error {
  constructor() {
    super(
      `Java 17 or newer is needed to run DynamoDB Local; install it with: apt-get install -y ${JAVA_PACKAGE}`,
    );
    this.name = 'JavaMissingError';
  }
}

export class DynamoDbLocalDownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DynamoDbLocalDownloadError';
  }
}

function javaBinary(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Throws JavaMissingError when no runnable `java` is found. */
export function assertJava(): void {
  const probe = spawnSync(javaBinary(), ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) throw new JavaMissingError();
}

/** The registry npm itself is configured with (npm sets npm_config_registry for scripts). */
function registryUrl(): string {
  const fromEnv = process.env.npm_config_registry;
  const registry =
    fromEnv && fromEnv.length > 0
      ? fromEnv
      : execFileSync('npm', ['config', 'get', 'registry'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim();
  return registry.endsWith('/') ? registry : `${registry}/`;
}

function progressReporter(total: number, log: (line: string) => void): Transform {
  let seen = 0;
  let lastShown = -1;
  const tty = process.stderr.isTTY === true;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      const percent = total > 0 ? Math.floor((seen / total) * 100) : -1;
      const step = tty ? percent : Math.floor(percent / 10) * 10;
      if (step !== lastShown && percent >= 0) {
        lastShown = step;
        const mb = (seen / 1_000_000).toFixed(1);
        const line = `  downloading DynamoDB Local: ${mb} of ${(total / 1_000_000).toFixed(1)} MB (${step}%)`;
        if (tty) process.stderr.write(`\r${line}`);
        else log(line);
      }
      done(null, chunk);
    },
    flush(done) {
      if (tty) process.stderr.write('\n');
      done();
    },
  });
}

/**
 * Makes sure the engine is in the cache (node_modules/.cache/fengqiao), downloading and
 * checking it on first use. Returns the folder holding DynamoDBLocal.jar.
 */
export async function ensureDynamoDbLocal(
  log: (line: string) => void = console.error,
): Promise<string> {
  if (existsSync(completeMarker)) {
    const recorded = (await readFile(completeMarker, 'utf8')).trim();
    if (recorded === DYNAMODB_LOCAL_PACKAGE.integrity) return engineDir;
  }
  mkdirSync(cacheRoot, { recursive: true });
  const { name, version, integrity } = DYNAMODB_LOCAL_PACKAGE;
  const url = `${registryUrl()}${name}/-/${name}-${version}.tgz`;
  log(
    `First start: fetching DynamoDB Local ${DYNAMODB_LOCAL_PACKAGE.engineVersion} (${name}@${version}, about 57 MB, cached afterwards)`,
  );
  const response = await fetch(url).catch((error: unknown) => {
    throw new DynamoDbLocalDownloadError(
      `Could not reach the npm registry at ${url}: ${String(error)}`,
    );
  });
  if (!response.ok || !response.body) {
    throw new DynamoDbLocalDownloadError(`The npm registry answered ${response.status} for ${url}`);
  }
  const total = Number(response.headers.get('content-length') ?? 0);
  const partFile = join(cacheRoot, `${name}-${version}.tgz.part`);
  const hash = createHash('sha512');
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(
    Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
    progressReporter(total, log),
    hasher,
    createWriteStream(partFile),
  );
  const actual = `sha512-${hash.digest('base64')}`;
  if (actual !== integrity) {
    rmSync(partFile, { force: true });
    throw new DynamoDbLocalDownloadError(
      `Checksum mismatch for ${name}@${version}: expected ${integrity}, got ${actual}. Nothing was installed.`,
    );
  }
  // Extract only package/emulator/ into a temporary folder, then move it into place in one step.
  const staging = `${engineDir}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await extract({
    file: partFile,
    cwd: staging,
    strip: 2,
    filter: (path) => path.startsWith('package/emulator/'),
  });
  if (!existsSync(join(staging, 'DynamoDBLocal.jar'))) {
    throw new DynamoDbLocalDownloadError(`${name}@${version} holds no emulator/DynamoDBLocal.jar`);
  }
  await writeFile(join(staging, '.complete'), integrity);
  rmSync(engineDir, { recursive: true, force: true });
  renameSync(staging, engineDir);
  rmSync(partFile, { force: true });
  log('  DynamoDB Local is ready.');
  return engineDir;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

export interface DynamoDbLocalOptions {
  /** Folder for the SQLite file; omit to run in memory (tests). */
  dbPath?: string;
  /** File receiving the engine's own output. */
  logFile?: string;
  port?: number;
}

export interface RunningDynamoDbLocal {
  endpoint: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The marker that identifies our engine in a process's command line (used for stale pid files). */
export const DYNAMODB_LOCAL_MARKER = 'DynamoDBLocal.jar';

/** Starts DynamoDB Local and resolves once it answers requests. */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<RunningDynamoDbLocal> {
  assertJava();
  const dir = await ensureDynamoDbLocal();
  const port = options.port ?? (await freePort());
  const storage = options.dbPath ? ['-sharedDb', '-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const out = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(
    javaBinary(),
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-Xshare:auto',
      '-jar',
      join(dir, DYNAMODB_LOCAL_MARKER),
      ...storage,
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    { cwd: dir, stdio: ['ignore', out, out] },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  let exited: number | null = null;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : 1);
      resolve();
    });
  });
  const stop = async () => {
    if (exited !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exitedPromise;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null) {
      throw new Error(
        `DynamoDB Local exited with code ${exited} while starting${options.logFile ? `; see ${options.logFile}` : ''}`,
      );
    }
    if (await answers(endpoint)) return { endpoint, port, child, stop };
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s`);
}

/** True when the engine answers a ListTables call (any credentials are accepted locally). */
async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
      signal: AbortSignal.timeout(1000),
    });
    await res.arrayBuffer();
    return res.status < 500;
  } catch {
    return false;
  }
}

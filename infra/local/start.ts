// `npm start`: the whole product on one machine — DynamoDB Local, the API and the site, a seeded city.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { dynamoCityStore } from '#adapters/dynamo/city-store.ts';
import { createTable, createTableIfMissing } from '#adapters/dynamo/table-client.ts';
import { appFromEnvironment } from '#api/environment.ts';
import { everyRouteGroup } from '#api/groups/all.ts';
import { CityConfigError, loadCity } from '#config/cities.ts';
import { cityEnvironment } from '#config/city-environment.ts';
import { seedCity } from '#use-cases/seed-city.ts';
import { runBookingReminders } from '../../functions/scheduler/booking-reminders.ts';
import { runRetention } from '../../functions/scheduler/retention.ts';
import {
  assertJava,
  DYNAMODB_LOCAL_MARKER,
  JavaMissingError,
  type RunningDynamoDbLocal,
  startDynamoDbLocal,
} from './dynamodb-local.ts';
import { fileClock } from './file-clock.ts';
import { accountLines, localIdentity } from './identity.ts';
import { removePidFile, runningFromPidFile, stopStale, writePidFile } from './pid-files.ts';
import { type SfnEmulator, startSfnEmulator } from './sfn/sfn-emulator.ts';
import { siteServer } from './site-server.ts';
import { localUploadTarget } from './upload-target.ts';
import { buildSiteIfStale, webDist } from './web-build.ts';

const SERVER_MARKER = 'infra/local/start.ts';
const say = (line: string) => process.stderr.write(`${line}\n`);

function settings() {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new StartError(`PORT must be a port number, got "${process.env.PORT}"`);
  return {
    port,
    host: process.env.HOST ?? '127.0.0.1',
    dataDir: resolve(process.env.DATA_DIR ?? '.data'),
    cityId: process.env.CITY ?? 'wuzhong',
  };
}

let db: RunningDynamoDbLocal | undefined;
let workflow: SfnEmulator | undefined;
let closing = false;

/** Stops every child and removes the pid files; the data stays. */
async function shutdown(code: number): Promise<never> {
  if (!closing) {
    closing = true;
    const { dataDir } = settings();
    // In-process: closing it stops its port; running executions stay RUNNING and resume next start.
    await workflow?.close();
    await db?.stop();
    removePidFile(dataDir, 'dynamodb-local');
    removePidFile(dataDir, 'server');
    rmSync(join(dataDir, 'runtime.json'), { force: true });
  }
  process.exit(code);
}

async function main(): Promise<void> {
  const { port, host, dataDir, cityId } = settings();
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  mkdirSync(join(dataDir, 'logs'), { recursive: true });

  const other = runningFromPidFile(dataDir, 'server');
  if (other && other.pid !== process.pid) {
    say(
      `Fengqiao is already running from ${dataDir} (pid ${other.pid}). Stop it first: kill ${other.pid}`,
    );
    process.exit(1);
  }
  writePidFile(dataDir, 'server', { pid: process.pid, marker: SERVER_MARKER });
  const stale = await stopStale(dataDir, 'dynamodb-local');
  if (stale) say(`Stopped DynamoDB Local (pid ${stale}) left running by an earlier crash.`);

  assertJava();
  const city = loadCity(cityId);
  await buildSiteIfStale(cityId, say);

  say('Starting DynamoDB Local…');
  db = await startDynamoDbLocal({
    dbPath: join(dataDir, 'dynamodb'),
    logFile: join(dataDir, 'logs', 'dynamodb-local.log'),
  });
  writePidFile(dataDir, 'dynamodb-local', { pid: db.child.pid!, marker: DYNAMODB_LOCAL_MARKER });
  db.child.once('exit', (exitCode) => {
    if (closing) return;
    say(
      `DynamoDB Local stopped unexpectedly (code ${exitCode}); see ${join(dataDir, 'logs', 'dynamodb-local.log')}`,
    );
    void shutdown(1);
  });

  // Local mode changes endpoints and configuration only; the app reads the same variables as on Lambda.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    AWS_REGION: city.deploy.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TABLE_NAME: `fengqiao-${cityId}`,
    ...cityEnvironment(city),
    // Node 20 stays supported until its end of life (docs/local-runtime.md); keep the console readable.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED:
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? 'true',
  });
  const table = createTable(`fengqiao-${cityId}`);
  // For developers' own tools (aws dynamodb scan --endpoint-url …) and the tests.
  writeFileSync(
    join(dataDir, 'runtime.json'),
    JSON.stringify(
      { dynamodbEndpoint: db.endpoint, tableName: table.name, region: city.deploy.region },
      null,
      2,
    ),
  );
  await createTableIfMissing(table);
  const clock = fileClock(dataDir);
  const { seeded } = await seedCity({ cities: dynamoCityStore(table), clock }, city);

  // The dev OIDC issuer lives on the product's own port (CONTRACT.md), so its URL is known now.
  // It comes before the emulator: executions it resumes run task functions that read its variables.
  const identity = await localIdentity({
    dataDir,
    city,
    table,
    clock,
    baseUrl: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
  });
  Object.assign(process.env, identity.env);
  await identity.seedAccounts();

  // The Step Functions emulator runs in this process on its own port; the app reaches it through
  // the AWS SDK as on AWS. It follows the controllable clock: a move fires what fell due.
  workflow = await startSfnEmulator({
    cityId,
    partition: city.deploy.partition,
    region: city.deploy.region,
    clock,
    log: say,
  });
  clock.onMove(() => workflow?.engine.catchUp());
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SFN: workflow.endpoint,
    STATE_MACHINE_ARN: workflow.stateMachineArns.mediation,
  });
  writeFileSync(
    join(dataDir, 'runtime.json'),
    JSON.stringify(
      {
        ...JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')),
        sfnEndpoint: workflow.endpoint,
        stateMachineArns: workflow.stateMachineArns,
        sfnTableName: `fengqiao-${cityId}-sfn-local`,
      },
      null,
      2,
    ),
  );
  if (workflow.resumed > 0) say(`Resumed ${workflow.resumed} running workflow execution(s).`);

  // Files go to DATA_DIR/uploads through signed links on this same origin (S3 on AWS).
  const uploads = localUploadTarget({ dataDir, clock });
  const api = appFromEnvironment(everyRouteGroup, {
    clock,
    devClock: clock,
    devOutbox: identity.outbox,
    uploads,
    devUploads: uploads,
  });
  const server = serve({
    fetch: siteServer({ api, webDir: webDist, dev: identity.dev }).fetch,
    port,
    hostname: host,
  });
  await new Promise<void>((ready, fail) => {
    server.once('listening', ready);
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE'
          ? new StartError(
              `Port ${port} on ${host} is in use; choose another: PORT=${port + 1} npm start`,
            )
          : error,
      ),
    );
  });
  // Booking reminders: on AWS a schedule runs them every five minutes; here every minute, and at
  // once when the local clock moves. They are table items, so a stopped process loses none.
  let reminding: Promise<unknown> | undefined;
  const remind = async () => {
    reminding ??= runBookingReminders(clock)
      .catch((error: unknown) => say(`Booking reminders failed: ${String(error)}`))
      .finally(() => {
        reminding = undefined;
      });
    await reminding;
  };
  setInterval(() => void remind(), 60_000).unref();
  clock.onMove(() => remind());
  // The retention job: on AWS a schedule runs it daily at 03:00; here hourly and when the local
  // clock moves (a demo jumping years ahead sees old cases erased). It is idempotent.
  let erasing: Promise<unknown> | undefined;
  const erase = async () => {
    erasing ??= runRetention({ clock, uploads })
      .catch((error: unknown) => say(`Retention job failed: ${String(error)}`))
      .finally(() => {
        erasing = undefined;
      });
    await erasing;
  };
  setInterval(() => void erase(), 3_600_000).unref();
  clock.onMove(() => erase());

  const address = server.address();
  const actualPort = address && typeof address === 'object' ? address.port : port;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`;
  say(
    [
      '',
      `枫桥 Fengqiao — ${city.runtime.city.name} ${city.runtime.city.nameEn} (${cityId}) is running`,
      `  Site    ${url}/          English: ${url}/en/`,
      `  API     ${url}/api/health   OpenAPI: ${url}/api/openapi.json`,
      `  Data    ${dataDir}${seeded ? '  (demo city seeded just now)' : ''}`,
      `  Logs    ${join(dataDir, 'logs')}  (request logs below, JSON)`,
      `  Cases   ${workflow.endpoint}/  (workflow executions and their history, local only)`,
      `  Sign-in ${identity.issuer}/authorize  (dev OIDC issuer, local only; demo accounts:)`,
      ...accountLines(identity.accounts),
      `  Outbox  ${url}/dev/outbox  (SMS and e-mail are recorded here, not sent)`,
      '  Stop    Ctrl-C — your data stays; delete the data folder to start over',
      '',
    ].join('\n'),
  );
}

/** A failure the message alone explains (no stack trace for the reader). */
class StartError extends Error {}

main().catch(async (error: unknown) => {
  if (
    error instanceof JavaMissingError ||
    error instanceof CityConfigError ||
    error instanceof StartError
  ) {
    say(error.message);
  } else {
    say(
      `Fengqiao could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
  await shutdown(1);
});

// The real local server (site + API) on a free port, over a freshly seeded table of the demo city.

import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { serve } from '@hono/node-server';
import { dynamoCityStore } from '../../functions/adapters/dynamo/city-store.ts';
import { appFromEnvironment } from '../../functions/api/environment.ts';
import { everyRouteGroup } from '../../functions/api/groups/all.ts';
import { loadCity } from '../../functions/config/cities.ts';
import { cityEnvironment } from '../../functions/config/city-environment.ts';
import { seedCity } from '../../functions/use-cases/seed-city.ts';
import { fileClock } from '../../infra/local/file-clock.ts';
import { type LocalIdentity, localIdentity } from '../../infra/local/identity.ts';
import { type SfnEmulator, startSfnEmulator } from '../../infra/local/sfn/sfn-emulator.ts';
import { siteServer } from '../../infra/local/site-server.ts';
import { localUploadTarget } from '../../infra/local/upload-target.ts';
import { webDist } from '../../infra/local/web-build.ts';
import { createTestTable } from './table.ts';

export interface TestServer {
  url: string;
  tableName: string;
  /** The server's DATA_DIR (clock, keys, uploads), removed on close. */
  dataDir: string;
  /** The dev OIDC issuer and demo accounts, as `npm start` sets them up. */
  identity: LocalIdentity;
  /** The API app the server runs (its routes, for tests that walk every route). */
  api: ReturnType<typeof appFromEnvironment>;
  /** The server's controllable clock (POST /api/dev/clock moves it too). */
  clock: ReturnType<typeof fileClock>;
  /** With `{ workflow: true }`: the Step Functions emulator cases run on, as `npm start` runs it. */
  workflow?: SfnEmulator;
  close(): Promise<void>;
}

export async function startTestServer(
  cityId = 'wuzhong',
  options: { workflow?: boolean } = {},
): Promise<TestServer> {
  const table = await createTestTable(cityId);
  const dataDir = mkdtempSync(join(tmpdir(), 'fengqiao-test-'));
  const clock = fileClock(dataDir);
  const city = loadCity(cityId);
  await seedCity({ cities: dynamoCityStore(table), clock }, city);
  process.env.TABLE_NAME = table.name;
  Object.assign(process.env, cityEnvironment(city));
  // The issuer's URL names the port, so listen first and build the app (which reads it) after.
  let site: { fetch(request: Request): Response | Promise<Response> } | undefined;
  const server = serve({
    fetch: (request) => site!.fetch(request),
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const identity = await localIdentity({ dataDir, city, table, clock, baseUrl: url });
  Object.assign(process.env, identity.env);
  await identity.seedAccounts();
  // After the identity variables: the emulator's task functions read them in this process.
  let workflow: SfnEmulator | undefined;
  let detach = () => {};
  if (options.workflow) {
    workflow = await startSfnEmulator({
      cityId,
      partition: city.deploy.partition,
      region: city.deploy.region,
      clock,
      tableName: `${table.name}-sfn`,
      log: () => {},
    });
    const engine = workflow.engine;
    detach = clock.onMove(() => engine.catchUp());
    process.env.AWS_ENDPOINT_URL_SFN = workflow.endpoint;
    process.env.STATE_MACHINE_ARN = workflow.stateMachineArns.mediation;
  } else {
    delete process.env.AWS_ENDPOINT_URL_SFN;
    delete process.env.STATE_MACHINE_ARN;
  }
  // Files go to DATA_DIR/uploads through signed links on this same origin (S3 on AWS).
  const uploads = localUploadTarget({ dataDir, clock });
  const api = appFromEnvironment(everyRouteGroup, {
    clock,
    devClock: clock,
    devOutbox: identity.outbox,
    uploads,
    devUploads: uploads,
  });
  site = siteServer({ api, webDir: webDist, dev: identity.dev });
  return {
    url,
    tableName: table.name,
    dataDir,
    identity,
    api,
    clock,
    ...(workflow ? { workflow } : {}),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      detach();
      if (workflow) {
        await workflow.close();
        await dropTable(`${table.name}-sfn`);
      }
      await table.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function dropTable(name: string) {
  const client = new DynamoDBClient({});
  try {
    await client.send(new DeleteTableCommand({ TableName: name }));
  } finally {
    client.destroy();
  }
}

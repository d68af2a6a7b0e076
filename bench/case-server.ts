// The bench's product for cases: the API with the dev issuer, the outbox and the workflow emulator, as `npm start` runs them (cf. test/support/server.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { dynamoCityStore } from '#adapters/dynamo/city-store.ts';
import { createTable, createTableIfMissing } from '#adapters/dynamo/table-client.ts';
import { appFromEnvironment } from '#api/environment.ts';
import { everyRouteGroup } from '#api/groups/all.ts';
import { loadCity } from '#config/cities.ts';
import { cityEnvironment } from '#config/city-environment.ts';
import { type FileClock, fileClock } from '#local/file-clock.ts';
import { type LocalIdentity, localIdentity } from '#local/identity.ts';
import { type SfnEmulator, startSfnEmulator } from '#local/sfn/sfn-emulator.ts';
import { siteServer } from '#local/site-server.ts';
import { webDist } from '#local/web-build.ts';
import { seedCity } from '#use-cases/seed-city.ts';
import { workflowDefinitions } from '../functions/workflow/functions.ts';

export interface CaseServer {
  url: string;
  identity: LocalIdentity;
  clock: FileClock;
  emulator: SfnEmulator;
  tableName: string;
  close(): Promise<void>;
}

/**
 * On the bench's DynamoDB Local (AWS_ENDPOINT_URL_DYNAMODB set): its own seeded table, so
 * TABLE_NAME and the personal-data key the task functions read once per process are this
 * server's. `workflows` adds bench machines beside the mediation one, on the same emulator.
 */
export async function startCaseServer(options: {
  tableName: string;
  workflows?: Readonly<Record<string, string>>;
}): Promise<CaseServer> {
  const city = loadCity('wuzhong');
  const dataDir = mkdtempSync(join(tmpdir(), 'fengqiao-bench-cases-'));
  const clock = fileClock(dataDir);
  const table = createTable(options.tableName);
  await createTableIfMissing(table);
  await seedCity({ cities: dynamoCityStore(table), clock }, city);
  process.env.TABLE_NAME = table.name;
  Object.assign(process.env, cityEnvironment(city));
  // The issuer's URL names the port: listen first, build the app after.
  let site: { fetch(request: Request): Response | Promise<Response> } | undefined;
  const server = serve({
    fetch: (request) => site!.fetch(request),
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const identity = await localIdentity({ dataDir, city, table, clock, baseUrl: url });
  Object.assign(process.env, identity.env);
  await identity.seedAccounts();
  const emulator = await startSfnEmulator({
    cityId: city.id,
    partition: city.deploy.partition,
    region: city.deploy.region,
    clock,
    tableName: `${table.name}-sfn-local`,
    workflows: { ...workflowDefinitions, ...options.workflows },
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const detach = clock.onMove(() => emulator.engine.catchUp());
  process.env.AWS_ENDPOINT_URL_SFN = emulator.endpoint;
  process.env.STATE_MACHINE_ARN = emulator.stateMachineArns.mediation;
  // No attachments in the bench's paths: no upload target.
  const api = appFromEnvironment(everyRouteGroup, {
    clock,
    devClock: clock,
    devOutbox: identity.outbox,
  });
  site = siteServer({ api, webDir: webDist, dev: identity.dev });
  return {
    url,
    identity,
    clock,
    emulator,
    tableName: table.name,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      detach();
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

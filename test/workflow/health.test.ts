// GET /api/health also waits for the workflow engine, through the same DescribeStateMachine call as on AWS.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appFromEnvironment } from '../../functions/api/environment.ts';
import { everyRouteGroup } from '../../functions/api/groups/all.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startTestWorkflow, type TestWorkflow } from '../support/workflow.ts';

let wf: TestWorkflow;
let server: TestServer;
beforeAll(async () => {
  wf = await startTestWorkflow();
  // The seeded table, city and identity variables the app is built from.
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
  await wf?.close();
  delete process.env.STATE_MACHINE_ARN;
  delete process.env.AWS_ENDPOINT_URL_SFN;
});

/** The app as `npm start` and the Lambda build it, from these two variables. */
async function healthWith(stateMachineArn: string, endpoint: string) {
  Object.assign(process.env, {
    STATE_MACHINE_ARN: stateMachineArn,
    AWS_ENDPOINT_URL_SFN: endpoint,
  });
  const app = appFromEnvironment(everyRouteGroup, { clock: server.clock });
  const res = await app.request('/api/health');
  return { status: res.status, body: await res.json() };
}

it('answers 200 once the engine knows the state machine, 503 naming the workflow check otherwise', async () => {
  const arn = wf.emulator.stateMachineArns.mediation!;
  expect(await healthWith(arn, wf.emulator.endpoint)).toEqual({
    status: 200,
    body: { status: 'ok' },
  });
  const missing = await healthWith(`${arn}-missing`, wf.emulator.endpoint);
  expect(missing.status).toBe(503);
  expect(missing.body.error.details.checks).toMatchObject({ table: 'up', workflow: 'down' });
  // Nothing listening: the engine is not up yet.
  const down = await healthWith(arn, 'http://127.0.0.1:9');
  expect(down.status).toBe(503);
  expect(down.body.error.details.checks).toMatchObject({ table: 'up', workflow: 'down' });
});

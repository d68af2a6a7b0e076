// GET /api/health also waits for the workflow engine, through the same DescribeStateMachine call as on AWS.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer } from '../support/server.ts';
import { startTestWorkflow, type TestWorkflow } from '../support/workflow.ts';

let wf: TestWorkflow;
beforeAll(async () => {
  wf = await startTestWorkflow();
});
afterAll(async () => {
  await wf?.close();
  delete process.env.STATE_MACHINE_ARN;
  delete process.env.AWS_ENDPOINT_URL_SFN;
});

async function healthWith(stateMachineArn: string, endpoint: string) {
  Object.assign(process.env, {
    STATE_MACHINE_ARN: stateMachineArn,
    AWS_ENDPOINT_URL_SFN: endpoint,
  });
  const server = await startTestServer();
  try {
    const res = await fetch(`${server.url}/api/health`);
    return { status: res.status, body: await res.json() };
  } finally {
    await server.close();
  }
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
});

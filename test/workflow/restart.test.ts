// A case survives a crash: SIGKILL the whole `npm start` while it waits at a callback task, start again, finish it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import {
  cleanup,
  npmStart,
  type Product,
  pidOf,
  runtimeOf,
  waitGone,
  waitHealthy,
} from '../support/product.ts';
import { historyOf, tokenOf, waitForEvent } from '../support/workflow.ts';

let product: Product;
beforeAll(async () => {
  product = {
    dataDir: mkdtempSync(join(tmpdir(), 'fengqiao-wf-restart-')),
    port: await freePort(),
    started: [],
  };
});
afterAll(() => {
  cleanup(product);
});

function sfn(): SFNClient {
  const runtime = runtimeOf(product);
  return new SFNClient({
    endpoint: runtime.sfnEndpoint,
    region: runtime.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

it('keeps a case waiting at its callback task across a SIGKILL of the whole product, then completes it', async () => {
  const first = npmStart(product);
  await waitHealthy(product, first, 90_000);
  const stateMachineArn = runtimeOf(product).stateMachineArns.mediation!;
  let client = sfn();
  const { executionArn } = await client.send(
    new StartExecutionCommand({
      stateMachineArn,
      name: 'case-WZ-2026-0042',
      input: JSON.stringify({ caseId: 'WZ-2026-0042' }),
    }),
  );
  const wait = await waitForEvent(client, executionArn!, (e) => e.type === 'WaitStateEntered');
  const { triage } = JSON.parse(wait.stateEnteredEventDetails!.input!);
  // Past the Wait with the local clock, as a developer would: the case reaches 问诊.
  const moved = await fetch(`http://127.0.0.1:${product.port}/api/dev/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to: triage.diagnosisOpensAt }),
  });
  expect(moved.status).toBe(200);
  await waitForEvent(client, executionArn!, (e) => e.type === 'TaskSubmitted');
  const scheduled = (await historyOf(client, executionArn!)).filter(
    (e) => e.type === 'TaskScheduled',
  );
  const token = tokenOf(scheduled.at(-1)!);

  // SIGKILL everything: the server (and the emulator in it) and DynamoDB Local.
  const server = pidOf(product, 'server');
  const database = pidOf(product, 'dynamodb-local');
  process.kill(server, 'SIGKILL');
  process.kill(database, 'SIGKILL');
  first.child.kill('SIGKILL');
  expect(await waitGone(server)).toBe(true);
  expect(await waitGone(database)).toBe(true);

  const second = npmStart(product);
  await waitHealthy(product, second, 90_000);
  expect(second.output()).toContain('Resumed 1 running workflow execution(s).');
  client = sfn();
  const described = await client.send(new DescribeExecutionCommand({ executionArn }));
  expect(described.status).toBe('RUNNING');
  // Still at the same task, with the same token: nothing was scheduled or delivered again.
  const overview = await (await fetch(`${runtimeOf(product).sfnEndpoint}/executions.json`)).json();
  const listed = overview[0].executions.find(
    (e: { executionArn: string }) => e.executionArn === executionArn,
  );
  expect(listed.currentState).toBe('Diagnosis');
  expect(listed.pending).toMatchObject({ kind: 'callback', state: 'Diagnosis', token });

  await client.send(
    new SendTaskSuccessCommand({
      taskToken: token,
      output: JSON.stringify({ mediable: true, consent: true }),
    }),
  );
  await waitForEvent(client, executionArn!, (e) => e.type === 'ExecutionSucceeded');
  const done = await client.send(new DescribeExecutionCommand({ executionArn }));
  expect(done.status).toBe('SUCCEEDED');
  expect(JSON.parse(done.output!).diagnosis).toEqual({ mediable: true, consent: true });

  // The whole run, before and after the crash, in one history.
  const history = await historyOf(client, executionArn!);
  const types = history.map((e) => e.type);
  expect(types[0]).toBe('ExecutionStarted');
  expect(types.filter((t) => t === 'ExecutionStarted')).toHaveLength(1);
  expect(types.at(-1)).toBe('ExecutionSucceeded');
  const entered = history
    .filter((e) => e.stateEnteredEventDetails)
    .map((e) => e.stateEnteredEventDetails!.name);
  expect(entered).toEqual([
    'Resume',
    'Triage',
    'OpenDiagnosis',
    'Diagnosis',
    // After the restart: the resume Choice enters the checkpointed stage with its saved input.
    'Resume',
    'ResumeAt',
    'ResumeAtDiagnosis',
    'Diagnosis',
    'Diagnosed',
  ]);
  expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(2); // Triage, Diagnosis: once each
  expect(types.filter((t) => t === 'TaskSucceeded')).toHaveLength(2);
  expect(history.map((e) => e.id)).toEqual(history.map((_, i) => i + 1));

  second.child.kill('SIGTERM');
  await second.exited;
}, 240_000);

// A case survives a crash: SIGKILL the whole `npm start` while it waits at 问诊 (a callback task), start again, finish it through the API.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { fileCase, moveClock } from '../support/cases.ts';
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

/** A demo staff member's ID token from the product's dev OIDC issuer (as curl would get one). */
async function staffToken(base: string, subject: string): Promise<string> {
  const response = await fetch(`${base}/dev/oidc/dev-token`, {
    method: 'POST',
    body: new URLSearchParams({ subject }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id_token: string }).id_token;
}

it('keeps a case waiting at 问诊 across a SIGKILL of the whole product, then completes it through the staff API', async () => {
  const first = npmStart(product);
  await waitHealthy(product, first, 90_000);
  const base = `http://127.0.0.1:${product.port}`;
  const stateMachineArn = runtimeOf(product).stateMachineArns.mediation!;
  let client = sfn();
  // Filed by a resident through the product's API: the execution is named after the case.
  const { caseNumber } = await fileCase({ url: base });
  const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${caseNumber}`;
  const wait = await waitForEvent(client, executionArn, (e) => e.type === 'WaitStateEntered');
  const { step } = JSON.parse(wait.stateEnteredEventDetails!.input!);
  // Past the Wait with the local clock, as a developer would: the case reaches 问诊.
  await moveClock({ url: base }, { to: step.opensAt });
  await waitForEvent(client, executionArn, (e) => e.type === 'TaskSubmitted');
  const scheduled = (await historyOf(client, executionArn)).filter(
    (e) => e.type === 'TaskScheduled',
  );
  const token = tokenOf(scheduled.at(-1)!);
  expect(JSON.parse(scheduled.at(-1)!.taskScheduledEventDetails!.parameters!).Payload.state).toBe(
    'Diagnosis',
  );

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
  // The resumed run re-enters its stage in the background (the resume Choice, then the task).
  const reentered = await waitForEvent(
    client,
    executionArn,
    (e) => e.type === 'PassStateExited' && e.stateExitedEventDetails?.name === 'ResumeAtDiagnosis',
  );
  await waitForEvent(
    client,
    executionArn,
    (e) =>
      e.id! > reentered.id! &&
      e.type === 'TaskStateEntered' &&
      e.stateEnteredEventDetails?.name === 'Diagnosis',
  );
  // Still at the same task, with the same token: nothing was scheduled or delivered again.
  const listedNow = async () => {
    const overview = await (
      await fetch(`${runtimeOf(product).sfnEndpoint}/executions.json`)
    ).json();
    return overview[0].executions.find(
      (e: { executionArn: string }) => e.executionArn === executionArn,
    );
  };
  // The record follows its history events by a write.
  let listed = await listedNow();
  for (let i = 0; listed.currentState !== 'Diagnosis' && i < 40; i++) {
    await new Promise((r) => setTimeout(r, 50));
    listed = await listedNow();
  }
  expect(listed.currentState).toBe('Diagnosis');
  expect(listed.pending).toMatchObject({ kind: 'callback', state: 'Diagnosis', token });

  // The mediator records the diagnosis (not mediable) with If-Match: the API sends the token's answer.
  const bearer = { Authorization: `Bearer ${await staffToken(base, 'demo-mediator-gjqc')}` };
  const file = await fetch(`${base}/api/staff/cases/${caseNumber}`, { headers: bearer });
  expect(file.status).toBe(200);
  expect((await file.json()).openStep).toMatchObject({ state: 'Diagnosis', answered: false });
  const diagnosed = await fetch(`${base}/api/staff/cases/${caseNumber}/diagnosis`, {
    method: 'POST',
    headers: {
      ...bearer,
      'Content-Type': 'application/json',
      'If-Match': file.headers.get('etag')!,
    },
    body: JSON.stringify({ mediable: false, respondentConsents: false, track: 'simple' }),
  });
  expect(diagnosed.status).toBe(200);
  await waitForEvent(client, executionArn, (e) => e.type === 'ExecutionSucceeded');
  const done = await client.send(new DescribeExecutionCommand({ executionArn }));
  expect(done.status).toBe('SUCCEEDED');
  expect(JSON.parse(done.output!).step).toMatchObject({
    decision: 'closed',
    closureType: 'not_mediable',
  });
  const closed = await fetch(`${base}/api/staff/cases/${caseNumber}`, { headers: bearer });
  expect(await closed.json()).toMatchObject({ status: 'closed', closureType: 'not_mediable' });

  // The whole run, before and after the crash, in one history.
  const history = await historyOf(client, executionArn);
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
    'Close',
    'Closed',
  ]);
  // Each task scheduled (and its function called) once: Triage, Diagnosis, Close.
  const scheduledIn = history
    .filter((e) => e.type === 'TaskScheduled')
    .map((e) => JSON.parse(e.taskScheduledEventDetails!.parameters!).Payload);
  expect(scheduledIn.map((p) => p.stateName ?? p.state)).toEqual(['Triage', 'Diagnosis', 'Close']);
  expect(types.filter((t) => t === 'TaskSucceeded')).toHaveLength(3);
  expect(types.filter((t) => t === 'TaskSubmitted')).toHaveLength(1);
  expect(history.map((e) => e.id)).toEqual(history.map((_, i) => i + 1));

  second.child.kill('SIGTERM');
  await second.exited;
}, 240_000);

// Task functions answer the same for the same execution, state and version, so a re-run after a crash changes nothing.

import { SFNClient } from '@aws-sdk/client-sfn';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dynamoCaseStore } from '../../functions/adapters/dynamo/case-store.ts';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import { handler as caseTask } from '../../functions/workflow/tasks/case-task.ts';
import { fileCase, waitForStage } from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { waitForEvent } from '../support/workflow.ts';

let server: TestServer;
let sfn: SFNClient;
beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
  sfn = new SFNClient({
    endpoint: server.workflow!.endpoint,
    region: 'cn-northwest-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}, 60_000);
afterAll(async () => {
  sfn?.destroy();
  await server?.close();
});

const executionOf = (caseNumber: string) =>
  `${server.workflow!.stateMachineArns.mediation!.replace(':stateMachine:', ':execution:')}:${caseNumber}`;

/** A case filed through the API, triaged by its own execution and resting at the Wait before 问诊. */
async function restingCase() {
  const { caseNumber } = await fileCase(server);
  await waitForStage(server, caseNumber, 'triage');
  await waitForEvent(sfn, executionOf(caseNumber), (e) => e.type === 'WaitStateEntered');
  return caseNumber;
}

it('returns the first result again when the same execution, state and version run later, and writes one triaged event', async () => {
  const caseNumber = await restingCase();
  const table = createTable(server.tableName);
  const cases = dynamoCaseStore(table, 'wuzhong');
  const triaged = async () =>
    (await cases.events(caseNumber)).filter((e) => e.type === 'triaged').length;
  expect(await triaged()).toBe(1);

  // The payload Triage's Parameters build, for a run of another execution of this case.
  const run = {
    task: 'triage',
    caseId: caseNumber,
    executionId: `${executionOf(caseNumber)}-replayed`,
    stateName: 'Triage',
    version: 1,
  };
  const first = await caseTask({ ...run, enteredAt: '2026-11-20T10:00:00+08:00' });
  expect(first).toMatchObject({ decision: 'triaged', opensAt: '2026-11-23T09:00:00+08:00' });
  expect(await triaged()).toBe(2);

  // A re-run a week later (after a crash and a restart) must not move the deadlines, nor write again.
  const again = await caseTask({ ...run, enteredAt: '2026-11-27T10:00:00+08:00' });
  expect(again).toEqual(first);
  expect(await triaged()).toBe(2);

  // A crash after the case was written but before the result was remembered: the case knows the
  // run by its task key and is not written again.
  await table.doc.send(
    new DeleteCommand({
      TableName: table.name,
      Key: { pk: `TASKRUN#${run.executionId}`, sk: 'STATE#Triage#v1' },
    }),
  );
  expect(await caseTask({ ...run, enteredAt: '2026-11-20T10:00:00+08:00' })).toEqual(first);
  expect(await triaged()).toBe(2);

  // The same state entered again at a later version (another visit) is a new run, with its own deadlines.
  const next = await caseTask({
    ...run,
    version: first.version,
    enteredAt: '2026-11-27T10:00:00+08:00',
  });
  expect(next.version).toBe(first.version + 1);
  expect(next.opensAt).toBe('2026-11-30T09:00:00+08:00');
  expect(await triaged()).toBe(3);
  // And so is another execution at the same version.
  const other = await caseTask({
    ...run,
    executionId: `${run.executionId}-other`,
    enteredAt: '2026-11-27T10:00:00+08:00',
  });
  expect(other.version).toBe(next.version + 1);
  expect(await triaged()).toBe(4);
});

it('rejects a payload that is not what the ASL sends, as a task failure', async () => {
  await expect(caseTask({ caseId: 'x' })).rejects.toThrow();
  await expect(
    caseTask({
      task: 'triage',
      caseId: 'WZ-2026-999999',
      executionId: 'e',
      stateName: 'Triage',
      enteredAt: 'yesterday',
      version: 1,
    }),
  ).rejects.toThrow();
});

it('lists the executions on the local page, with their state and history', async () => {
  const caseNumber = await restingCase();
  const endpoint = server.workflow!.endpoint;
  const html = await (await fetch(`${endpoint}/`)).text();
  expect(html).toContain('fengqiao-wuzhong-mediation');
  expect(html).toContain(caseNumber);
  const [machine, ...others] = await (await fetch(`${endpoint}/executions.json`)).json();
  expect(others).toEqual([]);
  expect(machine).toMatchObject({ name: 'fengqiao-wuzhong-mediation' });
  expect(machine.executions).toContainEqual(
    expect.objectContaining({
      name: caseNumber,
      status: 'RUNNING',
      currentState: 'OpenDiagnosis',
      pending: expect.objectContaining({ kind: 'wait', state: 'OpenDiagnosis' }),
    }),
  );
  const history = await (
    await fetch(`${endpoint}/?execution=${encodeURIComponent(executionOf(caseNumber))}`)
  ).text();
  expect(history).toContain('WaitStateEntered');
  expect(history).toContain('Triage');
});

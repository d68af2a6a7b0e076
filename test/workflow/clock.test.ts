// Moving the local clock 40 days: the Wait and the callback timeout fire once, in order, at their own instants.
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import { readOpenStep } from '../../functions/adapters/dynamo/workflow-steps.ts';
import {
  historyOf,
  startTestWorkflow,
  type TestWorkflow,
  tokenOf,
  waitForEvent,
} from '../support/workflow.ts';

let wf: TestWorkflow;
beforeAll(async () => {
  wf = await startTestWorkflow();
});
afterAll(async () => {
  await wf?.close();
});

const DAY_MS = 86_400_000;

it('fires the Wait and then the 问诊 timeout after a 40-day jump, and the timeout takes its Catch path', async () => {
  const { executionArn } = await wf.client.send(
    new StartExecutionCommand({
      stateMachineArn: wf.emulator.stateMachineArns.mediation,
      input: JSON.stringify({ caseId: 'WZ-2026-0001' }),
    }),
  );
  const entered = await waitForEvent(
    wf.client,
    executionArn!,
    (e) => e.type === 'WaitStateEntered',
  );
  const { triage } = JSON.parse(entered.stateEnteredEventDetails!.input!);
  const opensAt = Date.parse(triage.diagnosisOpensAt);
  const timesOutAt = opensAt + triage.diagnosisTimeoutSeconds * 1000;
  // Both lie beyond what one Node timer can hold from here, once the jump is done.
  expect(timesOutAt - wf.clock.now().getTime()).toBeLessThan(40 * DAY_MS);

  // A minute before the opening nothing fires.
  await wf.clock.set(new Date(opensAt - 60_000));
  let types = (await historyOf(wf.client, executionArn!)).map((e) => e.type);
  expect(types.at(-1)).toBe('WaitStateEntered');

  // As POST /api/dev/clock does: set resolves once everything due has fired.
  await wf.clock.set(new Date(wf.clock.now().getTime() + 40 * DAY_MS));
  const history = await historyOf(wf.client, executionArn!);
  types = history.map((e) => e.type);
  const once = (type: string) => history.filter((e) => e.type === type);
  expect(once('WaitStateExited')).toHaveLength(1);
  expect(once('TaskTimedOut')).toHaveLength(1);
  expect(types.slice(types.indexOf('WaitStateExited'))).toEqual([
    'WaitStateExited',
    'TaskStateEntered',
    'TaskScheduled',
    'TaskStarted',
    'TaskSubmitted',
    'TaskTimedOut',
    'TaskStateExited',
    'PassStateEntered',
    'PassStateExited',
    'ExecutionSucceeded',
  ]);
  // Each fired at its own instant on the local clock, not at the moment of the jump.
  expect(once('WaitStateExited')[0]!.timestamp!.getTime()).toBe(opensAt);
  expect(once('TaskTimedOut')[0]!.timestamp!.getTime()).toBe(timesOutAt);
  expect(once('PassStateEntered')[0]!.stateEnteredEventDetails!.name).toBe('DiagnosisOverdue');

  const described = await wf.client.send(new DescribeExecutionCommand({ executionArn }));
  expect(described.status).toBe('SUCCEEDED');
  const output = JSON.parse(described.output!);
  expect(output.lapsed.Error).toBe('States.Timeout');
  expect(output.overdue).toEqual({ stage: 'diagnosis', action: 'supervision' });

  // The callback task recorded the open step with the same token the history shows.
  const step = await readOpenStep(createTable(wf.appTableName), 'WZ-2026-0001', 'diagnosis');
  expect(step?.taskToken).toBe(tokenOf(once('TaskScheduled').at(-1)!));
  expect(step?.dueAt).toBe(triage.diagnosisDueAt);

  // The local page shows where the case is and what happened.
  const page = await fetch(
    `${wf.emulator.endpoint}/?execution=${encodeURIComponent(executionArn!)}`,
  );
  const html = await page.text();
  expect(html).toContain('SUCCEEDED');
  expect(html).toContain('TaskTimedOut');
  expect(html).toContain('DiagnosisOverdue');
});

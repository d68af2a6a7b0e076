// The emulator driven only through @aws-sdk/client-sfn, as the app and a developer's tools drive it.
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidName,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoCaseStore } from '../../functions/adapters/dynamo/case-store.ts';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import {
  historyOf,
  startTestWorkflow,
  type TestWorkflow,
  tokenOf,
  waitForEvent,
} from '../support/workflow.ts';

let wf: TestWorkflow;
let quick: string;
let mediation: string;

beforeAll(async () => {
  wf = await startTestWorkflow({
    mediation: 'functions/workflow/mediation.asl.json',
    quick: 'test/workflow/fixtures/quick-callback.asl.json',
  });
  quick = wf.emulator.stateMachineArns.quick!;
  mediation = wf.emulator.stateMachineArns.mediation!;
});
afterAll(async () => {
  await wf?.close();
});

const start = (stateMachineArn: string, input: unknown, name?: string) =>
  wf.client.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), name }),
  );

describe('the emulator through client-sfn', () => {
  it('runs a Wait and a callback task to success, with a fresh token in the payload and the whole history', async () => {
    const caseId = await wf.fileCase();
    const { executionArn } = await start(quick, { caseId });
    const scheduled = await waitForEvent(
      wf.client,
      executionArn!,
      (e) => e.type === 'TaskScheduled',
    );
    const token = tokenOf(scheduled);
    expect(token).toMatch(/^fqtt1\./);
    await waitForEvent(wf.client, executionArn!, (e) => e.type === 'TaskSubmitted');
    // The function received the token where the ASL put it and recorded it with the case.
    const cases = dynamoCaseStore(createTable(wf.appTableName), 'wuzhong');
    expect((await cases.get(caseId))?.openStep).toMatchObject({ state: 'Diagnosis', token });
    // Heartbeats are accepted and change nothing.
    await wf.client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await wf.client.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ accepted: true }) }),
    );
    await waitForEvent(wf.client, executionArn!, (e) => e.type === 'ExecutionSucceeded');
    const described = await wf.client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('SUCCEEDED');
    expect(described.stopDate).toBeInstanceOf(Date);
    expect(JSON.parse(described.output!)).toEqual({ caseId, answer: { accepted: true } });
    const types = (await historyOf(wf.client, executionArn!)).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    // A token answers once; then it is gone, as on AWS.
    await expect(
      wf.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('takes the Catch path of a callback task on SendTaskFailure', async () => {
    const { executionArn } = await start(quick, { caseId: await wf.fileCase() });
    const token = tokenOf(
      await waitForEvent(wf.client, executionArn!, (e) => e.type === 'TaskScheduled'),
    );
    await waitForEvent(wf.client, executionArn!, (e) => e.type === 'TaskSubmitted');
    await wf.client.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'Declined', cause: 'party declined' }),
    );
    await waitForEvent(wf.client, executionArn!, (e) => e.type === 'ExecutionSucceeded');
    const described = await wf.client.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(described.output!).declined).toEqual({
      Error: 'Declined',
      Cause: 'party declined',
    });
  });

  it('answers errors as Step Functions does, parsed into the SDK exception classes', async () => {
    await expect(
      wf.client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    ).rejects.toBeInstanceOf(InvalidToken);
    await expect(
      wf.client.send(
        new SendTaskSuccessCommand({ taskToken: `fqtt1.${'A'.repeat(43)}`, output: '{}' }),
      ),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(
      wf.client.send(
        new DescribeExecutionCommand({
          executionArn: `${quick.replace(':stateMachine:', ':execution:')}:nope`,
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(start(`${quick}-missing`, {})).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(start(quick, {}, 'has space')).rejects.toBeInstanceOf(InvalidName);
  });

  it('is idempotent by name: same input while running returns the same execution, another input fails', async () => {
    const caseId = await wf.fileCase();
    const first = await start(quick, { caseId }, 'case-C-3');
    const again = await start(quick, { caseId }, 'case-C-3');
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    await expect(start(quick, { caseId: 'other' }, 'case-C-3')).rejects.toBeInstanceOf(
      ExecutionAlreadyExists,
    );
    // Stopped, then listed by status.
    await wf.client.send(
      new StopExecutionCommand({ executionArn: first.executionArn, error: 'Test', cause: 'done' }),
    );
    const described = await wf.client.send(
      new DescribeExecutionCommand({ executionArn: first.executionArn }),
    );
    expect(described.status).toBe('ABORTED');
    const aborted = await wf.client.send(
      new ListExecutionsCommand({ stateMachineArn: quick, statusFilter: 'ABORTED' }),
    );
    expect(aborted.executions?.map((e) => e.name)).toContain('case-C-3');
    const types = (await historyOf(wf.client, first.executionArn!)).map((e) => e.type);
    expect(types.at(-1)).toBe('ExecutionAborted');
    // Stopped is final: a closed execution's name cannot be reused.
    await expect(start(quick, { caseId }, 'case-C-3')).rejects.toBeInstanceOf(
      ExecutionAlreadyExists,
    );
  });

  it('runs the mediation ASL: triage computes the deadlines, then the case waits for the next working day', async () => {
    const machine = await wf.client.send(
      new DescribeStateMachineCommand({ stateMachineArn: mediation }),
    );
    expect(machine.status).toBe('ACTIVE');
    expect(machine.type).toBe('STANDARD');
    // Filed as POST /api/cases files it: the execution is named after the case.
    const caseNumber = await wf.fileCase({ start: true });
    const executionArn = `${mediation.replace(':stateMachine:', ':execution:')}:${caseNumber}`;
    const entered = await waitForEvent(
      wf.client,
      executionArn,
      (e) => e.type === 'WaitStateEntered',
    );
    const input = JSON.parse(entered.stateEnteredEventDetails!.input!);
    expect(entered.stateEnteredEventDetails!.name).toBe('OpenDiagnosis');
    expect(input.caseId).toBe(caseNumber);
    expect(input.step.decision).toBe('triaged');
    expect(input.step.opensAt).toMatch(/T09:00:00\+08:00$/);
    expect(input.step.timeoutSeconds).toBeGreaterThan(0);
    expect(Date.parse(input.step.dueAt) - Date.parse(input.step.opensAt)).toBe(
      input.step.timeoutSeconds * 1000,
    );
    const described = await wf.client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('RUNNING');
    const types = (await historyOf(wf.client, executionArn)).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'WaitStateEntered',
    ]);
  });
});

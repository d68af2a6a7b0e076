// Seconds/Timestamp Waits and a TimeoutSeconds far past Node's 24.8-day timer limit fire exactly when the clock gets there.
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  historyOf,
  startTestWorkflow,
  type TestWorkflow,
  waitForEvent,
} from '../support/workflow.ts';

let wf: TestWorkflow;
beforeAll(async () => {
  wf = await startTestWorkflow({ long: 'test/workflow/fixtures/long-waits.asl.json' });
});
afterAll(async () => {
  await wf?.close();
});

const DAY = 86_400_000;

it('fires a 30-day SecondsPath Wait, a 34.7-day task timeout and a Timestamp Wait in 2099, each at its instant', async () => {
  const { executionArn } = await wf.client.send(
    new StartExecutionCommand({
      stateMachineArn: wf.emulator.stateMachineArns.long,
      input: JSON.stringify({ caseId: await wf.fileCase(), waitSeconds: 30 * 86_400 }),
    }),
  );
  const entered = await waitForEvent(
    wf.client,
    executionArn!,
    (e) => e.type === 'WaitStateEntered',
  );
  const t0 = entered.timestamp!.getTime();
  const last = async () => (await historyOf(wf.client, executionArn!)).at(-1)!;
  // Real time passes too: nothing may fire on its own in the meantime.
  await new Promise((r) => setTimeout(r, 300));
  expect((await last()).type).toBe('WaitStateEntered');

  await wf.clock.set(new Date(t0 + 29 * DAY));
  expect((await last()).type).toBe('WaitStateEntered');

  await wf.clock.set(new Date(t0 + 31 * DAY));
  const exited = await waitForEvent(wf.client, executionArn!, (e) => e.type === 'WaitStateExited');
  // The wake-up is computed as the Wait starts, a few ms after its StateEntered event.
  const woke = exited.timestamp!.getTime();
  expect(woke - (t0 + 30 * DAY)).toBeGreaterThanOrEqual(0);
  expect(woke - (t0 + 30 * DAY)).toBeLessThan(1000);
  await waitForEvent(wf.client, executionArn!, (e) => e.type === 'TaskSubmitted');

  // 3,000,000 s after the task started (at the wake-up instant, day 30): day 64.7.
  await wf.clock.set(new Date(t0 + 64 * DAY));
  expect((await historyOf(wf.client, executionArn!)).some((e) => e.type === 'TaskTimedOut')).toBe(
    false,
  );
  await wf.clock.set(new Date(t0 + 70 * DAY));
  const timedOut = await waitForEvent(wf.client, executionArn!, (e) => e.type === 'TaskTimedOut');
  expect(timedOut.timestamp!.getTime()).toBe(woke + 3_000_000_000);
  expect((await last()).stateEnteredEventDetails?.name).toBe('Far');

  await wf.clock.set(new Date('2099-01-02T00:00:00Z'));
  const done = await wf.client.send(new DescribeExecutionCommand({ executionArn }));
  expect(done.status).toBe('SUCCEEDED');
  const history = await historyOf(wf.client, executionArn!);
  const far = history.filter((e) => e.type === 'WaitStateExited').at(-1)!;
  expect(far.timestamp!.toISOString()).toBe('2099-01-01T00:00:00.000Z');
  expect(history.filter((e) => e.type === 'WaitStateExited')).toHaveLength(2);
  expect(history.filter((e) => e.type === 'TaskTimedOut')).toHaveLength(1);
});

// Moving the local clock 40 days: every Wait and callback timeout fires once, in order, each at its own instant, before POST /api/dev/clock answers.
import { type HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dynamoCaseStore } from '../../functions/adapters/dynamo/case-store.ts';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import { loadCity } from '../../functions/config/cities.ts';
import { clockNow, fileCase, moveClock } from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { historyOf, tokenOf, waitForEvent } from '../support/workflow.ts';

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

const DAY_MS = 86_400_000;
const at = (e: HistoryEvent) => e.timestamp!.getTime();
const inputOf = (e: HistoryEvent) => JSON.parse(e.stateEnteredEventDetails!.input!);
const payloadOf = (e: HistoryEvent) =>
  JSON.parse(e.taskScheduledEventDetails!.parameters!).Payload as Record<string, unknown>;
/** Events after which an execution rests until a wake-up or an answer. */
const rests = (e: HistoryEvent) => e.type === 'WaitStateEntered' || e.type === 'TaskSubmitted';

it('fires the Waits and the 问诊 timeouts of a 40-day jump in order at their own instants: supervision, then escalation level by level', async () => {
  const { caseNumber } = await fileCase(server);
  const arn = `${server.workflow!.stateMachineArns.mediation!.replace(':stateMachine:', ':execution:')}:${caseNumber}`;
  const entered = await waitForEvent(sfn, arn, (e) => e.type === 'WaitStateEntered');
  const { step } = inputOf(entered);
  const opensAt = Date.parse(step.opensAt);
  const dueAt = Date.parse(step.dueAt);
  expect(dueAt - opensAt).toBe(step.timeoutSeconds * 1000);

  // A minute before the opening nothing fires.
  await moveClock(server, { to: new Date(opensAt - 60_000).toISOString() });
  expect((await historyOf(sfn, arn)).at(-1)!.type).toBe('WaitStateEntered');

  // 40 days on: beyond what one Node timer can hold. The POST answers once everything due has fired.
  const jumpedTo = (await clockNow(server)).getTime() + 40 * DAY_MS;
  await moveClock(server, { to: new Date(jumpedTo).toISOString() });
  const history = await historyOf(sfn, arn);
  expect(history.map((e) => e.id)).toEqual(history.map((_, i) => i + 1));
  const of = (type: string) => history.filter((e) => e.type === type);
  const entries = history
    .filter((e) => e.stateEnteredEventDetails)
    .map((e) => e.stateEnteredEventDetails!.name);
  expect(entries.slice(0, 10)).toEqual([
    'Resume',
    'Triage',
    'OpenDiagnosis',
    // Day 1–3: the next working day, 09:00.
    'Diagnosis',
    // Its due time: supervision (督办) and the grace period.
    'DiagnosisOverdue',
    'DiagnosisLate',
    // The grace period ends: one level up, and diagnosis opens again at the town.
    'EscalateLapsed',
    'Escalated',
    'OpenDiagnosis',
    'Diagnosis',
  ]);
  // Whatever else fell due in the 40 days is the same cycle one level up each time (village →
  // town → county), then the referral beyond the county: nobody acted, nothing was skipped.
  const cycle = [
    'OpenDiagnosis',
    'Diagnosis',
    'DiagnosisOverdue',
    'DiagnosisLate',
    'EscalateLapsed',
    'Escalated',
  ];
  const unattended = [...cycle, ...cycle, ...cycle, 'Close', 'Closed'];
  expect(entries.slice(2)).toEqual(unattended.slice(0, entries.length - 2));

  // The first Wait woke at its opening, 问诊 timed out at its due time, the late step after the grace period.
  const [firstWake] = of('WaitStateExited');
  const [diagnosisTimeout, lateTimeout] = of('TaskTimedOut');
  expect(at(firstWake!)).toBe(opensAt);
  expect(at(diagnosisTimeout!)).toBe(dueAt);
  const late = history.find((e) => e.stateEnteredEventDetails?.name === 'DiagnosisLate')!;
  const grace = inputOf(late).step;
  expect(grace.decision).toBe('supervised');
  expect(grace.dueAt).toMatch(/T18:00:00\+08:00$/);
  expect(at(lateTimeout!)).toBe(Date.parse(grace.dueAt));
  // Due at 18:00 and graced until 18:00 `supervisionGraceDays` later (run-time config).
  expect(at(lateTimeout!) - dueAt).toBe(
    loadCity('wuzhong').runtime.sla.supervisionGraceDays * DAY_MS,
  );

  // Every wake-up fired once, in order, at its own instant: each Wait at its timestamp, each
  // callback timeout at the instant its task opened plus its TimeoutSecondsPath, and every state
  // the wake-up led to ran at that instant ($$.State.EnteredTime and the history's timestamps).
  for (let i = 1; i < history.length; i++)
    expect(at(history[i]!)).toBeGreaterThanOrEqual(at(history[i - 1]!));
  const wakes = history.filter((e) => e.type === 'WaitStateExited' || e.type === 'TaskTimedOut');
  expect(wakes.length).toBeGreaterThanOrEqual(4);
  let waitInput: { step: { opensAt: string } } | undefined;
  let scheduled: Record<string, unknown> | undefined;
  let wakeAt: number | undefined;
  for (const event of history.slice(history.indexOf(firstWake!) - 1)) {
    if (event.type === 'WaitStateEntered') waitInput = inputOf(event);
    if (event.type === 'TaskScheduled') {
      scheduled = payloadOf(event);
      // $$.State.EnteredTime, as the task function received it.
      const enteredAt = (scheduled.openedAt ?? scheduled.enteredAt) as string;
      expect(Date.parse(enteredAt)).toBe(at(event));
    }
    if (event.type === 'WaitStateExited') {
      wakeAt = at(event);
      expect(wakeAt).toBe(Date.parse(waitInput!.step.opensAt));
    } else if (event.type === 'TaskTimedOut') {
      wakeAt = at(event);
      const opened = Date.parse(scheduled!.openedAt as string);
      expect(wakeAt).toBe(opened + (scheduled!.timeoutSeconds as number) * 1000);
    } else if (wakeAt !== undefined) {
      // Until the execution rests again, everything runs at the wake-up's instant.
      expect(at(event), `${event.id} ${event.type}`).toBe(wakeAt);
    }
    if (rests(event)) wakeAt = undefined;
  }
  // Nothing due is left: the execution rests on a wake-up after the jump, or it has ended.
  const [machine] = await (await fetch(`${server.workflow!.endpoint}/executions.json`)).json();
  const execution = machine.executions.find((e: { name: string }) => e.name === caseNumber);
  if (execution.status === 'RUNNING') {
    const next = execution.pending.wakeAtMs ?? execution.pending.timeoutAtMs;
    expect(next).toBeGreaterThan(jumpedTo);
    expect(execution.currentState).toBe(execution.pending.state);
  } else {
    expect(execution.status).toBe('SUCCEEDED');
    expect(entries.at(-1)).toBe('Closed');
  }
  // Each callback task either timed out once or is the one still open.
  const callbacks = of('TaskScheduled').filter((e) => 'taskToken' in payloadOf(e));
  expect(of('TaskTimedOut')).toHaveLength(
    callbacks.length - (execution.pending?.kind === 'callback' ? 1 : 0),
  );

  // The case followed: supervision notices and an escalation, no longer at the village; its open
  // step carries the token the history shows.
  const cases = dynamoCaseStore(createTable(server.tableName), 'wuzhong');
  const record = (await cases.get(caseNumber))!;
  expect(record.level).not.toBe('village');
  expect(record.escalations).toBeGreaterThanOrEqual(1);
  const types = (await cases.events(caseNumber)).map((e) => e.type);
  expect(types.filter((t) => t === 'supervision').length).toBeGreaterThanOrEqual(2);
  const escalations = (await cases.events(caseNumber)).filter((e) => e.type === 'escalated');
  expect(escalations.map((e) => e.data?.toLevel)).toEqual(
    ['town', 'county'].slice(0, escalations.length),
  );
  expect(escalations.length).toBeGreaterThanOrEqual(1);
  if (execution.pending?.kind === 'callback') {
    expect(record.openStep?.token).toBe(tokenOf(callbacks.at(-1)!));
    expect(execution.pending.token).toBe(record.openStep?.token);
  }

  // The local page shows where the case is and what happened.
  const page = await fetch(`${server.workflow!.endpoint}/?execution=${encodeURIComponent(arn)}`);
  const html = await page.text();
  expect(html).toContain(execution.status);
  expect(html).toContain('TaskTimedOut');
  expect(html).toContain('DiagnosisOverdue');
  expect(html).toContain('EscalateLapsed');
});

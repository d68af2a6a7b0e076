// Task functions answer the same for the same execution and state, so a re-run after a crash changes nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handler as triage } from '../../functions/workflow/tasks/triage.ts';
import { startTestWorkflow, type TestWorkflow } from '../support/workflow.ts';

let wf: TestWorkflow;
beforeAll(async () => {
  wf = await startTestWorkflow();
});
afterAll(async () => {
  await wf?.close();
});

it('returns the first triage result again when the same execution and state run later', async () => {
  const run = {
    caseId: 'WZ-2026-0100',
    executionId: 'arn:aws:states:cn-northwest-1:000000000000:execution:m:e-1',
    stateName: 'Triage',
  };
  const first = await triage({ ...run, enteredAt: '2026-11-20T10:00:00+08:00' });
  // A re-run a week later (after a crash and a restart) must not move the deadlines.
  const again = await triage({ ...run, enteredAt: '2026-11-27T10:00:00+08:00' });
  expect(again).toEqual(first);
  expect(first.diagnosisOpensAt).toBe('2026-11-23T09:00:00+08:00');
  // Another execution computes its own.
  const other = await triage({
    ...run,
    executionId: `${run.executionId}-other`,
    enteredAt: '2026-11-27T10:00:00+08:00',
  });
  expect(other.diagnosisOpensAt).toBe('2026-11-30T09:00:00+08:00');
});

it('rejects a payload that is not what the ASL sends, as a task failure', async () => {
  await expect(triage({ caseId: 'x' })).rejects.toThrow();
});

it('lists the executions on the local page, with their state and history', async () => {
  const html = await (await fetch(`${wf.emulator.endpoint}/`)).text();
  expect(html).toContain('fengqiao-wuzhong-mediation');
  expect(await (await fetch(`${wf.emulator.endpoint}/executions.json`)).json()).toEqual([
    expect.objectContaining({ name: 'fengqiao-wuzhong-mediation', executions: [] }),
  ]);
});

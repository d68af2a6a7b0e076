// Pins exactly which fields the emulator's in-memory copy changes; the file itself stays untouched.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { substitute } from '../../../functions/workflow/functions.ts';
import {
  LIBRARY_TASK_TIMEOUT_SECONDS,
  type MachineDefinition,
  resumableStates,
  rewriteForEmulator,
  WAIT_RESOURCE,
} from './asl-rewrite.ts';
import { localSubstitutions } from './local-lambda.ts';

/** Every leaf path whose value differs between two JSON values, with both values. */
function diff(a: unknown, b: unknown, path = '$'): [string, unknown, unknown][] {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) =>
      diff(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      ),
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [[path, a, b]];
}

const file = readFileSync(
  new URL('../../../functions/workflow/mediation.asl.json', import.meta.url),
  'utf8',
);
const mediation = JSON.parse(
  substitute(file, localSubstitutions({ partition: 'aws', region: 'cn-northwest-1' })),
) as MachineDefinition;

type Diff = [string, unknown, unknown];
const byPath = (a: Diff, b: Diff) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
const statesOf = (type: string, test: (s: Record<string, unknown>) => boolean = () => true) =>
  Object.entries(mediation.States)
    .filter(([, s]) => s.Type === type && test(s))
    .map(([name]) => name);
const isCallback = (s: Record<string, unknown>) => String(s.Resource).endsWith('.waitForTaskToken');

describe('rewriteForEmulator', () => {
  it('changes exactly the Waits and the task timeouts of the mediation ASL, nothing else', () => {
    const before = structuredClone(mediation);
    const { definition, waits, timeouts } = rewriteForEmulator(mediation);
    expect(mediation).toEqual(before);
    const changes = diff(mediation, definition);

    // Named pins: a Wait on a timestamp, a request-response task, a callback task.
    expect(changes).toEqual(
      expect.arrayContaining([
        ['$.States.OpenDiagnosis.Type', 'Wait', 'Task'],
        ['$.States.OpenDiagnosis.TimestampPath', '$.step.opensAt', undefined],
        ['$.States.OpenDiagnosis.Resource', undefined, WAIT_RESOURCE],
        ['$.States.OpenDiagnosis.TimeoutSeconds', undefined, LIBRARY_TASK_TIMEOUT_SECONDS],
        ['$.States.FollowUpWait.Type', 'Wait', 'Task'],
        ['$.States.FollowUpWait.TimestampPath', '$.step.opensAt', undefined],
        ['$.States.FollowUpWait.Resource', undefined, WAIT_RESOURCE],
        ['$.States.FollowUpWait.TimeoutSeconds', undefined, LIBRARY_TASK_TIMEOUT_SECONDS],
        ['$.States.Triage.TimeoutSeconds', 60, LIBRARY_TASK_TIMEOUT_SECONDS],
        ['$.States.Diagnosis.TimeoutSecondsPath', '$.step.timeoutSeconds', undefined],
        ['$.States.Diagnosis.TimeoutSeconds', undefined, LIBRARY_TASK_TIMEOUT_SECONDS],
      ]),
    );
    expect(waits).toMatchObject({
      OpenDiagnosis: { TimestampPath: '$.step.opensAt' },
      FollowUpWait: { TimestampPath: '$.step.opensAt' },
    });
    expect(timeouts).toMatchObject({
      Triage: { TimeoutSeconds: 60 },
      Diagnosis: { TimeoutSecondsPath: '$.step.timeoutSeconds' },
    });

    // The whole table, from the file: per Wait four fields, per Task its timeout fields, no more.
    const waitStates = statesOf('Wait');
    const taskStates = statesOf('Task');
    expect(waitStates.sort()).toEqual(['FollowUpWait', 'OpenDiagnosis']);
    expect(taskStates.length).toBe(23);
    const expected: Diff[] = [
      ...waitStates.flatMap((name): Diff[] => {
        const { TimestampPath } = mediation.States[name]!;
        return [
          [`$.States.${name}.Type`, 'Wait', 'Task'],
          [`$.States.${name}.TimestampPath`, TimestampPath, undefined],
          [`$.States.${name}.Resource`, undefined, WAIT_RESOURCE],
          [`$.States.${name}.TimeoutSeconds`, undefined, LIBRARY_TASK_TIMEOUT_SECONDS],
        ];
      }),
      ...taskStates.flatMap((name): Diff[] => {
        const { TimeoutSeconds, TimeoutSecondsPath } = mediation.States[name]!;
        return TimeoutSecondsPath !== undefined
          ? [
              [`$.States.${name}.TimeoutSecondsPath`, TimeoutSecondsPath, undefined],
              [`$.States.${name}.TimeoutSeconds`, undefined, LIBRARY_TASK_TIMEOUT_SECONDS],
            ]
          : [[`$.States.${name}.TimeoutSeconds`, TimeoutSeconds, LIBRARY_TASK_TIMEOUT_SECONDS]];
      }),
    ];
    expect([...changes].sort(byPath)).toEqual(expected.sort(byPath));
    // 2 Waits × 4 fields, 10 callback tasks × 2 (path out, library max in), 13 Lambda tasks × 1.
    expect(changes).toHaveLength(2 * 4 + 10 * 2 + 13);

    expect(waits).toEqual(
      Object.fromEntries(
        waitStates.map((name) => [name, { TimestampPath: mediation.States[name]!.TimestampPath }]),
      ),
    );
    expect(timeouts).toEqual(
      Object.fromEntries(
        taskStates.map((name) => {
          const { TimeoutSeconds, TimeoutSecondsPath } = mediation.States[name]!;
          return [
            name,
            TimeoutSecondsPath !== undefined ? { TimeoutSecondsPath } : { TimeoutSeconds },
          ];
        }),
      ),
    );
    // Every callback task reads its deadline from the step its plan computed; every Lambda task has 60 s.
    for (const name of statesOf('Task', isCallback))
      expect(timeouts[name]).toEqual({ TimeoutSecondsPath: '$.step.timeoutSeconds' });
    for (const name of statesOf('Task', (s) => !isCallback(s)))
      expect(timeouts[name]).toEqual({ TimeoutSeconds: 60 });
    // The library keeps a timer of this many ms; one more and Node fires it at once.
    expect(LIBRARY_TASK_TIMEOUT_SECONDS * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('reaches into Parallel branches and Map processors, and lifts the execution timeout', () => {
    const nested: MachineDefinition = {
      StartAt: 'Both',
      TimeoutSeconds: 99_999_999,
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Nap', States: { Nap: { Type: 'Wait', SecondsPath: '$.s', End: true } } },
          ],
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Call',
            States: {
              Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true },
            },
          },
          End: true,
        },
      },
    };
    const { definition, waits, timeouts, executionTimeoutSeconds } = rewriteForEmulator(nested);
    expect(executionTimeoutSeconds).toBe(99_999_999);
    expect(definition.TimeoutSeconds).toBeUndefined();
    expect(waits).toEqual({ Nap: { SecondsPath: '$.s' } });
    expect(timeouts).toEqual({ Call: {} });
    expect(diff(nested, definition).map(([path]) => path)).toEqual([
      '$.TimeoutSeconds',
      '$.States.Both.Branches.0.States.Nap.Type',
      '$.States.Both.Branches.0.States.Nap.SecondsPath',
      '$.States.Both.Branches.0.States.Nap.Resource',
      '$.States.Both.Branches.0.States.Nap.TimeoutSeconds',
      '$.States.Each.ItemProcessor.States.Call.TimeoutSeconds',
    ]);
  });
});

describe('resumableStates', () => {
  it('reads the states the resume Choice can enter', () => {
    const resumable = [...resumableStates(mediation)].sort();
    expect(resumable).toEqual([
      'ConfirmationWindow',
      'Diagnosis',
      'DiagnosisLate',
      'FollowUp',
      'FollowUpLate',
      'FollowUpWait',
      'JudicialReview',
      'JudicialReviewLate',
      'OpenDiagnosis',
      'Session',
      'SessionLate',
      'Signing',
    ]);
    // Exactly the states a case rests at: every Wait and every callback task.
    expect(resumable).toEqual([...statesOf('Wait'), ...statesOf('Task', isCallback)].sort());
  });
});

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

describe('rewriteForEmulator', () => {
  it('changes exactly the Wait and the task timeouts of the mediation ASL, nothing else', () => {
    const before = structuredClone(mediation);
    const { definition, waits, timeouts } = rewriteForEmulator(mediation);
    expect(mediation).toEqual(before);
    expect(diff(mediation, definition)).toEqual([
      ['$.States.Triage.TimeoutSeconds', 30, LIBRARY_TASK_TIMEOUT_SECONDS],
      ['$.States.OpenDiagnosis.Type', 'Wait', 'Task'],
      ['$.States.OpenDiagnosis.TimestampPath', '$.triage.diagnosisOpensAt', undefined],
      ['$.States.OpenDiagnosis.Resource', undefined, WAIT_RESOURCE],
      ['$.States.OpenDiagnosis.TimeoutSeconds', undefined, LIBRARY_TASK_TIMEOUT_SECONDS],
      ['$.States.Diagnosis.TimeoutSecondsPath', '$.triage.diagnosisTimeoutSeconds', undefined],
      ['$.States.Diagnosis.TimeoutSeconds', undefined, LIBRARY_TASK_TIMEOUT_SECONDS],
    ]);
    expect(waits).toEqual({ OpenDiagnosis: { TimestampPath: '$.triage.diagnosisOpensAt' } });
    expect(timeouts).toEqual({
      Triage: { TimeoutSeconds: 30 },
      Diagnosis: { TimeoutSecondsPath: '$.triage.diagnosisTimeoutSeconds' },
    });
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
    expect([...resumableStates(mediation)].sort()).toEqual(['Diagnosis', 'OpenDiagnosis']);
  });
});

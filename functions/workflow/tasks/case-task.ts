// Lambda entry of the case workflow's request-response tasks: triage, plan, supervise, escalate, close.
import { z } from 'zod';
import { rememberTaskResult } from '#adapters/dynamo/workflow-steps.ts';
import { ClosureType } from '#domain/vocabulary.ts';
import {
  closeCase,
  escalateCase,
  planStep,
  superviseCase,
  type TaskResult,
  triageCase,
} from '#use-cases/case-workflow.ts';
import { taskDeps } from './task-deps.ts';

const Common = {
  caseId: z.string().min(1),
  executionId: z.string().min(1),
  stateName: z.string().min(1),
  enteredAt: z.iso.datetime({ offset: true }),
  version: z.int().min(1),
};
const Payload = z.discriminatedUnion('task', [
  z.object({ task: z.literal('triage'), ...Common }),
  z.object({ task: z.literal('plan'), plannedState: z.string().min(1), ...Common }),
  z.object({ task: z.literal('supervise'), supervisedState: z.string().min(1), ...Common }),
  z.object({ task: z.literal('escalate'), reason: z.enum(['staff', 'deadline']), ...Common }),
  z.object({ task: z.literal('close'), closureType: ClosureType, ...Common }),
]);

/**
 * Every run is remembered per execution, state and case version (the version moves on between
 * two visits of the same state, e.g. a second session), so a retry, a re-run after a crash or a
 * redrive answers exactly as the first run and writes nothing twice.
 */
export async function handler(event: unknown): Promise<TaskResult> {
  const payload = Payload.parse(event);
  const { deps, table } = await taskDeps();
  const run = {
    executionId: payload.executionId,
    stateName: `${payload.stateName}#v${payload.version}`,
  };
  const input = {
    caseNumber: payload.caseId,
    enteredAt: payload.enteredAt,
    taskKey: `${payload.executionId}#${run.stateName}`,
  };
  return rememberTaskResult(table, run, () => {
    switch (payload.task) {
      case 'triage':
        return triageCase(deps, input);
      case 'plan':
        return planStep(deps, {
          ...input,
          plannedState: payload.plannedState,
          version: payload.version,
        });
      case 'supervise':
        return superviseCase(deps, { ...input, supervisedState: payload.supervisedState });
      case 'escalate':
        return escalateCase(deps, { ...input, reason: payload.reason });
      case 'close':
        return closeCase(deps, { ...input, closureType: payload.closureType });
    }
  });
}

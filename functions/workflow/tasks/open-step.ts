// Lambda entry of every human step (a waitForTaskToken task): records the open step and its token with the case.
import { z } from 'zod';
import { openStep } from '#use-cases/case-workflow.ts';
import { taskDeps } from './task-deps.ts';

const Payload = z.object({
  state: z.string().min(1),
  caseId: z.string().min(1),
  executionId: z.string().min(1),
  openedAt: z.iso.datetime({ offset: true }),
  timeoutSeconds: z.number().int().positive(),
  taskToken: z.string().min(1),
});

/** Idempotent: the same token delivered again writes nothing. The API completes the step with the token. */
export async function handler(event: unknown): Promise<{ recorded: true }> {
  const payload = Payload.parse(event);
  const { deps } = await taskDeps();
  return openStep(deps, {
    caseNumber: payload.caseId,
    state: payload.state,
    token: payload.taskToken,
    openedAt: payload.openedAt,
    timeoutSeconds: payload.timeoutSeconds,
  });
}

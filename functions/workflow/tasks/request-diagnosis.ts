// Lambda entry of the Diagnosis callback task: records the open 问诊 step and its token with the case.

import { z } from 'zod';
import { createTable } from '#adapters/dynamo/table-client.ts';
import { recordOpenStep } from '#adapters/dynamo/workflow-steps.ts';

const Payload = z.object({
  caseId: z.string().min(1),
  executionId: z.string().min(1),
  stateName: z.string().min(1),
  openedAt: z.iso.datetime({ offset: true }),
  dueAt: z.iso.datetime({ offset: true }),
  taskToken: z.string().min(1),
});

let table: ReturnType<typeof createTable> | undefined;

/**
 * Idempotent: the step item is keyed by case and stage, so a second delivery of the same token
 * rewrites the same item. The API reads the token from it to complete the step.
 */
export async function handler(event: unknown): Promise<{ recorded: true }> {
  const payload = Payload.parse(event);
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('Environment variable TABLE_NAME is required');
  table ??= createTable(tableName);
  await recordOpenStep(table, { ...payload, stage: 'diagnosis' });
  return { recorded: true };
}

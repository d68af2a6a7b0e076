// DynamoDB adapter for the workflow's task functions: results remembered per execution and state (open steps live on the case).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './table-client.ts';

export interface TaskRun {
  /** `$$.Execution.Id`: the execution ARN. */
  executionId: string;
  /** `$$.State.Name`. */
  stateName: string;
}

const runKey = ({ executionId, stateName }: TaskRun) => ({
  pk: `TASKRUN#${executionId}`,
  sk: `STATE#${stateName}`,
});

/**
 * Has this task already run for this execution and state? Returns its first result if so,
 * else computes and records it. A task re-run after a crash, a retry or a redrive therefore
 * answers exactly as the first time (and a concurrent second run gets the winner's result).
 */
export async function rememberTaskResult<T>(
  table: Table,
  run: TaskRun,
  compute: () => Promise<T>,
): Promise<T> {
  const key = runKey(run);
  const existing = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }),
  );
  if (existing.Item) return existing.Item.result as T;
  const result = await compute();
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...key, result },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return result;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const winner = await table.doc.send(
      new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }),
    );
    return winner.Item?.result as T;
  }
}

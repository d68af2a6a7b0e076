// DynamoDB read of a region's open cases assigned to one roster member: the region index (gsi1 `CASES#<region>`), filtered by the table, every page.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './table-client.ts';

/** Which open cases of this region have this member as assignee? Query gsi1, filter, case numbers only. */
export function dynamoAssignedOpenCases(table: Table) {
  return async (regionId: string, rosterMemberId: string): Promise<string[]> => {
    const numbers: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          FilterExpression: '#status <> :closed AND assignee.rosterMemberId = :member',
          ProjectionExpression: 'caseNumber',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pk': `CASES#${regionId}`,
            ':closed': 'closed',
            ':member': rosterMemberId,
          },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) numbers.push(item.caseNumber as string);
      start = out.LastEvaluatedKey;
    } while (start);
    return numbers;
  };
}

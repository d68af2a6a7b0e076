// DynamoDB adapter of the overdue list (督办): the `OVERDUE#<level>` index items (case-indexes.ts), the cases they name, staff e-mail addresses.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../../domain/case.ts';
import type { OverdueEntry, SupervisionStore } from '../supervision-store.port.ts';
import { batchGetAll } from './batch-get.ts';
import { overdueKey } from './case-indexes.ts';
import type { Table } from './table-client.ts';

export function dynamoSupervisionStore(table: Table): SupervisionStore {
  return {
    // Which cases are overdue at this level? Query `pk=OVERDUE#<level>`, every page.
    async overdue(level) {
      const entries: OverdueEntry[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await table.doc.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `OVERDUE#${level}` },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          const { pk: _pk, sk: _sk, ...entry } = item;
          entries.push(entry as OverdueEntry);
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return entries;
    },

    // These cases' records: BatchGet `pk=CASE#<n>`, `sk=CASE` (batch-get.ts).
    async cases(caseNumbers) {
      const found = new Map<string, CaseRecord>();
      const keys = [...new Set(caseNumbers)].map((n) => ({ pk: `CASE#${n}`, sk: 'CASE' }));
      for (const item of await batchGetAll(table, keys)) {
        const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...record } = item;
        found.set(record.caseNumber as string, record as unknown as CaseRecord);
      }
      return found;
    },

    // Count a reminder: Update the case's `OVERDUE#<level>` item if it still exists.
    reminderItem(level, caseNumber, at) {
      return {
        Update: {
          Key: overdueKey(level, caseNumber),
          UpdateExpression: 'ADD reminders :one SET lastRemindedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1, ':at': at },
        },
      };
    },

    // Whose address does a reminder go to? GetItem `pk=ACCOUNT#<issuer>#<sub>` (its optional `email`).
    async staffEmail(subject) {
      const out = await table.doc.send(
        new GetCommand({
          TableName: table.name,
          Key: { pk: `ACCOUNT#${subject}`, sk: 'ACCOUNT' },
          ProjectionExpression: 'email, enabled',
        }),
      );
      const email = out.Item?.email;
      return out.Item?.enabled === true && typeof email === 'string' && email.includes('@')
        ? email
        : undefined;
    },
  };
}

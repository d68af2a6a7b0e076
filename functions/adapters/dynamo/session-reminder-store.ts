// DynamoDB adapter of session reminders: one partition per business date of the due time, claimed once.
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { businessDate } from '../../domain/time.ts';
import type { SessionReminder, SessionReminderStore } from '../../use-cases/session-reminders.ts';
import type { Table } from './table-client.ts';

const key = (r: Pick<SessionReminder, 'remindAt' | 'caseNumber' | 'sessionId'>) => ({
  pk: `SESSIONREMIND#${businessDate(new Date(r.remindAt))}`,
  sk: `${r.remindAt}#${r.caseNumber}#${r.sessionId}`,
});

export function dynamoSessionReminderStore(table: Table): SessionReminderStore {
  return {
    // Which session reminders are due? Query today's and yesterday's partitions up to now.
    async due(now) {
      const due: SessionReminder[] = [];
      for (const day of [new Date(now.getTime() - 86_400_000), now]) {
        const out = await table.doc.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: 'pk = :pk AND sk <= :now',
            ExpressionAttributeValues: {
              ':pk': `SESSIONREMIND#${businessDate(day)}`,
              ':now': `${now.toISOString()}#~`,
            },
            Limit: 200,
          }),
        );
        for (const item of out.Items ?? [])
          due.push({
            remindAt: String(item.sk).split('#')[0]!,
            caseNumber: String(item.caseNumber),
            sessionId: String(item.sessionId),
            startsAt: String(item.startsAt),
          });
      }
      return due;
    },
    // Take a due reminder once: Delete if it exists.
    async claim(reminder) {
      try {
        await table.doc.send(
          new DeleteCommand({
            TableName: table.name,
            Key: key(reminder),
            ConditionExpression: 'attribute_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },
    async put(reminder) {
      await table.doc.send(
        new PutCommand({ TableName: table.name, Item: { ...key(reminder), ...reminder } }),
      );
    },
  };
}

// DynamoDB adapter of the audit log: one item per entry under its business date, found by target through gsi1, read newest first; Put only, never updated or deleted.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEntry, targetKey } from '../../domain/audit.ts';
import { ValidationFailed } from '../../domain/errors.ts';
import type { AuditLog } from '../audit-log.port.ts';
import type { ExtraItem } from './case-store.ts';
import type { Table } from './table-client.ts';

const datePk = (date: string) => `AUDIT#${date}`;
const targetPk = (target: string) => `AUDITOF#${target}`;
const SK = /^(\d{4}-\d{2}-\d{2})T[\d:.]+\+08:00#[0-9A-HJKMNP-TV-Z]{26}$/;

function itemOf(entry: AuditEntry) {
  const sk = `${entry.at}#${entry.id}`;
  return {
    pk: datePk(entry.date),
    sk,
    ...(entry.target ? { gsi1pk: targetPk(targetKey(entry.target)), gsi1sk: sk } : {}),
    ...entry,
  };
}

/** The cursor is the last entry's sort key: it also rebuilds the index key, and is checked, never trusted. */
const encode = (sk: string) => Buffer.from(sk).toString('base64url');
function decode(cursor: string, date: string | undefined): string {
  const sk = Buffer.from(cursor, 'base64url').toString();
  const match = SK.exec(sk);
  if (!match || (date !== undefined && match[1] !== date))
    throw new ValidationFailed({ 'query.cursor': 'not a cursor of this query' });
  return sk;
}

export function dynamoAuditLog(table: Table): AuditLog {
  return {
    item(entry): ExtraItem {
      return { Put: { Item: itemOf(entry), ConditionExpression: 'attribute_not_exists(pk)' } };
    },

    // Append an entry: Put if absent (an entry is never replaced).
    async append(entry) {
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: itemOf(entry),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    // What happened on a day (to a target, by an actor)? Query `AUDIT#<date>`, or gsi1
    // `AUDITOF#<target>` (within the day when one is given), newest first; the actor is a filter.
    async list({ date, target, actor, cursor, limit }) {
      if (!date && !target) throw new ValidationFailed({ 'query.date': 'a date or a target' });
      const sk = cursor ? decode(cursor, date) : undefined;
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      let filter: string | undefined;
      if (actor) {
        names['#actor'] = 'actor';
        names['#subject'] = 'subject';
        values[':actor'] = actor;
        filter = '#actor.#subject = :actor';
      }
      // The base table's key of the entry a page stopped at (its date is its sort key's prefix).
      const startKey = (from: string) => ({ pk: datePk(from.slice(0, 10)), sk: from });
      const out = await table.doc.send(
        new QueryCommand({
          TableName: table.name,
          ...(target
            ? {
                IndexName: 'gsi1',
                KeyConditionExpression: date
                  ? 'gsi1pk = :pk AND begins_with(gsi1sk, :date)'
                  : 'gsi1pk = :pk',
                ExpressionAttributeValues: {
                  ...values,
                  ':pk': targetPk(target),
                  ...(date ? { ':date': date } : {}),
                },
                ...(sk
                  ? {
                      ExclusiveStartKey: { gsi1pk: targetPk(target), gsi1sk: sk, ...startKey(sk) },
                    }
                  : {}),
              }
            : {
                KeyConditionExpression: 'pk = :pk',
                ExpressionAttributeValues: { ...values, ':pk': datePk(date ?? '') },
                ConsistentRead: true,
                ...(sk ? { ExclusiveStartKey: startKey(sk) } : {}),
              }),
          ...(filter ? { FilterExpression: filter, ExpressionAttributeNames: names } : {}),
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      const entries = (out.Items ?? []).map((item) => {
        const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...entry } = item;
        return entry as AuditEntry;
      });
      const last = out.LastEvaluatedKey?.sk as string | undefined;
      return { entries, next: last ? encode(last) : null };
    },
  };
}

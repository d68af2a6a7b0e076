// DynamoDB adapter of staff accounts, the agency's side: the list through gsi1 `STAFF_ACCOUNTS`, an account with its bookkeeping, creates and enable/disable in one transaction with their audit entries.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { StaffAccountRecord } from '../../domain/access.ts';
import type { StaffAccountEntry } from '../staff-account-store.port.ts';
import type { ExtraItem } from './case-store.ts';
import { itemOf, key, LIST_PK } from './staff-account-store.ts';
import type { Table } from './table-client.ts';
import { type TransactItem, transact } from './transact.ts';

const Entry = StaffAccountRecord.extend({
  email: z.string().optional(),
  username: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

function named(table: Table, item: ExtraItem): TransactItem {
  if ('Put' in item) return { Put: { ...item.Put, TableName: table.name } };
  if ('Update' in item) return { Update: { ...item.Update, TableName: table.name } };
  if ('Delete' in item) return { Delete: { ...item.Delete, TableName: table.name } };
  return { ConditionCheck: { ...item.ConditionCheck, TableName: table.name } };
}

// Which staff accounts are there? Query gsi1 `STAFF_ACCOUNTS`, every page.
export async function list(table: Table): Promise<StaffAccountEntry[]> {
  const accounts: StaffAccountEntry[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': LIST_PK },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      const parsed = Entry.safeParse(item);
      if (parsed.success) accounts.push(parsed.data);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return accounts;
}

// One account with its bookkeeping: GetItem, strongly consistent.
export async function entry(
  table: Table,
  issuer: string,
  subject: string,
): Promise<StaffAccountEntry | undefined> {
  const out = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: key(issuer, subject), ConsistentRead: true }),
  );
  const parsed = Entry.safeParse(out.Item ?? {});
  return parsed.success ? parsed.data : undefined;
}

// An agency's new account: Put if absent, with its audit entry, in one transaction.
export async function create(
  table: Table,
  account: StaffAccountEntry,
  extra: readonly ExtraItem[],
): Promise<boolean> {
  const failed = await transact(table, [
    {
      Put: {
        TableName: table.name,
        Item: itemOf(account),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...extra.map((item) => named(table, item)),
  ]);
  if (failed.length === 0) return true;
  if (failed.includes(0)) return false;
  throw new Error(`staff account: transaction failed (${failed.join(', ')})`);
}

// Disable or enable an account: Update if it exists, with its audit entry.
export async function setEnabled(
  table: Table,
  issuer: string,
  subject: string,
  enabled: boolean,
  at: string,
  extra: readonly ExtraItem[],
): Promise<StaffAccountEntry | undefined> {
  const failed = await transact(table, [
    {
      Update: {
        TableName: table.name,
        Key: key(issuer, subject),
        UpdateExpression: 'SET enabled = :enabled, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':enabled': enabled, ':at': at },
      },
    },
    ...extra.map((item) => named(table, item)),
  ]);
  if (failed.includes(0)) return undefined;
  if (failed.length > 0)
    throw new Error(`staff account: transaction failed (${failed.join(', ')})`);
  return entry(table, issuer, subject);
}

// DynamoDB adapter of staff accounts: one item per (issuer, sub), all of them listed through gsi1 `STAFF_ACCOUNTS`.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { StaffAccountRecord } from '../../domain/access.ts';
import type { StaffAccountEntry, StaffAccountStore } from '../staff-account-store.port.ts';
import type { ExtraItem } from './case-store.ts';
import type { Table } from './table-client.ts';
import { type TransactItem, transact } from './transact.ts';

const key = (issuer: string, subject: string) => ({
  pk: `ACCOUNT#${issuer}#${subject}`,
  sk: 'ACCOUNT',
});
/** One partition lists every account of the city's table (the agency's list). */
const LIST_PK = 'STAFF_ACCOUNTS';
const itemOf = (account: StaffAccountEntry) => ({
  ...key(account.issuer, account.subject),
  gsi1pk: LIST_PK,
  gsi1sk: `${account.issuer}#${account.subject}`,
  ...account,
});

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

export function dynamoStaffAccountStore(table: Table): StaffAccountStore {
  async function entry(issuer: string, subject: string, consistent = false) {
    const out = await table.doc.send(
      new GetCommand({
        TableName: table.name,
        Key: key(issuer, subject),
        ...(consistent ? { ConsistentRead: true } : {}),
      }),
    );
    const parsed = Entry.safeParse(out.Item ?? {});
    return parsed.success ? parsed.data : undefined;
  }
  return {
    // Whose account is this token's (issuer, sub)? GetItem, strongly consistent: a disabled
    // account is refused from the next request on.
    async find(issuer, subject) {
      const out = await table.doc.send(
        new GetCommand({ TableName: table.name, Key: key(issuer, subject), ConsistentRead: true }),
      );
      // A malformed item (an unknown role, a missing flag) grants nothing.
      const parsed = StaffAccountRecord.safeParse(out.Item ?? {});
      return parsed.success ? parsed.data : undefined;
    },
    // Create or replace an account: Put.
    async put(account) {
      await table.doc.send(new PutCommand({ TableName: table.name, Item: itemOf(account) }));
    },
    // Seed an account once: Put if absent, so an admin's later edit (disabling it) stays.
    async createIfAbsent(account) {
      try {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: itemOf(account),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    // Which staff accounts are there? Query gsi1 `STAFF_ACCOUNTS`, every page.
    async list() {
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
    },

    // One account with its bookkeeping: GetItem.
    entry: (issuer, subject) => entry(issuer, subject, true),

    // An agency's new account: Put if absent, with its audit entry, in one transaction.
    async create(account, extra) {
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
    },

    // Disable or enable an account: Update if it exists, with its audit entry.
    async setEnabled(issuer, subject, enabled, at, extra) {
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
      return entry(issuer, subject, true);
    },
  };
}

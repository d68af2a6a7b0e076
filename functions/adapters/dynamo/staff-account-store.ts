// DynamoDB adapter of staff accounts: one item per (issuer, sub), all of them listed through gsi1 `STAFF_ACCOUNTS`.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { StaffAccountRecord } from '../../domain/access.ts';
import type { StaffAccountEntry, StaffAccountStore } from '../staff-account-store.port.ts';
import type { Table } from './table-client.ts';

export const key = (issuer: string, subject: string) => ({
  pk: `ACCOUNT#${issuer}#${subject}`,
  sk: 'ACCOUNT',
});
/** One partition lists every account of the city's table (the agency's list). */
export const LIST_PK = 'STAFF_ACCOUNTS';
export const itemOf = (account: StaffAccountEntry) => ({
  ...key(account.issuer, account.subject),
  gsi1pk: LIST_PK,
  gsi1sk: `${account.issuer}#${account.subject}`,
  ...account,
});

const admin = () => import('./staff-account-admin.ts');

export function dynamoStaffAccountStore(table: Table): StaffAccountStore {
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

    // The agency's side (staff-account-admin.ts, loaded on first use: sign-ins never need it).
    list: async () => (await admin()).list(table),
    entry: async (issuer, subject) => (await admin()).entry(table, issuer, subject),
    create: async (account, extra) => (await admin()).create(table, account, extra),
    setEnabled: async (issuer, subject, enabled, at, extra) =>
      (await admin()).setEnabled(table, issuer, subject, enabled, at, extra),
  };
}

// DynamoDB adapter of staff accounts: one item per (issuer, sub).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { StaffAccountRecord } from '../../domain/access.ts';
import type { StaffAccountStore } from '../staff-account-store.port.ts';
import type { Table } from './table-client.ts';

const key = (issuer: string, subject: string) => ({
  pk: `ACCOUNT#${issuer}#${subject}`,
  sk: 'ACCOUNT',
});

export function dynamoStaffAccountStore(table: Table): StaffAccountStore {
  return {
    // Whose account is this token's (issuer, sub)? GetItem.
    async find(issuer, subject) {
      const out = await table.doc.send(
        new GetCommand({ TableName: table.name, Key: key(issuer, subject) }),
      );
      // A malformed item (an unknown role, a missing flag) grants nothing.
      const parsed = StaffAccountRecord.safeParse(out.Item ?? {});
      return parsed.success ? parsed.data : undefined;
    },
    // Create or replace an account: Put.
    async put(account) {
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...key(account.issuer, account.subject), ...account },
        }),
      );
    },
    // Seed an account once: Put if absent, so an admin's later edit (disabling it) stays.
    async createIfAbsent(account) {
      try {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: { ...key(account.issuer, account.subject), ...account },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}

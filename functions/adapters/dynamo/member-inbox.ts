// DynamoDB adapter of the members' inbox: one partition per roster member (INBOX#<member>), newest first, expiring after 180 days.
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { MemberInbox, MemberNotice } from '../member-inbox.port.ts';
import type { Table } from './table-client.ts';

const KEEP_SECONDS = 180 * 86_400;

export function dynamoMemberInbox(table: Table): MemberInbox {
  return {
    // Post notices: BatchWriteItem of INBOX#<member> items, sk the UTC instant and a random suffix.
    async post(notices) {
      for (let i = 0; i < notices.length; i += 25) {
        let pending: Record<string, unknown>[] = notices.slice(i, i + 25).map((n) => ({
          PutRequest: {
            Item: {
              pk: `INBOX#${n.memberId}`,
              sk: `${new Date(n.at).toISOString()}#${randomBytes(4).toString('hex')}`,
              ...n,
              expiresAt: Math.floor(new Date(n.at).getTime() / 1000) + KEEP_SECONDS,
            },
          },
        }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 8) throw new Error('DynamoDB kept inbox items unprocessed');
          if (attempt > 0)
            await new Promise((r) => setTimeout(r, 2 ** attempt * 25 * Math.random()));
          const out = await table.doc.send(
            new BatchWriteCommand({ RequestItems: { [table.name]: pending as never } }),
          );
          pending = (out.UnprocessedItems?.[table.name] ?? []) as Record<string, unknown>[];
        }
      }
    },

    // A member's notices: Query INBOX#<member>, newest first.
    async list(memberId, limit) {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `INBOX#${memberId}` },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((item) => {
        const { pk: _pk, sk: _sk, expiresAt: _expires, ...notice } = item;
        return notice as MemberNotice;
      });
    },
  };
}

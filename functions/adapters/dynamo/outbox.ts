// The outbox notifier: records each message in the table and sends nothing (local mode, demo cities).
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { maskMobile, redactPersonalNumbers } from '../../domain/personal-data.ts';
import type { Clock } from '../../domain/time.ts';
import type { Notifier, OutboxEntry, OutboxReader } from '../notifier.port.ts';
import type { Table } from './table-client.ts';

const PK = 'OUTBOX';
/** Messages are demo material, not records: they go after a week. */
const KEEP_SECONDS = 7 * 86_400;

function maskRecipient(channel: 'sms' | 'email', to: string): string {
  if (channel === 'sms') return /^\d{11}$/.test(to) ? maskMobile(to) : '***';
  const [user = '', domain = ''] = to.split('@');
  return `${user.slice(0, 1)}***@${domain}`;
}

export function dynamoOutbox(table: Table, clock: Clock): Notifier & OutboxReader {
  return {
    // Record a message: Put under the outbox partition, newest sorting last (ULID).
    async send(message) {
      const now = clock.now();
      const entry: OutboxEntry = {
        id: ulid(now.getTime()),
        sentAt: now.toISOString(),
        channel: message.channel,
        recipient: maskRecipient(message.channel, message.to),
        purpose: message.purpose,
        ...(message.subject ? { subject: message.subject } : {}),
        // The text is the resident's (a code to type); numbers in it are still masked.
        text: redactPersonalNumbers(message.text),
      };
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            pk: PK,
            sk: `MSG#${entry.id}`,
            ...entry,
            expiresAt: Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
          },
        }),
      );
    },
    // What did the outbox receive lately? Query `OUTBOX`, newest first.
    async list(limit) {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': PK },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((item) => {
        const { pk: _pk, sk: _sk, expiresAt: _e, ...entry } = item;
        return entry as OutboxEntry;
      });
    },
  };
}

// DynamoDB adapter of the idempotency store: one item per (route, key), expiring after 24 hours.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { IdempotencyStore, StoredResponse } from '../idempotency-store.port.ts';
import type { Table } from './table-client.ts';

const key = (scope: string, idempotencyKey: string) => ({
  pk: `IDEM#${scope}#${idempotencyKey}`,
  sk: 'IDEM',
});

interface IdempotencyItem {
  fingerprint: string;
  status: 'in_flight' | 'done';
  lockExpiresAt: number;
  expiresAt: number;
  response?: StoredResponse;
}

export function dynamoIdempotencyStore(table: Table): IdempotencyStore {
  return {
    // Claim a key: succeeds when no live record exists, or when a running claim's lock lapsed.
    async begin({ scope, key: idempotencyKey, fingerprint, nowSeconds, lockSeconds, ttlSeconds }) {
      try {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: {
              ...key(scope, idempotencyKey),
              fingerprint,
              status: 'in_flight',
              lockExpiresAt: nowSeconds + lockSeconds,
              expiresAt: nowSeconds + ttlSeconds,
            } satisfies IdempotencyItem & Record<string, unknown>,
            ConditionExpression:
              'attribute_not_exists(pk) OR expiresAt < :now OR (#status = :running AND lockExpiresAt < :now AND fingerprint = :fp)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':now': nowSeconds,
              ':running': 'in_flight',
              ':fp': fingerprint,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { state: 'started' };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const old = error.Item ? (unmarshall(error.Item) as IdempotencyItem) : undefined;
        if (!old) return { state: 'in_flight' };
        if (old.fingerprint !== fingerprint) return { state: 'mismatch' };
        if (old.status === 'done' && old.response)
          return { state: 'replay', response: old.response };
        return { state: 'in_flight' };
      }
    },

    async complete(scope, idempotencyKey, response) {
      await table.doc.send(
        new UpdateCommand({
          TableName: table.name,
          Key: key(scope, idempotencyKey),
          UpdateExpression: 'SET #status = :done, #response = :response REMOVE lockExpiresAt',
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
          ExpressionAttributeValues: { ':done': 'done', ':response': response },
        }),
      );
    },

    async release(scope, idempotencyKey) {
      await table.doc
        .send(
          new DeleteCommand({
            TableName: table.name,
            Key: key(scope, idempotencyKey),
            ConditionExpression: '#status = :running',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':running': 'in_flight' },
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },
  };
}

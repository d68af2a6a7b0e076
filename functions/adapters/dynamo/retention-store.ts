// DynamoDB adapter of the retention queue: the `RETENTION` index items (case-indexes.ts) and the items a case's erasure deletes or strips.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RetentionStore } from '../retention-store.port.ts';
import { uploadKey } from '../upload-store.port.ts';
import { RETENTION_PK, retentionKey } from './case-indexes.ts';
import type { Table } from './table-client.ts';

export function dynamoRetentionStore(table: Table): RetentionStore {
  return {
    // Which cases closed before the cutoff still hold personal data? Query `pk=RETENTION`, `sk <= <cutoff>#~`.
    async closedBefore(cutoff, limit) {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :pk AND sk <= :cutoff',
          ExpressionAttributeValues: {
            ':pk': RETENTION_PK,
            ':cutoff': `${cutoff.toISOString()}#~`,
          },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((item) => ({
        caseNumber: item.caseNumber as string,
        closedAt: item.closedAt as string,
      }));
    },

    // A case's session-room items: Query `pk=CASE#<n>`, `begins_with(sk, 'ROOM#')`, keys only.
    async roomDeletions(caseNumber) {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :room)',
          ExpressionAttributeValues: { ':pk': `CASE#${caseNumber}`, ':room': 'ROOM#' },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
        }),
      );
      return (out.Items ?? []).map((item) => ({
        Delete: { Key: { pk: item.pk as string, sk: item.sk as string } },
      }));
    },

    dequeueItem(entry) {
      return {
        Delete: {
          Key: retentionKey(entry.closedAt, entry.caseNumber),
          ConditionExpression: 'attribute_exists(pk)',
        },
      };
    },

    uploadDeletion(uploadId) {
      return { Delete: { Key: uploadKey(uploadId) } };
    },

    bookingErasure(reference) {
      return {
        Update: {
          Key: { pk: `BOOKING#${reference}`, sk: 'BOOKING' },
          UpdateExpression:
            'SET applicantName = :erased, mobileMasked = :erased REMOVE mobileSealed',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':erased': '' },
        },
      };
    },
  };
}

// DynamoDB adapter of upload records: one item per upload, expiring while no case takes it.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type UploadRecord, type UploadStore, uploadKey } from '../upload-store.port.ts';
import type { Table } from './table-client.ts';

export function dynamoUploadStore(table: Table): UploadStore {
  return {
    // Record a new upload: Put if absent.
    async create(record) {
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...uploadKey(record.uploadId), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    // Which of these uploads exist? One consistent GetItem each (a case lists at most 10).
    async getMany(uploadIds) {
      const found = new Map<string, UploadRecord>();
      await Promise.all(
        [...new Set(uploadIds)].map(async (uploadId) => {
          const out = await table.doc.send(
            new GetCommand({
              TableName: table.name,
              Key: uploadKey(uploadId),
              ConsistentRead: true,
            }),
          );
          if (!out.Item) return;
          const { pk: _pk, sk: _sk, ...record } = out.Item;
          found.set(uploadId, record as UploadRecord);
        }),
      );
      return found;
    },
  };
}

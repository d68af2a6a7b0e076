// The HMAC root key, wrapped by KMS (or the local key file), kept in the table and created once.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { WrappedRootKey } from '../crypto/envelope-codec.ts';
import type { Table } from './table-client.ts';

const KEY = { pk: 'KEY#hmac-root', sk: 'KEY' };

export function dynamoWrappedRootKey(table: Table): WrappedRootKey {
  // What is the wrapped HMAC root key? GetItem; created once with attribute_not_exists.
  async function read(): Promise<string | undefined> {
    const out = await table.doc.send(
      new GetCommand({ TableName: table.name, Key: KEY, ConsistentRead: true }),
    );
    return out.Item?.wrapped as string | undefined;
  }
  return {
    async getOrCreate(create) {
      const existing = await read();
      if (existing) return existing;
      const wrapped = await create();
      try {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: { ...KEY, wrapped, createdAt: new Date().toISOString() },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return wrapped;
      } catch (error) {
        // Another process created it first: theirs is the key.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return (await read())!;
      }
    },
  };
}

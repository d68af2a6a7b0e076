// A fresh table on the run's DynamoDB Local for one test file, so files never see each other's data.
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import {
  createTable,
  createTableIfMissing,
  type Table,
} from '../../functions/adapters/dynamo/table-client.ts';

/** Points the AWS SDK (as the app builds it, from the environment) at the run's DynamoDB Local. */
export function useLocalDynamo(): string {
  const endpoint = inject('dynamoEndpoint');
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: 'cn-northwest-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  return endpoint;
}

export async function createTestTable(label: string): Promise<Table & { drop(): Promise<void> }> {
  useLocalDynamo();
  const name = `test-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const client = new DynamoDBClient({});
  const table = createTable(name, client);
  await createTableIfMissing(table);
  return {
    ...table,
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: name }));
    },
  };
}

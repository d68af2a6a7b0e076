// The DynamoDB document client and the table's key schema, shared by every access pattern.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A table and the client that reaches it; the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB locally. */
export interface Table {
  name: string;
  doc: DynamoDBDocumentClient;
}

export function createTable(name: string, client = new DynamoDBClient({})): Table {
  return {
    name,
    doc: DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    }),
  };
}

/** Generic keys (single-table design): docs/access-patterns.md says what lives under each. */
export const keySchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: { gsi1: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' } },
  ttlAttribute: 'expiresAt',
} as const;

/**
 * Creates the table the way the CDK data stack defines it; for the local runtime and tests only
 * (on AWS the stack owns the table). Does nothing when it exists.
 */
export async function createTableIfMissing(table: Table): Promise<void> {
  const { gsi1 } = keySchema.indexes;
  try {
    await table.doc.send(
      new CreateTableCommand({
        TableName: table.name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: keySchema.partitionKey, AttributeType: 'S' },
          { AttributeName: keySchema.sortKey, AttributeType: 'S' },
          { AttributeName: gsi1.partitionKey, AttributeType: 'S' },
          { AttributeName: gsi1.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: keySchema.partitionKey, KeyType: 'HASH' },
          { AttributeName: keySchema.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: gsi1.partitionKey, KeyType: 'HASH' },
              { AttributeName: gsi1.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    await table.doc.send(
      new UpdateTimeToLiveCommand({
        TableName: table.name,
        TimeToLiveSpecification: { AttributeName: keySchema.ttlAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

/** Health probe: the table exists and answers. */
export async function describeTable(table: Table): Promise<void> {
  const out = await table.doc.send(new DescribeTableCommand({ TableName: table.name }));
  if (out.Table?.TableStatus !== 'ACTIVE') {
    throw new Error(`table ${table.name} is ${out.Table?.TableStatus ?? 'missing'}`);
  }
}

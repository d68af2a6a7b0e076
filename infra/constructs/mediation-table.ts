// The city's single DynamoDB table, with its secure defaults fixed here and a binding for functions.
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  type ITable,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { keySchema } from '../../functions/adapters/dynamo/table-client.ts';

/** The environment variable through which a bound function finds the table. */
export const TABLE_NAME_ENV = 'TABLE_NAME';

// Narrower than CDK's grantReadData/grantReadWriteData: no Scan, because no request path scans
// the table (ARCHITECTURE.md), and no stream reads, because the table has no stream.
// Transactions need no action of their own: IAM checks each item's Put/Update/Delete/Check.
const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/**
 * Callers choose nothing: the key names come from the adapter that reads the table (the same
 * `keySchema` creates the local table), and the protections below are not negotiable for a
 * table holding residents' cases.
 */
export class MediationTable extends Construct {
  readonly table: ITable;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    // `Table` (AWS::DynamoDB::Table) rather than `TableV2` (AWS::DynamoDB::GlobalTable): a city
    // lives in one region, and the plain resource type behaves the same in every partition,
    // including the China regions.
    const table = new Table(this, 'Table', {
      partitionKey: { name: keySchema.partitionKey, type: AttributeType.STRING },
      sortKey: { name: keySchema.sortKey, type: AttributeType.STRING },
      // On-demand: a city's traffic is spiky (office hours, campaigns) and small on average.
      billingMode: BillingMode.PAY_PER_REQUEST,
      // DynamoDB deletes items whose time has passed (e.g. past the retention period) itself,
      // so no sweeper job scans the table.
      timeToLiveAttribute: keySchema.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Belt and braces: DynamoDB refuses DeleteTable, and CloudFormation keeps the table
      // even when the stack or the resource is removed.
      deletionProtection: true,
      // At rest under KMS (the AWS-managed key, so CloudTrail records each use); personal
      // numbers are sealed again by the app with the city's own key.
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const [indexName, keys] of Object.entries(keySchema.indexes)) {
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: keys.partitionKey, type: AttributeType.STRING },
        sortKey: { name: keys.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    this.table = table;
  }

  /** Lets `fn` read and write items (indexes included) and tells it the table's name. */
  grantReadWrite(fn: LambdaFunction): Grant {
    fn.addEnvironment(TABLE_NAME_ENV, this.table.tableName);
    return this.grantActions(fn, [...READ_ACTIONS, ...WRITE_ACTIONS]);
  }

  /** Lets `fn` read items (indexes included) and tells it the table's name. */
  grantRead(fn: LambdaFunction): Grant {
    fn.addEnvironment(TABLE_NAME_ENV, this.table.tableName);
    return this.grantActions(fn, READ_ACTIONS);
  }

  // The table and each index by name, not CDK's `<table>/index/*`: no wildcard to acknowledge.
  private grantActions(fn: LambdaFunction, actions: string[]): Grant {
    return Grant.addToPrincipal({
      grantee: fn,
      actions,
      resourceArns: [
        this.table.tableArn,
        ...Object.keys(keySchema.indexes).map((name) => `${this.table.tableArn}/index/${name}`),
      ],
    });
  }
}

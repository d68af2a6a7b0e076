// Seeds the city's run-time config into the table on every deploy: a Lambda-backed custom resource calling the `seedCity` use case.
import { createHash } from 'node:crypto';
import { CustomResource, Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CityConfig } from '../../functions/config/city-schema.ts';
import type { MediationTable } from './mediation-table.ts';
import { NodeFunction } from './node-function.ts';

/**
 * `seedCity` writes only when the city has never been seeded, so a redeploy never overwrites what
 * admins edited. CloudFormation invokes the function asynchronously: a failed invocation lands
 * in the dead-letter queue (and the deploy fails rather than waiting silently).
 */
export class SeedOnDeploy extends Construct {
  readonly function: NodeFunction;
  readonly deadLetterQueue: Queue;

  constructor(
    scope: Construct,
    id: string,
    props: { city: CityConfig; mediationTable: MediationTable },
  ) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    this.function = new NodeFunction(this, 'Seed', {
      entry: 'functions/deploy/seed-on-deploy.ts',
      serviceName: 'fengqiao-seed',
      city: props.city.id,
      timeout: Duration.minutes(2),
      deadLetterQueue: this.deadLetterQueue,
    });
    props.mediationTable.grantReadWrite(this.function.lambda);

    new CustomResource(this, 'SeedRun', {
      serviceToken: this.function.lambda.functionArn,
      resourceType: 'Custom::FengqiaoSeed',
      properties: {
        City: props.city.id,
        // A changed seed runs the function again; `seedCity` still leaves an edited city alone.
        SeedHash: createHash('sha256').update(JSON.stringify(props.city.runtime)).digest('hex'),
      },
    });
  }
}

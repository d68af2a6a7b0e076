// Erases closed cases' personal data after the retention period: a function an EventBridge schedule runs once a day.
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CityConfig } from '../../functions/config/city-schema.ts';
import type { AttachmentsBucket } from './attachments-bucket.ts';
import type { MediationTable } from './mediation-table.ts';
import { NodeFunction } from './node-function.ts';

/**
 * The queue of closed cases is a table index (case-indexes.ts) written when each case closes, so
 * a missed day loses nothing: the next run erases what fell due since. It needs the table and
 * the deletion of uploads only: no key (it opens no sealed number), no channel.
 */
export class RetentionJob extends Construct {
  readonly function: NodeFunction;
  /** Schedule invocations are asynchronous: what fails after retries lands here. */
  readonly deadLetterQueue: Queue;

  constructor(
    scope: Construct,
    id: string,
    props: { city: CityConfig; mediationTable: MediationTable; attachments: AttachmentsBucket },
  ) {
    super(scope, id);
    const { city } = props;
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    this.function = new NodeFunction(this, 'Retention', {
      entry: 'functions/scheduler/retention.ts',
      serviceName: 'fengqiao-retention',
      city: city.id,
      timeout: Duration.minutes(10),
      deadLetterQueue: this.deadLetterQueue,
    });
    const fn = this.function.lambda;
    props.mediationTable.grantReadWrite(fn);
    props.attachments.grantRemoval(fn);

    // 03:00 business time (Asia/Shanghai, UTC+8, no daylight saving): 19:00 UTC the day before.
    new Rule(this, 'Daily', {
      description: `Fengqiao ${city.id}: erase personal data of cases past the retention period`,
      schedule: Schedule.cron({ minute: '0', hour: '19' }),
      targets: [
        new LambdaFunction(fn, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(2),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });
  }
}

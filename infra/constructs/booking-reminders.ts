// Sends due booking reminders: a function an EventBridge schedule runs every five minutes.
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CityConfig } from '../../functions/config/city-schema.ts';
import type { ChannelSecrets } from './channel-secrets.ts';
import type { MediationTable } from './mediation-table.ts';
import { NodeFunction } from './node-function.ts';
import { grantNotifications } from './notification-grants.ts';
import type { PersonalDataKey } from './personal-data-key.ts';

/**
 * Reminders are table items written in the same transaction as their booking, so nothing is
 * lost while this function is not running: each run sends what fell due since the last one,
 * and claims each item once (two overlapping runs never both send).
 */
export class BookingReminders extends Construct {
  readonly function: NodeFunction;
  /** Schedule invocations are asynchronous: what fails after retries lands here. */
  readonly deadLetterQueue: Queue;

  constructor(
    scope: Construct,
    id: string,
    props: {
      city: CityConfig;
      mediationTable: MediationTable;
      personalDataKey: PersonalDataKey;
      channelSecrets: ChannelSecrets;
    },
  ) {
    super(scope, id);
    const { city } = props;
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    this.function = new NodeFunction(this, 'Reminders', {
      entry: 'functions/scheduler/booking-reminders.ts',
      serviceName: 'fengqiao-reminders',
      city: city.id,
      timeout: Duration.minutes(2),
      deadLetterQueue: this.deadLetterQueue,
    });
    const fn = this.function.lambda;
    props.mediationTable.grantReadWrite(fn);
    props.personalDataKey.grantEnvelope(fn, city.id);
    props.channelSecrets.grantRead(fn);
    grantNotifications(fn, city.deploy.notifications);

    new Rule(this, 'EveryFiveMinutes', {
      description: `Fengqiao ${city.id}: send booking reminders that fell due`,
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [
        new LambdaFunction(fn, {
          retryAttempts: 2,
          maxEventAge: Duration.minutes(10),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });
  }
}

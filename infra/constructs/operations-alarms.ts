// What the agency watches: alarms on API 5xx, Lambda errors and throttles, failed or timed-out executions and DLQ depth, to one SNS topic; a dashboard.
import { Duration, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface OperationsAlarmsProps {
  readonly cityId: string;
  readonly httpApi: HttpApi;
  /** Every function of the city, by a short name used in the alarm names. */
  readonly functions: Record<string, IFunction>;
  readonly stateMachine: IStateMachine;
  readonly deadLetterQueues: Record<string, IQueue>;
}

export class OperationsAlarms extends Construct {
  /** The agency subscribes its on-call e-mail or webhook here (docs/deploy.md). */
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: `Fengqiao ${props.cityId} alarms`,
      enforceSSL: true,
    });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names and metric values, no personal data; CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer key for this alone would add cost and a key policy to maintain.',
    });
    const action = new SnsAction(this.topic);
    const five = Duration.minutes(5);
    const alarm = (name: string, metric: IMetric, description: string) => {
      const a = new Alarm(this, name, {
        alarmDescription: `Fengqiao ${props.cityId}: ${description}`,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No traffic is no problem.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };

    alarm(
      'Api5xx',
      props.httpApi.metricServerError({ period: five, statistic: 'Sum' }),
      'the API answered 5xx',
    );
    const errors: IMetric[] = [];
    for (const [name, fn] of Object.entries(props.functions)) {
      const e = fn.metricErrors({ period: five, statistic: 'Sum' });
      errors.push(e);
      alarm(`${name}Errors`, e, `function ${name} failed`);
      alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: five, statistic: 'Sum' }),
        `function ${name} was throttled`,
      );
    }
    const failed = props.stateMachine.metricFailed({ period: five, statistic: 'Sum' });
    const timedOut = props.stateMachine.metricTimedOut({ period: five, statistic: 'Sum' });
    alarm('ExecutionsFailed', failed, 'a mediation workflow execution failed');
    alarm('ExecutionsTimedOut', timedOut, 'a mediation workflow execution timed out');
    const depths: IMetric[] = [];
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({
        period: five,
        statistic: 'Maximum',
      });
      depths.push(depth);
      alarm(`${name}DeadLetters`, depth, `a failed event waits in the ${name} dead-letter queue`);
    }

    new Dashboard(this, 'Dashboard', {
      dashboardName: `fengqiao-${props.cityId}`,
      widgets: [
        [
          new GraphWidget({
            title: 'API requests and errors',
            left: [props.httpApi.metricCount({ period: five })],
            right: [
              props.httpApi.metricClientError({ period: five }),
              props.httpApi.metricServerError({ period: five }),
            ],
          }),
          new GraphWidget({
            title: 'API latency (p50, p99)',
            left: [
              props.httpApi.metricLatency({ period: five, statistic: 'p50' }),
              props.httpApi.metricLatency({ period: five, statistic: 'p99' }),
            ],
          }),
        ],
        [
          new GraphWidget({ title: 'Function errors', left: errors }),
          new GraphWidget({
            title: 'Workflow executions',
            left: [
              props.stateMachine.metricStarted({ period: five }),
              props.stateMachine.metricSucceeded({ period: five }),
            ],
            right: [failed, timedOut],
          }),
          new GraphWidget({ title: 'Dead-letter queues', left: depths }),
        ],
      ],
    });
  }
}

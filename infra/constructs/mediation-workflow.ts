// A city's mediation workflow: the Standard state machine from the ASL file, its task functions, grants and logs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { CityConfig } from '../../functions/config/city-schema.ts';
import {
  type WorkflowFunctionKey,
  workflowDefinitions,
  workflowFunctions,
} from '../../functions/workflow/functions.ts';
import { acknowledge } from '../nag-acknowledgements.ts';
import type { ChannelSecrets } from './channel-secrets.ts';
import type { MediationTable } from './mediation-table.ts';
import { NodeFunction } from './node-function.ts';
import { grantNotifications } from './notification-grants.ts';
import type { PersonalDataKey } from './personal-data-key.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface MediationWorkflowProps {
  readonly city: CityConfig;
  readonly mediationTable: MediationTable;
  /** Tasks open parties' sealed numbers to tell them (triage, signing, close…). */
  readonly personalDataKey: PersonalDataKey;
  /** The SMS and e-mail channels' secrets, as the API reads them. */
  readonly channelSecrets: ChannelSecrets;
}

/**
 * The task functions that complete a step themselves: open-step delivers an answer given to the
 * same step just before it timed out (SendTaskSuccess on the new token).
 */
const SENDS_TASK_SUCCESS: readonly WorkflowFunctionKey[] = ['OpenStepFunctionArn'];

/** Why `states:SendTaskSuccess` is granted on "*" (here and to the API function). */
export const SEND_TASK_SUCCESS_REASON =
  'states:SendTaskSuccess for a token of a service-integration callback task (lambda:invoke.waitForTaskToken) cannot be scoped: IAM authorizes it only on "*" (its one resource type is an activity). The statement holds that one action; the token itself, unguessable and closed once answered, is the authorization.';

/**
 * The ASL file is the single source: CDK inlines it as it is (no S3 asset) and substitutes
 * `${Partition}` and one `${…FunctionArn}` per entry of `workflowFunctions`, the table the local
 * emulator reads too.
 */
export class MediationWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly functions: Record<WorkflowFunctionKey, NodeFunction>;

  constructor(scope: Construct, id: string, props: MediationWorkflowProps) {
    super(scope, id);

    const { city } = props;
    const cityId = city.id;
    const entries = Object.entries(workflowFunctions) as [WorkflowFunctionKey, string][];
    this.functions = Object.fromEntries(
      entries.map(([key, entry]) => {
        const name = key.replace(/FunctionArn$/, '');
        const fn = new NodeFunction(this, `${name}Function`, {
          entry,
          serviceName: `fengqiao-workflow-${name.replace(/[A-Z]/g, (c, i) => `${i ? '-' : ''}${c.toLowerCase()}`)}`,
          city: cityId,
          // A task changes one case and may message its parties: well inside the state's 60 s
          // (TimeoutSeconds), with room for a slow SMS gateway.
          timeout: Duration.seconds(30),
        });
        const lambda = fn.lambda;
        // What the API has for cases: the table, the personal-data key (with the city's
        // encryption context), the channels' secrets and sending rights.
        props.mediationTable.grantReadWrite(lambda);
        props.personalDataKey.grantEnvelope(lambda, cityId);
        props.channelSecrets.grantRead(lambda);
        grantNotifications(lambda, city.deploy.notifications);
        if (SENDS_TASK_SUCCESS.includes(key)) {
          lambda.addToRolePolicy(
            new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: ['*'] }),
          );
          acknowledge(lambda.role!, 'AwsSolutions-IAM5', SEND_TASK_SUCCESS_REASON, ['Resource::*']);
        }
        return [key, fn];
      }),
    ) as Record<WorkflowFunctionKey, NodeFunction>;

    // Executions' inputs and outputs hold personal data: the log keeps events, not data.
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: `fengqiao-${cityId}-mediation`,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(
        readFileSync(`${repoRoot}${workflowDefinitions.mediation}`, 'utf8'),
      ),
      definitionSubstitutions: {
        Partition: Aws.PARTITION,
        ...Object.fromEntries(
          entries.map(([key]) => [key, this.functions[key].lambda.functionArn]),
        ),
      },
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    // Least privilege: the state machine may invoke its own task functions (unqualified, as the
    // ASL names them; CDK's grantInvoke would add `<arn>:*`) and nothing else.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(this.functions).map((fn) => fn.lambda.functionArn),
      }),
    );
    acknowledge(
      this.stateMachine.role,
      'AwsSolutions-IAM5',
      'X-Ray (PutTraceSegments, PutTelemetryRecords, GetSampling*) and CloudWatch Logs vended delivery (CreateLogDelivery, DescribeResourcePolicies…) accept only "*" as resource; those statements hold nothing else.',
      ['Resource::*'],
    );
  }
}

// A city's mediation workflow: the Standard state machine from the ASL file, its task functions, grants and logs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  type WorkflowFunctionKey,
  workflowDefinitions,
  workflowFunctions,
} from '../../functions/workflow/functions.ts';
import { acknowledge } from '../nag-acknowledgements.ts';
import type { MediationTable } from './mediation-table.ts';
import { NodeFunction } from './node-function.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface MediationWorkflowProps {
  readonly cityId: string;
  readonly mediationTable: MediationTable;
}

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

    const entries = Object.entries(workflowFunctions) as [WorkflowFunctionKey, string][];
    this.functions = Object.fromEntries(
      entries.map(([key, entry]) => {
        const name = key.replace(/FunctionArn$/, '');
        const fn = new NodeFunction(this, `${name}Function`, {
          entry,
          serviceName: `fengqiao-workflow-${name.replace(/[A-Z]/g, (c, i) => `${i ? '-' : ''}${c.toLowerCase()}`)}`,
          city: props.cityId,
          // A task reads the city's policy and records its result: a few items, well under 30 s.
        });
        props.mediationTable.grantReadWrite(fn.lambda);
        return [key, fn];
      }),
    ) as Record<WorkflowFunctionKey, NodeFunction>;

    // Executions' inputs and outputs hold personal data: the log keeps events, not data.
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: `fengqiao-${props.cityId}-mediation`,
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

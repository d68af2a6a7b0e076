// A city's HTTP API: API Gateway HTTP API in front of the Hono app running in Lambda.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { MediationTable } from '../constructs/mediation-table.ts';
import { NodeFunction } from '../constructs/node-function.ts';
import type { PersonalDataKey } from '../constructs/personal-data-key.ts';
import type { StaffIdentity } from '../constructs/staff-identity.ts';

export interface ApiStackProps extends StackProps {
  readonly cityId: string;
  readonly mediationTable: MediationTable;
  /** Seals phone and ID numbers (kms:GenerateDataKey, kms:Decrypt with the city's context). */
  readonly personalDataKey: PersonalDataKey;
  /** Whose ID tokens staff sign in with (OIDC_ISSUER, OIDC_CLIENT_ID). */
  readonly staffIdentity: StaffIdentity;
  /** The mediation workflow: the API names it in STATE_MACHINE_ARN and probes it in /api/health. */
  readonly stateMachine?: IStateMachine;
}

export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly apiFunction: NodeFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    const { cityId, mediationTable, personalDataKey, staffIdentity, stateMachine, ...stackProps } =
      props;
    super(scope, id, stackProps);

    this.apiFunction = new NodeFunction(this, 'ApiFunction', {
      entry: 'functions/api/lambda.ts',
      serviceName: 'fengqiao-api',
      city: cityId,
    });
    // The API both reads and writes cases; the grant lives in this stack, so the data stack
    // never depends on it.
    mediationTable.grantReadWrite(this.apiFunction.lambda);
    personalDataKey.grantEnvelope(this.apiFunction.lambda, cityId);
    staffIdentity.bind(this.apiFunction.lambda);
    if (stateMachine) {
      this.apiFunction.lambda.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
      // The health probe; the disputes issue adds StartExecution and the task callbacks.
      stateMachine.grant(this.apiFunction.lambda, 'states:DescribeStateMachine');
    }

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: `Fengqiao ${cityId}: public API`,
    });
    // Only /api reaches the function: the site will be served from S3 on the same domain.
    const integration = new HttpLambdaIntegration('ApiIntegration', this.apiFunction.lambda);
    for (const path of ['/api', '/api/{proxy+}']) {
      this.httpApi.addRoutes({ path, methods: [HttpMethod.ANY], integration });
    }

    new CfnOutput(this, 'ApiUrl', {
      description: 'Base URL of the HTTP API (its routes start with /api)',
      value: this.httpApi.apiEndpoint,
    });
  }
}

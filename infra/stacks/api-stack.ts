// A city's HTTP API: API Gateway HTTP API in front of the Hono app running in Lambda.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Construct } from 'constructs';
import type { MediationTable } from '../constructs/mediation-table.ts';
import { NodeFunction } from '../constructs/node-function.ts';

export interface ApiStackProps extends StackProps {
  readonly cityId: string;
  readonly mediationTable: MediationTable;
}

export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly apiFunction: NodeFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    const { cityId, mediationTable, ...stackProps } = props;
    super(scope, id, stackProps);

    this.apiFunction = new NodeFunction(this, 'ApiFunction', {
      entry: 'functions/api/lambda.ts',
      serviceName: 'fengqiao-api',
      city: cityId,
    });
    // The API both reads and writes cases; the grant lives in this stack, so the data stack
    // never depends on it.
    mediationTable.grantReadWrite(this.apiFunction.lambda);

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

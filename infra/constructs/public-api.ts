// The city's HTTP API: `/api` routes to the API's functions (one per audience), with stage throttling and JSON access logs.
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Requests per second across the stage, and the burst above it: far above a city's peak. */
export const API_THROTTLE = { rateLimit: 200, burstLimit: 400 } as const;

export class PublicApi extends Construct {
  readonly httpApi: HttpApi;

  constructor(
    scope: Construct,
    id: string,
    props: {
      cityId: string;
      /** Everything under /api that no prefix below claims. */
      handler: IFunction;
      /** Path prefixes with a function of their own (`/api/staff` → the staff function). */
      prefixes?: Readonly<Record<string, IFunction>>;
    },
  ) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: `Fengqiao ${props.cityId}: public API`,
      createDefaultStage: false,
    });
    // No personal data in the access log: the path, never the query string or the body.
    const logGroup = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(logGroup),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            route: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    // Only /api reaches the function: CloudFront serves the site from S3 on the same origin.
    const integration = new HttpLambdaIntegration('ApiIntegration', props.handler);
    for (const path of ['/api', '/api/{proxy+}']) {
      this.httpApi.addRoutes({ path, methods: [HttpMethod.ANY], integration });
    }
    // A greedy path under a longer prefix is the more specific route: API Gateway prefers it.
    for (const [prefix, handler] of Object.entries(props.prefixes ?? {})) {
      const name = prefix.replace(/[^A-Za-z0-9]/g, '');
      this.httpApi.addRoutes({
        path: `${prefix}/{proxy+}`,
        methods: [HttpMethod.ANY],
        integration: new HttpLambdaIntegration(`${name}Integration`, handler),
      });
    }
    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Residents use the API without an account (booking, filing, tracking with a case number and code); ' +
        'staff routes verify the OIDC ID token and the staff record in the app (functions/api/middleware/authorization.ts), ' +
        'which a gateway authorizer could not do per route and role.',
    });
  }
}

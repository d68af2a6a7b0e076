// A city's stateless front: the API function, HTTP API, site on CloudFront, seeding on deploy, alarms and dashboard.
import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { s3UploadOrigin } from '../../functions/adapters/s3/upload-target.ts';
import type { CityConfig } from '../../functions/config/city-schema.ts';
import { API_ENTRY } from '../bundling/function-bundle.ts';
import type { AttachmentsBucket } from '../constructs/attachments-bucket.ts';
import { BookingReminders } from '../constructs/booking-reminders.ts';
import type { ChannelSecrets } from '../constructs/channel-secrets.ts';
import type { MediationTable } from '../constructs/mediation-table.ts';
import {
  type MediationWorkflow,
  SEND_TASK_SUCCESS_REASON,
} from '../constructs/mediation-workflow.ts';
import { NodeFunction } from '../constructs/node-function.ts';
import { grantNotifications } from '../constructs/notification-grants.ts';
import { OperationsAlarms } from '../constructs/operations-alarms.ts';
import type { PersonalDataKey } from '../constructs/personal-data-key.ts';
import { PublicApi } from '../constructs/public-api.ts';
import { SeedOnDeploy } from '../constructs/seed-on-deploy.ts';
import { SiteDistribution } from '../constructs/site-distribution.ts';
import type { StaffIdentity } from '../constructs/staff-identity.ts';
import { acknowledge } from '../nag-acknowledgements.ts';

export interface ApiStackProps extends StackProps {
  readonly city: CityConfig;
  readonly mediationTable: MediationTable;
  /** Seals phone and ID numbers (kms:GenerateDataKey, kms:Decrypt with the city's context). */
  readonly personalDataKey: PersonalDataKey;
  /** Whose ID tokens staff sign in with (OIDC_ISSUER, OIDC_CLIENT_ID). */
  readonly staffIdentity: StaffIdentity;
  readonly channelSecrets: ChannelSecrets;
  readonly accessLogs: IBucket;
  /** Residents' files: the API presigns uploads into it and checks them (ATTACHMENTS_BUCKET). */
  readonly attachments: AttachmentsBucket;
  /** The mediation workflow: the API names it in STATE_MACHINE_ARN and probes it in /api/health. */
  readonly workflow: MediationWorkflow;
  /** The built site for this city (`web/dist`). */
  readonly siteDir: string;
}

export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly apiFunction: NodeFunction;
  readonly site: SiteDistribution;
  readonly seed: SeedOnDeploy;
  readonly reminders: BookingReminders;
  readonly operations: OperationsAlarms;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    const {
      city,
      mediationTable,
      personalDataKey,
      staffIdentity,
      channelSecrets,
      accessLogs,
      attachments,
      workflow,
      siteDir,
      ...stackProps
    } = props;
    super(scope, id, stackProps);
    const cityId = city.id;

    this.apiFunction = new NodeFunction(this, 'ApiFunction', {
      entry: API_ENTRY,
      serviceName: 'fengqiao-api',
      city: cityId,
    });
    const fn = this.apiFunction.lambda;
    // Every grant lives in this stack, so the data stack never depends on it.
    mediationTable.grantReadWrite(fn);
    personalDataKey.grantEnvelope(fn, cityId);
    staffIdentity.bind(fn);
    channelSecrets.grantRead(fn);
    grantNotifications(fn, city.deploy.notifications);
    attachments.grantUploads(fn);
    const { stateMachine } = workflow;
    fn.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
    // The health probe, and filing a case (one execution per case), on this state machine only.
    stateMachine.grant(fn, 'states:DescribeStateMachine');
    stateMachine.grantStartExecution(fn);
    // Staff and parties complete human steps: the step's answer on its task token.
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: ['*'] }),
    );
    acknowledge(fn.role!, 'AwsSolutions-IAM5', SEND_TASK_SUCCESS_REASON, ['Resource::*']);

    this.httpApi = new PublicApi(this, 'PublicApi', { cityId, handler: fn }).httpApi;

    const identity = city.deploy.identity;
    const issuerOrigin =
      identity.kind === 'oidc'
        ? new URL(identity.issuer).origin
        : `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    this.site = new SiteDistribution(this, 'Site', {
      cityId,
      partition: city.deploy.partition,
      siteDir,
      httpApi: this.httpApi,
      accessLogs,
      ...(city.deploy.domain ? { domain: city.deploy.domain } : {}),
      issuerOrigin,
      // Browsers PUT attachments straight to the bucket's endpoint (the CSP's connect-src); the
      // same function names it at run time, from the region (the stacks' env always has one).
      uploadOrigin: s3UploadOrigin(attachments.bucket.bucketName, this.region),
    });
    // The API's own CORS and CSP follow the site's origin.
    fn.addEnvironment(
      'SITE_ORIGIN',
      city.deploy.domain
        ? `https://${city.deploy.domain.name}`
        : `https://${this.site.distribution.distributionDomainName}`,
    );

    this.seed = new SeedOnDeploy(this, 'SeedOnDeploy', { city, mediationTable });
    this.reminders = new BookingReminders(this, 'BookingReminders', {
      city,
      mediationTable,
      personalDataKey,
      channelSecrets,
    });

    this.operations = new OperationsAlarms(this, 'Operations', {
      cityId,
      httpApi: this.httpApi,
      functions: {
        Api: fn,
        Seed: this.seed.function.lambda,
        Reminders: this.reminders.function.lambda,
        ...Object.fromEntries(
          Object.entries(workflow.functions).map(([key, f]) => [
            key.replace(/FunctionArn$/, ''),
            f.lambda,
          ]),
        ),
      },
      stateMachine,
      deadLetterQueues: {
        Seed: this.seed.deadLetterQueue,
        Reminders: this.reminders.deadLetterQueue,
      },
    });

    new CfnOutput(this, 'ApiUrl', {
      description: 'Base URL of the HTTP API (its routes start with /api)',
      value: this.httpApi.apiEndpoint,
    });
    new CfnOutput(this, 'SiteUrl', {
      description: 'The site (and /api on the same origin)',
      value: `https://${this.site.distribution.distributionDomainName}`,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Subscribe the agency’s on-call address to this topic',
      value: this.operations.topic.topicArn,
    });
  }
}

// A city's stateless front: the API's functions (public, staff, admin), HTTP API, site on CloudFront, seeding on deploy, alarms and dashboard.
import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { s3UploadOrigin } from '../../functions/adapters/s3/upload-target.ts';
import type { CityConfig } from '../../functions/config/city-schema.ts';
import { API_FUNCTIONS } from '../bundling/function-bundle.ts';
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
import { RetentionJob } from '../constructs/retention-job.ts';
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
  /** Residents' and public routes (and whatever no other function claims). */
  readonly apiFunction: NodeFunction;
  /** /api/staff/* */
  readonly staffApiFunction: NodeFunction;
  /** /api/admin/* */
  readonly adminApiFunction: NodeFunction;
  readonly site: SiteDistribution;
  readonly seed: SeedOnDeploy;
  readonly reminders: BookingReminders;
  readonly retention: RetentionJob;
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

    const { stateMachine } = workflow;
    // One function per audience, each bundling only its routes (docs/architecture.md), and each
    // granted only what its routes use. Every grant lives in this stack, so the data stack never
    // depends on it.
    interface Rights {
      /** SMS and e-mail: codes, reminders, recovery (the channel secrets and the SMS/SES grants). */
      readonly notifications: boolean;
      /** Presign, read and retag residents' uploads (ATTACHMENTS_BUCKET). */
      readonly uploads: boolean;
      /** File cases (StartExecution) and answer human steps by token (SendTaskSuccess). */
      readonly cases: boolean;
      /** Answer human steps by token only (SendTaskSuccess): the agency escalates, files nothing. */
      readonly answers?: boolean;
      /** /api/health probes the state machine (DescribeStateMachine). */
      readonly health: boolean;
    }
    const apiFunction = (
      id: string,
      spec: { entry: string },
      serviceName: string,
      rights: Rights,
    ) => {
      const f = new NodeFunction(this, id, { entry: spec.entry, serviceName, city: cityId });
      const lambda = f.lambda;
      // The app core of every function: items of the table (staff accounts, idempotency, the
      // city), personal data sealed with the city's key, staff ID tokens.
      mediationTable.grantReadWrite(lambda);
      personalDataKey.grantEnvelope(lambda, cityId);
      staffIdentity.bind(lambda);
      if (rights.notifications) {
        channelSecrets.grantRead(lambda);
        grantNotifications(lambda, city.deploy.notifications);
      }
      if (rights.uploads) attachments.grantUploads(lambda);
      if (rights.cases || rights.answers || rights.health) {
        lambda.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
      }
      // The health probe, on this state machine only.
      if (rights.health) stateMachine.grant(lambda, 'states:DescribeStateMachine');
      // Filing a case: one execution per case, on this state machine only.
      if (rights.cases) stateMachine.grantStartExecution(lambda);
      if (rights.cases || rights.answers) {
        // Staff and parties complete human steps: the step's answer on its task token.
        lambda.addToRolePolicy(
          new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: ['*'] }),
        );
        acknowledge(lambda.role!, 'AwsSolutions-IAM5', SEND_TASK_SUCCESS_REASON, ['Resource::*']);
      }
      return f;
    };
    this.apiFunction = apiFunction('ApiFunction', API_FUNCTIONS.public, 'fengqiao-api', {
      notifications: true,
      uploads: true,
      cases: true,
      health: true,
    });
    // Staff file cases at the counter (without attachments) and answer steps; no health probe.
    this.staffApiFunction = apiFunction(
      'StaffApiFunction',
      API_FUNCTIONS.staff,
      'fengqiao-staff-api',
      {
        notifications: true,
        uploads: false,
        cases: true,
        health: false,
      },
    );
    // The agency's setup and supervision: reminders go out by SMS or e-mail, and an escalation
    // answers the case's open step (the workflow moves it); it files no case.
    this.adminApiFunction = apiFunction(
      'AdminApiFunction',
      API_FUNCTIONS.admin,
      'fengqiao-admin-api',
      {
        notifications: true,
        uploads: false,
        cases: false,
        answers: true,
        health: false,
      },
    );
    // Staff accounts: the admin function alone makes Cognito users (a Cognito issuer only).
    staffIdentity.grantAdministration(this.adminApiFunction.lambda);
    const fn = this.apiFunction.lambda;
    const apiFunctions = [fn, this.staffApiFunction.lambda, this.adminApiFunction.lambda];

    this.httpApi = new PublicApi(this, 'PublicApi', {
      cityId,
      handler: fn,
      prefixes: {
        '/api/staff': this.staffApiFunction.lambda,
        '/api/admin': this.adminApiFunction.lambda,
      },
    }).httpApi;

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
    for (const f of apiFunctions) {
      f.addEnvironment(
        'SITE_ORIGIN',
        city.deploy.domain
          ? `https://${city.deploy.domain.name}`
          : `https://${this.site.distribution.distributionDomainName}`,
      );
    }

    this.seed = new SeedOnDeploy(this, 'SeedOnDeploy', { city, mediationTable });
    this.reminders = new BookingReminders(this, 'BookingReminders', {
      city,
      mediationTable,
      personalDataKey,
      channelSecrets,
    });
    this.retention = new RetentionJob(this, 'RetentionJob', { city, mediationTable, attachments });

    this.operations = new OperationsAlarms(this, 'Operations', {
      cityId,
      httpApi: this.httpApi,
      functions: {
        Api: fn,
        StaffApi: this.staffApiFunction.lambda,
        AdminApi: this.adminApiFunction.lambda,
        Seed: this.seed.function.lambda,
        Reminders: this.reminders.function.lambda,
        Retention: this.retention.function.lambda,
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
        Retention: this.retention.deadLetterQueue,
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

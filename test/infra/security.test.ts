// Template assertions on each security-relevant property of a city's stacks: buckets, API, site, workflow, alarms, secrets.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { cspHeaderValue } from '../../functions/api/content-security-policy.ts';
import { securityHeaders } from '../../functions/api/security-headers.ts';
import { cityIds, loadCity } from '../../functions/config/cities.ts';
import type { CityConfig } from '../../functions/config/city-schema.ts';
import { workflowFunctions } from '../../functions/workflow/functions.ts';
import { API_THROTTLE } from '../../infra/constructs/public-api.ts';
import { synthCity } from './synth-city.ts';

function templates(city: CityConfig) {
  const { stacks } = synthCity(city);
  return {
    stacks,
    data: Template.fromStack(stacks.data),
    api: Template.fromStack(stacks.api),
    workflow: Template.fromStack(stacks.workflow),
  };
}

/** A bucket policy statement denying every request that is not over TLS. */
const denyInsecure = Match.objectLike({
  Effect: 'Deny',
  Action: 's3:*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

const blockAll = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};

describe.each([...cityIds])('city %s', (id) => {
  const city = loadCity(id);
  let t: ReturnType<typeof templates>;
  beforeAll(() => {
    t = templates(city);
  });

  it('encrypts the table at rest under KMS', () => {
    t.data.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('keeps attachments private, SSL only, versioned, encrypted, logged, with abandoned uploads expiring', () => {
    const buckets = t.data.findResources('AWS::S3::Bucket', {
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    });
    expect(Object.keys(buckets)).toHaveLength(1);
    const [logicalId, bucket] = Object.entries(buckets)[0]! as [
      string,
      { Properties: object; DeletionPolicy: string },
    ];
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: blockAll,
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      LoggingConfiguration: { DestinationBucketName: expect.anything() },
      LifecycleConfiguration: {
        Rules: expect.arrayContaining([
          expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
          expect.objectContaining({ Prefix: 'uploads/', ExpirationInDays: 2 }),
        ]),
      },
    });
    t.data.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId },
      PolicyDocument: { Statement: Match.arrayWith([denyInsecure]) },
    });
  });

  it('blocks public access on every bucket of every stack', () => {
    for (const template of [t.data, t.api]) {
      for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) {
        expect((bucket as { Properties: object }).Properties).toMatchObject({
          PublicAccessBlockConfiguration: blockAll,
        });
      }
    }
  });

  it('throttles the HTTP API stage and writes access logs', () => {
    t.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: API_THROTTLE.burstLimit,
      },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('requestId'),
      },
    });
  });

  it('traces the Standard state machine with X-Ray', () => {
    t.workflow.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
  });

  it('gives each function its own role with logs to its own group, never a managed policy', () => {
    for (const template of [t.api, t.workflow]) {
      const roles = Object.entries(template.findResources('AWS::IAM::Role')).filter(
        ([rid]) => !rid.startsWith('CustomCDKBucketDeployment'),
      );
      for (const [, role] of roles) {
        expect((role as { Properties: object }).Properties).not.toHaveProperty('ManagedPolicyArns');
      }
    }
  });

  it('serves the site from a private bucket through CloudFront, /api/* to the HTTP API, HTTPS only', () => {
    const inChina = city.deploy.partition === 'aws-cn';
    t.api.resourceCountIs('AWS::CloudFront::OriginAccessControl', inChina ? 0 : 1);
    t.api.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', inChina ? 1 : 0);
    t.api.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          ResponseHeadersPolicyId: Match.anyValue(),
        }),
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/api/*',
            ViewerProtocolPolicy: 'https-only',
            AllowedMethods: Match.arrayWith(['POST', 'DELETE']),
          }),
        ],
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
      }),
    });
    const [distribution] = Object.values(t.api.findResources('AWS::CloudFront::Distribution')) as {
      Properties: {
        DistributionConfig: { Origins: { DomainName: unknown; CustomOriginConfig?: object }[] };
      };
    }[];
    const origins = distribution!.Properties.DistributionConfig.Origins;
    expect(JSON.stringify(origins)).toContain('HttpApi');
    expect(origins.find((o) => o.CustomOriginConfig)?.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
    });
    if (city.deploy.domain?.certificate?.kind === 'iam') {
      t.api.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: [city.deploy.domain.name],
          ViewerCertificate: {
            IamCertificateId: city.deploy.domain.certificate.serverCertificateId,
            SslSupportMethod: 'sni-only',
            MinimumProtocolVersion: 'TLSv1.2_2021',
          },
        }),
      });
    }
  });

  it('sends the API’s own CSP on every site response, from the one shared module', async () => {
    const issuerOrigin =
      city.deploy.identity.kind === 'oidc'
        ? new URL(city.deploy.identity.issuer).origin
        : undefined;
    const policies = JSON.stringify(t.api.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    if (issuerOrigin) {
      // What the Hono middleware sends is byte for byte what CloudFront adds, around the
      // attachments bucket's endpoint (a reference to the data stack in the template).
      const uploadOrigin = 'https://UPLOAD-ORIGIN';
      const app = new Hono()
        .use(securityHeaders({ issuerOrigin, uploadOrigin }))
        .get('/', (c) => c.text('ok'));
      const sent = (await app.request('/')).headers.get('content-security-policy')!;
      expect(sent).toBe(cspHeaderValue(issuerOrigin, uploadOrigin));
      for (const part of sent.split(uploadOrigin)) {
        expect(policies).toContain(JSON.stringify(part).slice(1, -1));
      }
    } else {
      expect(policies).toContain(cspHeaderValue('ISSUER').split('ISSUER')[0]!);
    }
    t.api.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ IncludeSubdomains: true, Override: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        }),
      },
    });
  });

  it('seeds the run-time config on deploy with an async-invoked function that has a dead-letter queue', () => {
    t.api.hasResourceProperties('Custom::FengqiaoSeed', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SeedOnDeploySeed'), 'Arn'] },
      City: id,
      SeedHash: Match.stringLikeRegexp('^[0-9a-f]{64}$'),
    });
    t.api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'fengqiao-seed' }) },
      DeadLetterConfig: { TargetArn: Match.anyValue() },
    });
    t.api.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('alarms on API 5xx, function errors and throttles, failed and timed-out executions, DLQ depth, to one topic', () => {
    const alarms = Object.values(t.api.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { MetricName: string; AlarmActions: unknown[] };
    }[];
    const metrics = alarms.map((a) => a.Properties.MetricName);
    expect(metrics).toEqual(
      expect.arrayContaining([
        '5xx',
        'Errors',
        'Throttles',
        'ExecutionsFailed',
        'ExecutionsTimedOut',
        'ApproximateNumberOfMessagesVisible',
      ]),
    );
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([
        { Ref: expect.stringMatching(/^OperationsTopic/) },
      ]);
    }
    t.api.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    t.api.hasOutput('AlarmTopicArn', {});
  });
});

it('keeps the secrets of xixia’s SMTP, SMS webhook and Jitsi in the data stack, readable by the API only by ARN', () => {
  const { data, api } = templates(loadCity('xixia'));
  data.resourceCountIs('AWS::SecretsManager::Secret', 3);
  api.hasResourceProperties('AWS::Lambda::Function', {
    Environment: {
      Variables: Match.objectLike({
        SMTP_SECRET_ARN: Match.anyValue(),
        SMS_WEBHOOK_SECRET_ARN: Match.anyValue(),
        JITSI_SECRET_ARN: Match.anyValue(),
      }),
    },
  });
  api.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Resource: Match.arrayWith([Match.objectLike({ 'Fn::GetStackOutput': Match.anyValue() })]),
        }),
      ]),
    },
  });
});

it('lets a city on SNS and SES publish SMS and send only from its own address', () => {
  const base = loadCity('wuzhong');
  const city: CityConfig = {
    ...base,
    deploy: {
      ...base.deploy,
      notifications: {
        sms: { kind: 'sns' },
        email: { kind: 'ses', from: 'noreply@fengqiao.example.gov.cn' },
      },
    },
  };
  const { api, data, workflow } = templates(city);
  data.resourceCountIs('AWS::SecretsManager::Secret', 0);
  const sends = {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Action: 'sns:Publish', Resource: '*' }),
        Match.objectLike({
          Action: 'ses:SendEmail',
          Condition: { StringEquals: { 'ses:FromAddress': 'noreply@fengqiao.example.gov.cn' } },
        }),
      ]),
    },
  };
  api.hasResourceProperties('AWS::IAM::Policy', sends);
  // The workflow's task functions message parties too (triage, signing, close…): each one.
  const taskPolicies = Object.values(workflow.findResources('AWS::IAM::Policy')).filter((policy) =>
    JSON.stringify(policy).includes('FunctionRole'),
  ) as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }[];
  expect(taskPolicies).toHaveLength(Object.keys(workflowFunctions).length);
  for (const policy of taskPolicies) {
    const statements = policy.Properties.PolicyDocument.Statement;
    // CDK may merge sns:Publish with another action on "*" (open-step's SendTaskSuccess).
    expect(
      statements.filter((st) => st.Resource === '*').flatMap((st) => [st.Action].flat()),
    ).toContain('sns:Publish');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'ses:SendEmail',
        Condition: { StringEquals: { 'ses:FromAddress': 'noreply@fengqiao.example.gov.cn' } },
      }),
    );
  }
});

// Synthesizes every configured city's stacks and checks what a deploy in either partition relies on.
import { readFileSync } from 'node:fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { cityIds, loadCity } from '../../functions/config/cities.ts';
import { workflowFunctions } from '../../functions/workflow/functions.ts';
import type { CityStacks } from '../../infra/city-stacks.ts';

import { cdkJson, synthCity as synthStacks } from './synth-city.ts';

function synthCity(id: string): {
  stacks: CityStacks;
  data: Template;
  api: Template;
  workflow: Template;
} {
  const { stacks } = synthStacks(loadCity(id));
  return {
    stacks,
    data: Template.fromStack(stacks.data),
    api: Template.fromStack(stacks.api),
    workflow: Template.fromStack(stacks.workflow),
  };
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

const actionsOf = (statement: Statement) => [statement.Action].flat().sort();

/** Every statement of every IAM policy in a template, with the policy's id and the roles it is attached to. */
function statementsOf(template: Template) {
  return Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([id, policy]) => {
    const { PolicyDocument, Roles = [] } = (
      policy as {
        Properties: { PolicyDocument: { Statement: Statement[] }; Roles?: { Ref: string }[] };
      }
    ).Properties;
    const roles = Roles.map((role) => role.Ref);
    return PolicyDocument.Statement.map((statement) => ({ id, roles, statement }));
  });
}

it('configures at least the two reference cities', () => {
  expect(cityIds).toEqual(expect.arrayContaining(['wuzhong', 'xixia']));
});

it('never enables partition literals, which would write arn:aws: into China templates', () => {
  expect(cdkJson.context['@aws-cdk/core:enablePartitionLiterals']).not.toBe(true);
});

describe.each([...cityIds])('city %s', (id) => {
  const city = loadCity(id);
  let synth: ReturnType<typeof synthCity>;
  beforeAll(() => {
    synth = synthCity(id);
  });

  it('names its stacks after the city and places them in its region', () => {
    const { data, api } = synth.stacks;
    expect(data.stackName).toBe(`Fengqiao-${id}-Data`);
    expect(api.stackName).toBe(`Fengqiao-${id}-Api`);
    expect(data.region).toBe(city.deploy.region);
    expect(api.region).toBe(city.deploy.region);
    expect(data.terminationProtection).toBe(true);
  });

  it('keeps one protected, on-demand table with the generic keys, gsi1 and TTL', () => {
    synth.data.resourceCountIs('AWS::DynamoDB::Table', 1);
    synth.data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'gsi1pk', AttributeType: 'S' },
          { AttributeName: 'gsi1sk', AttributeType: 'S' },
        ]),
        GlobalSecondaryIndexes: [
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    });
  });

  it('runs the API on nodejs22.x arm64 with the city, service name and table bound', () => {
    // The API's three functions (public, staff, admin), the seed custom resource, the booking
    // reminders, the retention job and CDK's BucketDeployment handler.
    synth.api.resourceCountIs('AWS::Lambda::Function', 7);
    for (const service of ['fengqiao-api', 'fengqiao-staff-api', 'fengqiao-admin-api']) {
      synth.api.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: {
          Variables: Match.objectLike({
            // The city's variables (functions/config/city-environment.ts), never its whole config.
            CITY: id,
            CITY_NAME: city.runtime.city.name,
            CITY_NOTIFICATIONS: JSON.stringify(city.deploy.notifications),
            POWERTOOLS_SERVICE_NAME: service,
            NODE_OPTIONS: '--enable-source-maps',
            TABLE_NAME: Match.anyValue(),
          }),
        },
        LoggingConfig: { LogGroup: Match.anyValue() },
      });
    }
    synth.api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 180 });
  });

  it('lets the API function use items of the table and its index, but never Scan it', () => {
    synth.api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: Match.arrayWith(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']),
            // The table and `<table>/index/*`.
            Resource: [Match.anyValue(), Match.objectLike({ 'Fn::Join': Match.anyValue() })],
          }),
        ]),
      },
    });
    // Our functions' policies (CDK's BucketDeployment handler is checked by the nag test).
    const policies = JSON.stringify(
      Object.entries(synth.api.findResources('AWS::IAM::Policy')).filter(
        ([id]) => !id.startsWith('CustomCDKBucketDeployment'),
      ),
    );
    expect(policies).not.toContain('dynamodb:Scan');
    // "*" only where IAM has no resource to name: SendTaskSuccess on a callback's token (and
    // sns:Publish to a phone number, for a city sending SMS through SNS).
    const wildcards = statementsOf(synth.api)
      .filter(
        ({ id, statement }) =>
          !id.startsWith('CustomCDKBucketDeployment') && statement.Resource === '*',
      )
      .flatMap(({ statement }) => actionsOf(statement));
    expect([...new Set(wildcards)].sort()).toEqual(
      [
        'states:SendTaskSuccess',
        ...(city.deploy.notifications.sms.kind === 'sns' ? ['sns:Publish'] : []),
      ].sort(),
    );
  });

  it('routes /api/staff/* and /api/admin/* to their own functions, the rest of /api to the public one', () => {
    synth.api.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    synth.api.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const integrations = synth.api.findResources('AWS::ApiGatewayV2::Integration');
    const target = Object.fromEntries(
      Object.entries(integrations).map(([integrationId, { Properties }]) => {
        expect(Properties).toMatchObject({
          IntegrationType: 'AWS_PROXY',
          PayloadFormatVersion: '2.0',
        });
        return [integrationId, Properties.IntegrationUri['Fn::GetAtt'][0] as string];
      }),
    );
    const routes = Object.values(synth.api.findResources('AWS::ApiGatewayV2::Route')).map(
      ({ Properties }) => {
        const integrationId = Properties.Target['Fn::Join'][1][1].Ref as string;
        return [Properties.RouteKey, target[integrationId]!.replace(/[0-9A-F]{8}$/, '')];
      },
    );
    expect(Object.fromEntries(routes)).toEqual({
      'ANY /api': 'ApiFunction',
      'ANY /api/{proxy+}': 'ApiFunction',
      'ANY /api/staff/{proxy+}': 'StaffApiFunction',
      'ANY /api/admin/{proxy+}': 'AdminApiFunction',
    });
    expect(routes).toHaveLength(4);
    synth.api.hasOutput('ApiUrl', {});
  });

  it('deploys the mediation ASL file as it is, substituting the partition and its task functions', () => {
    synth.workflow.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    const [machine] = Object.values(
      synth.workflow.findResources('AWS::StepFunctions::StateMachine'),
    ) as { Properties: Record<string, unknown> }[];
    const { DefinitionString, DefinitionSubstitutions, StateMachineType, LoggingConfiguration } =
      machine!.Properties as {
        DefinitionString: string;
        DefinitionSubstitutions: Record<string, unknown>;
        StateMachineType: string;
        LoggingConfiguration: { Level: string; IncludeExecutionData: boolean };
      };
    // Equal to the file: only the placeholders differ, and CloudFormation fills them.
    expect(DefinitionString).toBe(
      readFileSync(new URL('../../functions/workflow/mediation.asl.json', import.meta.url), 'utf8'),
    );
    expect(StateMachineType).toBe('STANDARD');
    expect(LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(DefinitionSubstitutions.Partition).toEqual({ Ref: 'AWS::Partition' });
    expect(Object.keys(DefinitionSubstitutions).sort()).toEqual(
      ['Partition', ...Object.keys(workflowFunctions)].sort(),
    );
    for (const key of Object.keys(workflowFunctions)) {
      expect(DefinitionSubstitutions[key]).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/Function/), 'Arn'],
      });
    }
  });

  it('sends booking reminders every five minutes, with retries and a dead-letter queue', () => {
    synth.api.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: Match.arrayWith([
        Match.objectLike({
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
          DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
        }),
      ]),
    });
    synth.api.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Environment: {
        Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'fengqiao-reminders' }),
      },
    });
  });

  it('runs the task functions on nodejs22.x arm64 and lets the state machine invoke only them', () => {
    synth.workflow.resourceCountIs('AWS::Lambda::Function', Object.keys(workflowFunctions).length);
    synth.workflow.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ CITY: id, TABLE_NAME: Match.anyValue() }) },
    });
    // The log-delivery actions take no resource (CloudWatch Logs allows none); invoking does.
    const statements = Object.values(synth.workflow.findResources('AWS::IAM::Policy')).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: { Action: unknown }[] } } })
          .Properties.PolicyDocument.Statement,
    );
    const invoke = statements.filter((st) => JSON.stringify(st.Action).includes('lambda:'));
    expect(invoke).toHaveLength(1);
    expect(invoke[0]!.Action).toBe('lambda:InvokeFunction');
    const resources = JSON.stringify(invoke[0]);
    expect(resources).not.toContain('"Resource":"*"');
    for (const key of Object.keys(workflowFunctions)) {
      expect(resources).toContain(key.replace(/FunctionArn$/, 'Function'));
    }
    synth.api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ STATE_MACHINE_ARN: Match.anyValue() }) },
    });
    synth.api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['states:DescribeStateMachine']),
            Effect: 'Allow',
          }),
        ]),
      },
    });
  });

  it('lets the API start executions of its state machine only, and answer human steps by token', () => {
    // Each action with the resource it is allowed on (CDK merges statements on one resource).
    const granted = statementsOf(synth.api)
      .filter(({ roles }) => roles.some((r) => r.startsWith('ApiFunction')))
      .flatMap(({ statement }) =>
        actionsOf(statement)
          .filter((action) => action.startsWith('states:'))
          .map((action) => ({ action, effect: statement.Effect, resource: statement.Resource })),
      );
    const machine = granted.find((g) => g.action === 'states:DescribeStateMachine')!.resource;
    // The state machine lives in the workflow stack: its imported ARN, never "*".
    expect(JSON.stringify(machine)).toContain('StateMachine');
    expect(granted.sort((a, b) => a.action.localeCompare(b.action))).toEqual([
      { action: 'states:DescribeStateMachine', effect: 'Allow', resource: machine },
      { action: 'states:SendTaskSuccess', effect: 'Allow', resource: '*' },
      { action: 'states:StartExecution', effect: 'Allow', resource: machine },
    ]);
  });

  it('grants each API function only what its audience’s routes use', () => {
    const actionsOfRole = (prefix: string) =>
      new Set(
        statementsOf(synth.api)
          .filter(({ roles }) =>
            roles.some((r) => new RegExp(`^${prefix}Role[0-9A-F]{8}$`).test(r)),
          )
          .flatMap(({ statement }) => actionsOf(statement)),
      );
    const publicActions = actionsOfRole('ApiFunction');
    const staff = actionsOfRole('StaffApiFunction');
    const admin = actionsOfRole('AdminApiFunction');
    for (const actions of [publicActions, staff, admin]) {
      expect(actions).toContain('dynamodb:GetItem');
      expect(actions).toContain('kms:Decrypt');
    }
    // Residents upload files and the health probe is theirs; staff file cases and answer steps.
    expect(publicActions).toContain('s3:PutObject');
    expect(publicActions).toContain('states:DescribeStateMachine');
    expect(staff).toContain('states:StartExecution');
    expect(staff).toContain('states:SendTaskSuccess');
    expect([...staff].filter((a) => a.startsWith('s3:'))).toEqual([]);
    expect(staff).not.toContain('states:DescribeStateMachine');
    // The agency's function: supervision answers a case's step (escalation) and sends reminders;
    // it files no case and touches no upload.
    expect(admin).toContain('states:SendTaskSuccess');
    expect(admin).not.toContain('states:StartExecution');
    expect([...admin].filter((a) => /^(s3|states):/.test(a))).toEqual(['states:SendTaskSuccess']);
  });

  it('gives the task functions the API’s rights on cases: table, personal-data key, channels; SendTaskSuccess to open-step only', () => {
    const functions = Object.values(synth.workflow.findResources('AWS::Lambda::Function')) as {
      Properties: {
        Role: { 'Fn::GetAtt': [string, string] };
        Timeout: number;
        Environment: { Variables: Record<string, unknown> };
      };
    }[];
    expect(functions).toHaveLength(Object.keys(workflowFunctions).length);
    const secretVariables = [
      ...(city.deploy.notifications.email.kind === 'smtp' ? ['SMTP_SECRET_ARN'] : []),
      ...(city.deploy.notifications.sms.kind === 'webhook' ? ['SMS_WEBHOOK_SECRET_ARN'] : []),
      ...(city.deploy.video.kind === 'jitsi' ? ['JITSI_SECRET_ARN'] : []),
    ];
    const statements = statementsOf(synth.workflow);
    for (const fn of functions) {
      const { Variables } = fn.Properties.Environment;
      expect(Variables).toMatchObject({
        TABLE_NAME: expect.anything(),
        PERSONAL_DATA_KMS_KEY_ID: expect.anything(),
      });
      for (const name of secretVariables) expect(Variables).toHaveProperty(name);
      // Under the state's TimeoutSeconds (60), so a stuck call ends in the function's own log.
      expect(fn.Properties.Timeout).toBe(30);
      const role = fn.Properties.Role['Fn::GetAtt'][0];
      const own = statements
        .filter(({ roles }) => roles.includes(role))
        .map(({ statement }) => statement);
      const kms = own.filter((st) => JSON.stringify(st.Action).includes('kms:'));
      expect(kms.map(actionsOf)).toEqual([['kms:Decrypt', 'kms:GenerateDataKey']]);
      expect(kms[0]).toEqual(
        expect.objectContaining({
          Condition: {
            StringEquals: {
              'kms:EncryptionContext:app': 'fengqiao',
              'kms:EncryptionContext:city': id,
            },
          },
        }),
      );
      const secretReads = own.filter((st) =>
        JSON.stringify(st.Action).includes('secretsmanager:GetSecretValue'),
      );
      expect(secretReads.flatMap((st) => [st.Resource].flat())).toHaveLength(
        secretVariables.length,
      );
      const sendsTaskSuccess = role.startsWith('MediationOpenStepFunction');
      expect(own.filter((st) => actionsOf(st).includes('states:SendTaskSuccess'))).toEqual(
        sendsTaskSuccess ? [expect.objectContaining({ Effect: 'Allow', Resource: '*' })] : [],
      );
      // Nothing else on "*" (SNS cities add sns:Publish, as for the API).
      expect(
        own
          .filter((st) => st.Resource === '*')
          .flatMap(actionsOf)
          .sort(),
      ).toEqual(
        [
          ...(sendsTaskSuccess ? ['states:SendTaskSuccess'] : []),
          ...(city.deploy.notifications.sms.kind === 'sns' ? ['sns:Publish'] : []),
        ].sort(),
      );
    }
    expect(
      functions.filter((fn) =>
        fn.Properties.Role['Fn::GetAtt'][0].startsWith('MediationOpenStepFunction'),
      ),
    ).toHaveLength(1);
  });

  it('writes no arn:aws: literal, so the templates deploy in aws-cn too', () => {
    for (const template of [synth.data, synth.api, synth.workflow]) {
      expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
    }
  });
});

it('deploys xixia to Ningxia in the China partition', () => {
  const xixia = loadCity('xixia');
  expect(xixia.deploy.partition).toBe('aws-cn');
  const { data, api } = synthStacks(xixia).stacks;
  expect(data.region).toBe('cn-northwest-1');
  expect(api.region).toBe('cn-northwest-1');
});

// What AWS needs for identity and personal data: the KMS key, its least-privilege grant, the issuer wiring.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { cityIds, loadCity } from '../../functions/config/cities.ts';
import { synthCity } from './synth-city.ts';

function synth(id: string) {
  const { stacks } = synthCity(loadCity(id));
  return {
    stacks,
    data: Template.fromStack(stacks.data),
    api: Template.fromStack(stacks.api),
  };
}

describe.each([...cityIds])('city %s', (id) => {
  const city = loadCity(id);
  const { stacks, data, api } = synth(id);

  it('keeps a rotating personal-data key in the data stack, trusted by the account, never deleted', () => {
    data.resourceCountIs('AWS::KMS::Key', 1);
    data.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 'kms:*',
              Effect: 'Allow',
              Principal: {
                AWS: {
                  'Fn::Join': ['', Match.arrayWith([':iam::', { Ref: 'AWS::AccountId' }, ':root'])],
                },
              },
            }),
          ]),
        },
      }),
    });
  });

  it('lets the API function only generate and open data keys, with the city’s context', () => {
    api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Effect: 'Allow',
            Condition: {
              StringEquals: {
                'kms:EncryptionContext:app': 'fengqiao',
                'kms:EncryptionContext:city': id,
              },
            },
          }),
        ]),
      }),
    });
    const policies = JSON.stringify(api.findResources('AWS::IAM::Policy'));
    expect(policies).not.toContain('kms:*');
    expect(policies).not.toContain('kms:Encrypt"');
  });

  it('tells the API function its key and whose tokens to accept', () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          PERSONAL_DATA_KMS_KEY_ID: Match.anyValue(),
          OIDC_ISSUER: Match.anyValue(),
          OIDC_CLIENT_ID: Match.anyValue(),
        }),
      },
    });
  });

  it('never makes the data stack depend on a stateless one', () => {
    expect(stacks.data.dependencies).toEqual([]);
  });

  if (city.deploy.identity.kind === 'cognito') {
    it('has a staff-only Cognito user pool (no sign-up) with a code + PKCE client', () => {
      data.resourceCountIs('AWS::Cognito::UserPool', 1);
      data.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        DeletionProtection: 'ACTIVE',
      });
      data.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        AllowedOAuthFlows: ['code'],
        GenerateSecret: false,
      });
      const env = JSON.stringify(api.findResources('AWS::Lambda::Function'));
      expect(env).toContain('ProviderURL');
    });

    it('lets the admin function alone create, look up, disable and enable staff users, in this pool only', () => {
      const granting = Object.entries(api.findResources('AWS::IAM::Policy')).filter(([, p]) =>
        JSON.stringify(p).includes('cognito-idp:'),
      );
      expect(granting).toHaveLength(1);
      const [, policy] = granting[0]!;
      expect(JSON.stringify(policy.Properties.Roles)).toContain('AdminApiFunction');
      const statement = policy.Properties.PolicyDocument.Statement.find((s: { Action: unknown }) =>
        JSON.stringify(s.Action).includes('cognito-idp:'),
      );
      expect(statement.Action).toEqual([
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminEnableUser',
        'cognito-idp:AdminGetUser',
      ]);
      // The pool's ARN (imported from the data stack), never a wildcard.
      expect(JSON.stringify(statement.Resource)).not.toContain('*');
      const withPool = Object.entries(api.findResources('AWS::Lambda::Function')).filter(([, f]) =>
        JSON.stringify(f.Properties?.Environment ?? {}).includes('COGNITO_USER_POOL_ID'),
      );
      expect(withPool.map(([logicalId]) => logicalId)).toEqual([
        expect.stringContaining('AdminApiFunction'),
      ]);
    });

    it('signs staff in through a hosted UI on a domain named after the city and account', () => {
      data.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
      const [domain] = Object.values(data.findResources('AWS::Cognito::UserPoolDomain'));
      expect(JSON.stringify(domain?.Properties?.Domain)).toContain('fengqiao');
      expect(JSON.stringify(domain?.Properties?.Domain)).toContain('AWS::AccountId');
    });
  } else {
    it('trusts the agency’s OIDC issuer from the city config, with no user pool', () => {
      data.resourceCountIs('AWS::Cognito::UserPool', 0);
      // Its users are the agency's: the admin function makes accounts by `sub`, no Cognito grant.
      expect(JSON.stringify(api.findResources('AWS::IAM::Policy'))).not.toContain('cognito-idp:');
      const identity = city.deploy.identity as { issuer: string; clientId: string };
      api.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            OIDC_ISSUER: identity.issuer,
            OIDC_CLIENT_ID: identity.clientId,
          }),
        },
      });
    });
  }
});

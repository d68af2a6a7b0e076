// Who signs staff ID tokens: the city's own Cognito user pool, or the agency's OIDC provider (city config).
import { Aws, Fn, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { DomainConfig, IdentityConfig } from '../../functions/config/city-schema.ts';
import { acknowledge } from '../nag-acknowledgements.ts';

export const OIDC_ISSUER_ENV = 'OIDC_ISSUER';
export const OIDC_CLIENT_ID_ENV = 'OIDC_CLIENT_ID';
/** Where the admin function creates, disables and enables staff users (Cognito pools only). */
export const COGNITO_USER_POOL_ID_ENV = 'COGNITO_USER_POOL_ID';
/** What the agency's staff-account routes do in the pool, and nothing more (no delete, no passwords). */
export const COGNITO_ADMIN_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminGetUser',
] as const;

export interface StaffIdentityProps {
  /** Names the hosted UI's domain. */
  readonly cityId: string;
  readonly identity: IdentityConfig;
  readonly domain?: DomainConfig;
}

export class StaffIdentity extends Construct {
  /** Compared with the tokens' `iss` (a token in CloudFormation for a Cognito pool). */
  readonly issuer: string;
  /** The tokens' `aud`. */
  readonly clientId: string;
  readonly userPool?: UserPool;
  readonly client?: UserPoolClient;
  /** The Cognito hosted UI's domain (Cognito pools only). */
  readonly hostedUi?: UserPoolDomain;

  constructor(scope: Construct, id: string, props: StaffIdentityProps) {
    super(scope, id);
    if (props.identity.kind === 'oidc') {
      this.issuer = props.identity.issuer;
      this.clientId = props.identity.clientId;
      return;
    }
    // Staff only: accounts are created by the agency, never by sign-up.
    const pool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      // Staff see residents' cases: a second factor (an authenticator app) is required.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const site = props.domain ? `https://${props.domain.name}` : undefined;
    const client = pool.addClient('StaffSite', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.PROFILE, OAuthScope.EMAIL],
        // The site issue adds the CloudFront address when the city has no domain of its own.
        ...(site
          ? {
              callbackUrls: [`${site}/staff/callback/`],
              logoutUrls: [`${site}/staff/`, `${site}/en/staff/`],
            }
          : {}),
      },
      preventUserExistenceErrors: true,
    });
    // The hosted UI the staff pages sign in through (authorization code with PKCE): the pool's
    // discovery document names its endpoints on this domain. The prefix is unique per region, so
    // it carries the account: `fengqiao-<city>-<account>`.
    this.hostedUi = pool.addDomain('HostedUi', {
      cognitoDomain: {
        domainPrefix: Fn.join('-', ['fengqiao', props.cityId.replaceAll('_', '-'), Aws.ACCOUNT_ID]),
      },
    });
    acknowledge(
      pool,
      'AwsSolutions-COG8',
      'The Plus feature plan (threat protection) is billed per monthly active user and is not offered in every region; this staff-only pool has no sign-up, requires TOTP MFA and a 12-character password, and the API checks every token against the staff record.',
    );
    this.userPool = pool;
    this.client = client;
    this.issuer = `https://${pool.userPoolProviderUrl}`;
    this.clientId = client.userPoolClientId;
  }

  /** Tells `fn` whose tokens to accept. */
  bind(fn: LambdaFunction): void {
    fn.addEnvironment(OIDC_ISSUER_ENV, this.issuer);
    fn.addEnvironment(OIDC_CLIENT_ID_ENV, this.clientId);
  }

  /**
   * Lets `fn` (the admin function alone) make staff users in this pool: create, look up, disable,
   * enable, on this pool's ARN only. An external issuer's users are the agency's: nothing to grant.
   */
  grantAdministration(fn: LambdaFunction): void {
    if (!this.userPool) return;
    fn.addEnvironment(COGNITO_USER_POOL_ID_ENV, this.userPool.userPoolId);
    this.userPool.grant(fn, ...COGNITO_ADMIN_ACTIONS);
  }
}

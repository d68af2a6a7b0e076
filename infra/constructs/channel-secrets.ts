// The secrets of the city's notification and video channels (SMTP login, SMS webhook key, Jitsi app secret).
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { NotificationsConfig, VideoConfig } from '../../functions/config/city-schema.ts';

/** Environment variables naming each secret; functions read them at cold start. */
export const SECRET_ARN_ENV = {
  smtp: 'SMTP_SECRET_ARN',
  smsWebhook: 'SMS_WEBHOOK_SECRET_ARN',
  jitsi: 'JITSI_SECRET_ARN',
} as const;

export interface ChannelSecretsProps {
  readonly cityId: string;
  readonly notifications: NotificationsConfig;
  readonly video: VideoConfig;
}

const ROTATION_REASON =
  'The value is issued by a system outside AWS (the agency’s mail server, SMS gateway or Jitsi); ' +
  'it is rotated there and pasted in (docs/deploy.md), so a Secrets Manager rotation Lambda could not change it.';

/**
 * Only the secrets the city's channels need. CloudFormation generates a placeholder the agency
 * replaces after the first deploy; the secrets are state and outlive the stack.
 */
export class ChannelSecrets extends Construct {
  readonly secrets: Partial<Record<keyof typeof SECRET_ARN_ENV, ISecret>>;

  constructor(scope: Construct, id: string, props: ChannelSecretsProps) {
    super(scope, id);
    const make = (name: keyof typeof SECRET_ARN_ENV, description: string, template?: object) => {
      const secret = new Secret(this, name, {
        description: `Fengqiao ${props.cityId}: ${description}`,
        ...(template
          ? {
              generateSecretString: {
                secretStringTemplate: JSON.stringify(template),
                generateStringKey: 'password',
              },
            }
          : { generateSecretString: { passwordLength: 48, excludePunctuation: true } }),
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: ROTATION_REASON });
      return secret;
    };
    this.secrets = {};
    if (props.notifications.email.kind === 'smtp') {
      this.secrets.smtp = make('smtp', 'SMTP login {"username","password"}', { username: '' });
    }
    if (props.notifications.sms.kind === 'webhook') {
      this.secrets.smsWebhook = make('smsWebhook', 'SMS webhook signing key');
    }
    if (props.video.kind === 'jitsi') {
      this.secrets.jitsi = make('jitsi', 'Jitsi app secret (signed room links)');
    }
  }

  /** Lets `fn` read the channel secrets (GetSecretValue on each) and tells it their ARNs. */
  grantRead(fn: LambdaFunction): void {
    for (const [name, secret] of Object.entries(this.secrets)) {
      if (!secret) continue;
      secret.grantRead(fn);
      fn.addEnvironment(SECRET_ARN_ENV[name as keyof typeof SECRET_ARN_ENV], secret.secretArn);
    }
  }
}

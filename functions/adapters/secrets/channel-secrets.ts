// Reads the channel secrets from Secrets Manager once, at cold start, into the variables the local runtime sets by hand.
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * On AWS the stack passes each secret's ARN (`SMTP_SECRET_ARN`, `SMS_WEBHOOK_SECRET_ARN`,
 * `JITSI_SECRET_ARN`); this fills `SMTP_USERNAME`/`SMTP_PASSWORD`, `SMS_WEBHOOK_SECRET` and
 * `JITSI_APP_SECRET` from them. A variable already set wins, so local mode (no ARNs) is untouched.
 */
export async function loadChannelSecrets(
  env: NodeJS.ProcessEnv,
  client: () => Pick<SecretsManagerClient, 'send'>,
): Promise<void> {
  const read = async (arn: string) => {
    const out = await client().send(new GetSecretValueCommand({ SecretId: arn }));
    if (!out.SecretString) throw new Error(`secret ${arn} has no string value`);
    return out.SecretString;
  };
  const jobs: Promise<void>[] = [];
  if (env.SMTP_SECRET_ARN && !env.SMTP_PASSWORD) {
    const arn = env.SMTP_SECRET_ARN;
    jobs.push(
      read(arn).then((text) => {
        const login = JSON.parse(text) as { username?: string; password?: string };
        if (!login.username || !login.password) {
          throw new Error(`secret ${arn} must be JSON {"username","password"}`);
        }
        env.SMTP_USERNAME = login.username;
        env.SMTP_PASSWORD = login.password;
      }),
    );
  }
  const plain: [string | undefined, string][] = [
    [env.SMS_WEBHOOK_SECRET_ARN, 'SMS_WEBHOOK_SECRET'],
    [env.JITSI_SECRET_ARN, 'JITSI_APP_SECRET'],
  ];
  for (const [arn, name] of plain) {
    if (!arn || env[name]) continue;
    jobs.push(
      read(arn).then((value) => {
        env[name] = value;
      }),
    );
  }
  await Promise.all(jobs);
}

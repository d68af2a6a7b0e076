// Cold-start secret loading: which variables come from which secret, and that local settings win.
import type { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { expect, it } from 'vitest';
import { loadChannelSecrets } from './channel-secrets.ts';

const values: Record<string, string> = {
  'arn:smtp': JSON.stringify({ username: 'mailer', password: 'pw' }),
  'arn:sms': 'webhook-key',
  'arn:jitsi': 'jitsi-key',
};
function client() {
  const asked: string[] = [];
  const send = async (command: GetSecretValueCommand) => {
    asked.push(command.input.SecretId!);
    return { SecretString: values[command.input.SecretId!] };
  };
  return { asked, factory: () => ({ send }) as never };
}

it('fills the channel variables from the secrets the stack names', async () => {
  const env: NodeJS.ProcessEnv = {
    SMTP_SECRET_ARN: 'arn:smtp',
    SMS_WEBHOOK_SECRET_ARN: 'arn:sms',
    JITSI_SECRET_ARN: 'arn:jitsi',
  };
  const { asked, factory } = client();
  await loadChannelSecrets(env, factory);
  expect(asked.sort()).toEqual(['arn:jitsi', 'arn:sms', 'arn:smtp']);
  expect(env).toMatchObject({
    SMTP_USERNAME: 'mailer',
    SMTP_PASSWORD: 'pw',
    SMS_WEBHOOK_SECRET: 'webhook-key',
    JITSI_APP_SECRET: 'jitsi-key',
  });
});

it('asks nothing locally (no ARNs) and never overrides a variable already set', async () => {
  const { asked, factory } = client();
  await loadChannelSecrets({ SMS_WEBHOOK_SECRET: 'local' }, factory);
  const env: NodeJS.ProcessEnv = { SMS_WEBHOOK_SECRET_ARN: 'arn:sms', SMS_WEBHOOK_SECRET: 'set' };
  await loadChannelSecrets(env, factory);
  expect(asked).toEqual([]);
  expect(env.SMS_WEBHOOK_SECRET).toBe('set');
});

it('fails the cold start on an SMTP secret that is not the expected JSON', async () => {
  values['arn:bad'] = '{"username":"x"}';
  const { factory } = client();
  await expect(loadChannelSecrets({ SMTP_SECRET_ARN: 'arn:bad' }, factory)).rejects.toThrow(
    'must be JSON {"username","password"}',
  );
});

// Reads identity, personal-data and notification settings from the environment (fail fast at start).

import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { envelopeCodec } from '#adapters/crypto/envelope-codec.ts';
import { localKeyFile } from '#adapters/crypto/local-key-file.ts';
import { dynamoWrappedRootKey } from '#adapters/dynamo/key-store.ts';
import { dynamoOutbox } from '#adapters/dynamo/outbox.ts';
import type { Table } from '#adapters/dynamo/table-client.ts';
import { kmsDataKeys } from '#adapters/kms/kms-data-keys.ts';
import type { Notifier } from '#adapters/notifier.port.ts';
import { byChannel } from '#adapters/notify/by-channel.ts';
import { sesEmail } from '#adapters/notify/ses-email.ts';
import { smsWebhook } from '#adapters/notify/sms-webhook.ts';
import { snsSms } from '#adapters/notify/sns-sms.ts';
import { oidcTokenVerifier } from '#adapters/oidc/oidc-token-verifier.ts';
import type { PersonalDataCodec } from '#adapters/personal-data.port.ts';
import type { TokenVerifier } from '#adapters/token-verifier.port.ts';
import { cityFromEnvironment } from '#config/city-environment.ts';
import type { NotificationsConfig } from '#config/city-schema.ts';
import type { Clock } from '#domain/time.ts';

export interface IdentityDeps {
  tokens?: TokenVerifier;
  codec?: PersonalDataCodec;
  notifier: Notifier;
  cityName: string;
}

/**
 * - `OIDC_ISSUER` + `OIDC_CLIENT_ID`: whose ID tokens staff sign in with;
 * - `PERSONAL_DATA_KMS_KEY_ID` (AWS) or `PERSONAL_DATA_KEY_FILE` (local): the envelope key;
 * - `NOTIFY_VIA=outbox` (local): every message to the outbox whatever the city config says;
 * - `SMS_WEBHOOK_SECRET`, `SMTP_USERNAME`, `SMTP_PASSWORD`: channel secrets (on AWS, filled from
 *   Secrets Manager at cold start by `loadChannelSecrets`, lambda.ts).
 */
export function identityFromEnvironment(input: {
  cityId: string;
  table: Table;
  clock: Clock;
}): IdentityDeps {
  const env = process.env;
  const city = cityFromEnvironment(env);
  const issuer = env.OIDC_ISSUER;
  const clientId = env.OIDC_CLIENT_ID;
  if (issuer && !clientId) throw new Error('OIDC_CLIENT_ID is required with OIDC_ISSUER');

  let codec: PersonalDataCodec | undefined;
  const keys = env.PERSONAL_DATA_KMS_KEY_ID
    ? kmsDataKeys({ keyId: env.PERSONAL_DATA_KMS_KEY_ID, cityId: input.cityId })
    : env.PERSONAL_DATA_KEY_FILE
      ? localKeyFile(env.PERSONAL_DATA_KEY_FILE)
      : undefined;
  if (keys) codec = envelopeCodec({ keys, root: dynamoWrappedRootKey(input.table) });

  const outbox = dynamoOutbox(input.table, input.clock);
  const notifier =
    env.NOTIFY_VIA === 'outbox' ? outbox : notifierFor(city.notifications, outbox, env);

  return {
    ...(issuer && clientId
      ? { tokens: oidcTokenVerifier({ issuer, clientId, clock: input.clock }) }
      : {}),
    ...(codec ? { codec } : {}),
    notifier,
    cityName: city.cityName,
  };
}

/** A channel whose adapter the infrastructure has not wired yet fails loudly, never silently. */
const notWired = (what: string): Notifier => ({
  send: () => Promise.reject(new Error(`${what} is not wired in this deployment yet`)),
});

function notifierFor(
  config: NotificationsConfig,
  outbox: Notifier,
  env: NodeJS.ProcessEnv,
): Notifier {
  const webhookSecret = env.SMS_WEBHOOK_SECRET;
  const sms =
    config.sms.kind === 'outbox'
      ? outbox
      : config.sms.kind === 'webhook'
        ? webhookSecret
          ? smsWebhook({ url: config.sms.url, signingSecret: webhookSecret })
          : notWired('the SMS webhook (SMS_WEBHOOK_SECRET)')
        : snsSms({ client: new SNSClient({}) });
  const mail = config.email;
  const email =
    mail.kind === 'outbox'
      ? outbox
      : mail.kind === 'smtp'
        ? loadedOnFirstSend(async () =>
            (await import('#adapters/notify/smtp.ts')).smtp({
              host: mail.host,
              port: mail.port,
              from: mail.from,
              username: env.SMTP_USERNAME,
              password: env.SMTP_PASSWORD,
            }),
          )
        : sesEmail({ from: mail.from, client: new SESv2Client({}) });
  return byChannel({ sms, email });
}

/** A notifier whose module loads with its first message (most requests send none). */
function loadedOnFirstSend(load: () => Promise<Notifier>): Notifier {
  let loaded: Promise<Notifier> | undefined;
  return {
    async send(message) {
      loaded ??= load();
      loaded.catch(() => {
        loaded = undefined;
      });
      return (await loaded).send(message);
    },
  };
}

// What every API function's Lambda entry does once per cold start: load the channel secrets, then build its app.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { handle } from 'hono/aws-lambda';
import { loadChannelSecrets } from '#adapters/secrets/channel-secrets.ts';
import { systemClock } from '#domain/time.ts';
import type { AppDeps } from './app.ts';
import { appFromEnvironment } from './environment.ts';
import type { RouteGroup } from './route-context.ts';

/** The API Gateway (HTTP API) handler serving `groups`. */
export async function lambdaHandler(
  groups: readonly RouteGroup[],
  options: Pick<AppDeps, 'apiDocument'> = {},
) {
  // Before the app reads its settings: the channel secrets the stack names.
  await loadChannelSecrets(process.env, () => new SecretsManagerClient({}));
  return handle(appFromEnvironment(groups, { clock: systemClock, ...options }));
}

// Lambda entry of the admin function: /api/admin/* (groups/admin.ts), from API Gateway (HTTP API) events.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { handle } from 'hono/aws-lambda';
import { loadChannelSecrets } from '#adapters/secrets/channel-secrets.ts';
import { appFromEnvironment } from './environment.ts';
import { adminRoutes } from './groups/admin.ts';

// Once per cold start, before the app reads its settings: the channel secrets the stack names.
await loadChannelSecrets(process.env, () => new SecretsManagerClient({}));

export const handler = handle(appFromEnvironment([adminRoutes]));

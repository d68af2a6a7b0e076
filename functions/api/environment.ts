// Builds the app from environment variables, read once and checked at start (fail fast).
import { SFNClient } from '@aws-sdk/client-sfn';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createTable } from '#adapters/dynamo/table-client.ts';
import { ATTACHMENTS_BUCKET_ENV, s3UploadTarget } from '#adapters/s3/upload-target.ts';
import { stepFunctionsCaseWorkflow } from '#adapters/sfn/case-workflow.ts';
import { describeStateMachine } from '#adapters/sfn/state-machine.ts';
import { systemClock } from '#domain/time.ts';
import { type AppDeps, createApp } from './app.ts';
import type { AppEnv } from './app-env.ts';
import { identityFromEnvironment } from './identity-environment.ts';
import { createLogger } from './logger.ts';
import type { RouteGroup } from './route-context.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is required`);
  return value;
}

function optionalOrigin(name: string): string | undefined {
  const value = process.env[name];
  if (!value) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    throw new Error(`Environment variable ${name} must be a URL, got "${value}"`);
  }
}

/**
 * The app of the given route groups as both runtimes run it: TABLE_NAME, CITY, and optionally SITE_ORIGIN, OIDC_ISSUER (with
 * OIDC_CLIENT_ID), the personal-data key (identity-environment.ts) and ATTACHMENTS_BUCKET.
 * Local mode passes only what AWS has no counterpart for (the controllable clock, the local
 * upload target).
 */
export function appFromEnvironment(
  groups: readonly RouteGroup[],
  local: Pick<
    AppDeps,
    'clock' | 'devClock' | 'healthChecks' | 'devOutbox' | 'uploads' | 'devUploads' | 'apiDocument'
  > = {
    clock: systemClock,
  },
): OpenAPIHono<AppEnv> {
  const cityId = required('CITY');
  const table = createTable(required('TABLE_NAME'));
  return createApp(
    {
      cityId,
      table,
      ...identityFromEnvironment({ cityId, table, clock: local.clock }),
      logger: createLogger(),
      siteOrigin: optionalOrigin('SITE_ORIGIN'),
      issuerOrigin: optionalOrigin('OIDC_ISSUER'),
      ...signInFromEnvironment(),
      ...uploadsFromEnvironment(local.clock),
      ...workflowFromEnvironment(),
      ...local,
      healthChecks: [...workflowHealthChecks(), ...(local.healthChecks ?? [])],
    },
    groups,
  );
}

/** With OIDC_ISSUER and OIDC_CLIENT_ID set (both runtimes), the staff pages' sign-in. */
function signInFromEnvironment(): Pick<AppDeps, 'signIn'> {
  const issuer = process.env.OIDC_ISSUER;
  const clientId = process.env.OIDC_CLIENT_ID;
  return issuer && clientId ? { signIn: { issuer, clientId } } : {};
}

/** With ATTACHMENTS_BUCKET set (AWS), uploads go to that bucket in the function's region. */
function uploadsFromEnvironment(clock: AppDeps['clock']): Pick<AppDeps, 'uploads'> {
  const bucket = process.env[ATTACHMENTS_BUCKET_ENV];
  if (!bucket) return {};
  return { uploads: s3UploadTarget({ bucket, region: required('AWS_REGION'), clock }) };
}

/** With STATE_MACHINE_ARN set (both runtimes), cases run on that state machine. */
function workflowFromEnvironment(): Pick<AppDeps, 'workflow'> {
  const stateMachineArn = process.env.STATE_MACHINE_ARN;
  return stateMachineArn ? { workflow: stepFunctionsCaseWorkflow(stateMachineArn) } : {};
}

/** With STATE_MACHINE_ARN set (both runtimes), /api/health also waits for the workflow engine. */
function workflowHealthChecks(): NonNullable<AppDeps['healthChecks']> {
  const stateMachineArn = process.env.STATE_MACHINE_ARN;
  if (!stateMachineArn) return [];
  const client = new SFNClient({});
  return [{ name: 'workflow', check: () => describeStateMachine(stateMachineArn, client) }];
}

// Builds the app from environment variables, read once and checked at start (fail fast).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createTable } from '#adapters/dynamo/table-client.ts';
import { systemClock } from '#domain/time.ts';
import { type AppDeps, createApp } from './app.ts';
import type { AppEnv } from './app-env.ts';
import { createLogger } from './logger.ts';

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
 * The app as both runtimes run it: TABLE_NAME, CITY, and optionally SITE_ORIGIN and OIDC_ISSUER.
 * Local mode passes only what AWS has no counterpart for (the controllable clock).
 */
export function appFromEnvironment(
  local: Pick<AppDeps, 'clock' | 'devClock' | 'healthChecks'> = { clock: systemClock },
): OpenAPIHono<AppEnv> {
  return createApp({
    cityId: required('CITY'),
    table: createTable(required('TABLE_NAME')),
    logger: createLogger(),
    siteOrigin: optionalOrigin('SITE_ORIGIN'),
    issuerOrigin: optionalOrigin('OIDC_ISSUER'),
    ...local,
  });
}

// What route groups are built from: the app's adapters and the per-resource dependencies, made once per process.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { CaseWorkflow } from '#adapters/case-workflow.port.ts';
import { dynamoOutbox } from '#adapters/dynamo/outbox.ts';
import type { PersonalDataCodec } from '#adapters/personal-data.port.ts';
import { ServiceUnavailable } from '#domain/errors.ts';
import type { AppDeps, AppServices } from './app.ts';
import type { AppEnv } from './app-env.ts';
import type { HealthCheck } from './routes/health.ts';

/**
 * Mounts one audience's routes on the app. A Lambda function imports only its own group, so its
 * bundle holds only that audience's code (docs/architecture.md, "One function per audience").
 */
export type RouteGroup = (app: OpenAPIHono<AppEnv>, context: RouteContext) => void;

export type RouteContext = ReturnType<typeof routeContext>;

export function routeContext(deps: AppDeps, services: AppServices, checks: HealthCheck[]) {
  return {
    deps,
    services,
    checks,
    cityName: deps.cityName ?? deps.cityId,
    codec: deps.codec ?? unconfiguredCodec,
    notifier: deps.notifier ?? dynamoOutbox(deps.table, deps.clock),
    workflow: deps.workflow ?? unconfiguredWorkflow,
    reportError: (what: string, error: unknown) =>
      deps.logger.warn(what, { error: error instanceof Error ? error.message : String(error) }),
    // Checked against the table's version on every use (city-catalogue.ts): edits apply at once.
    catalogue: () => services.catalogue(),
  };
}

/** Refuses every use: a case never exists without the workflow that runs it. */
const unconfiguredWorkflow: CaseWorkflow = {
  start: () => Promise.reject(new ServiceUnavailable()),
  complete: () => Promise.reject(new ServiceUnavailable()),
};

/** Refuses every use: personal data is never stored unencrypted for want of a key. */
const unconfiguredCodec: PersonalDataCodec = {
  seal: () => Promise.reject(new Error('no personal-data key configured')),
  open: () => Promise.reject(new Error('no personal-data key configured')),
  blindIndex: () => Promise.reject(new Error('no personal-data key configured')),
  mac: () => Promise.reject(new Error('no personal-data key configured')),
};

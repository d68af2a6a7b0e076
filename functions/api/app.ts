// The Hono app: the same module serves Lambda (lambda.ts) and the local server (infra/local).
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import type { CaseWorkflow } from '#adapters/case-workflow.port.ts';
import type { CityStore } from '#adapters/city-store.port.ts';
import { dynamoCityStore } from '#adapters/dynamo/city-store.ts';
import { dynamoIdempotencyStore } from '#adapters/dynamo/idempotency-store.ts';
import { dynamoStaffAccountStore } from '#adapters/dynamo/staff-account-store.ts';
import { describeTable, type Table } from '#adapters/dynamo/table-client.ts';
import type { IdempotencyStore } from '#adapters/idempotency-store.port.ts';
import type { Notifier, OutboxReader } from '#adapters/notifier.port.ts';
import type { PersonalDataCodec } from '#adapters/personal-data.port.ts';
import type { TokenVerifier } from '#adapters/token-verifier.port.ts';
import type { UploadReceiver, UploadTarget } from '#adapters/upload-target.port.ts';
import type { AccessRule } from '#domain/access.ts';
import { PayloadTooLarge } from '#domain/errors.ts';
import type { Clock } from '#domain/time.ts';
import { accessRules } from './access-rules.ts';
import type { AppEnv } from './app-env.ts';
import { type VersionedCatalogue, versionedCatalogue } from './city-catalogue.ts';
import { onError } from './http-errors.ts';
import type { AppLogger } from './logger.ts';
import { notFoundOr405 } from './method-not-allowed.ts';
import { authorization } from './middleware/authorization.ts';
import { type RouteGroup, routeContext } from './route-context.ts';
import type { ControllableClock } from './routes/dev-clock.ts';
import type { HealthCheck } from './routes/health.ts';
import type { SignInConfig } from './routes/sign-in.ts';
import { isUploadContentRequest } from './routes/upload-content.ts';
import { securityHeaders } from './security-headers.ts';

/** Request bodies above this answer 413 (a local upload's bytes have their own route and limit). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface AppDeps {
  cityId: string;
  /** The city's name for messages residents receive (【吴忠市】…); the id when absent. */
  cityName?: string;
  table: Table;
  clock: Clock;
  logger: AppLogger;
  /** The site's origin when it differs from the API's (CORS allows it alone). */
  siteOrigin?: string;
  /** The staff OIDC issuer's origin, named in the CSP. */
  issuerOrigin?: string;
  /** Where the staff pages sign in (GET /api/sign-in): OIDC_ISSUER and OIDC_CLIENT_ID. */
  signIn?: SignInConfig;
  /** Engines beyond the table that must answer before /api/health says ok. */
  healthChecks?: HealthCheck[];
  /** Local runtime only: mounts /api/dev/clock. */
  devClock?: ControllableClock;
  /** Checks staff ID tokens; without it every staff route answers 401. */
  tokens?: TokenVerifier;
  /** Seals and finds personal numbers, derives residents' codes (docs/identity-and-privacy.md). */
  codec?: PersonalDataCodec;
  /** SMS and e-mail; the table's outbox when absent. */
  notifier?: Notifier;
  /** Local runtime only: mounts /api/dev/outbox. */
  devOutbox?: OutboxReader;
  /** Where residents' attachments go (S3, or DATA_DIR locally); without it POST /api/uploads answers 503. */
  uploads?: UploadTarget;
  /** Local runtime only: mounts PUT /api/uploads/{uploadId}/content, where the local target's links point. */
  devUploads?: UploadReceiver;
  /** The engine running each case's workflow; without it filing and step actions answer 503. */
  workflow?: CaseWorkflow;
  /** Who may call each route; `accessRules` unless an app adds routes of its own (tests). */
  accessRules?: readonly AccessRule[];
  /**
   * What GET /api/openapi.json serves when the app holds only some route groups (a Lambda
   * function): the whole API's document (openapi-document.ts). Without it, the app's own.
   */
  apiDocument?: () => Promise<unknown>;
}

/** What route modules and middleware get from the app: adapters built once per process. */
export interface AppServices {
  cities: CityStore;
  idempotency: IdempotencyStore;
  /** The city's config and roster, checked against the table's version on every use. */
  catalogue: VersionedCatalogue;
}

export function createApp(deps: AppDeps, groups: readonly RouteGroup[]): OpenAPIHono<AppEnv> {
  const cities = dynamoCityStore(deps.table);
  const services: AppServices = {
    cities,
    idempotency: dynamoIdempotencyStore(deps.table),
    catalogue: versionedCatalogue(cities, deps.cityId),
  };
  const app = new OpenAPIHono<AppEnv>();

  app.use(
    requestId({
      // On Lambda, reuse API Gateway's id so its access log and ours line up.
      generator: (c) => c.env?.event?.requestContext?.requestId ?? crypto.randomUUID(),
    }),
  );
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Path only: query strings may carry references and must not reach the logs.
    deps.logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  app.use(securityHeaders({ issuerOrigin: deps.issuerOrigin, uploadOrigin: deps.uploads?.origin }));
  if (deps.siteOrigin) {
    app.use(
      '/api/*',
      cors({
        origin: [deps.siteOrigin],
        allowHeaders: [
          'Content-Type',
          'Authorization',
          'Idempotency-Key',
          'If-Match',
          'X-Tracking-Code',
          'Accept-Language',
        ],
        exposeHeaders: ['ETag', 'Idempotent-Replayed', 'Retry-After', 'X-Request-Id', 'Location'],
        maxAge: 600,
      }),
    );
  }
  const jsonBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new PayloadTooLarge({ maxBytes: MAX_BODY_BYTES });
    },
  });
  // A local upload's bytes have their route's own limit (10 MB).
  app.use((c, next) =>
    deps.devUploads && isUploadContentRequest(c.req.method, c.req.path)
      ? next()
      : jsonBodyLimit(c, next),
  );

  const checks: HealthCheck[] = [
    { name: 'table', check: () => describeTable(deps.table) },
    ...(deps.healthChecks ?? []),
  ];
  // The same version check as every catalogue use: an edited regions tree scopes at once.
  const regions = services.catalogue.regions;
  app.use(
    '/api/*',
    authorization({
      rules: deps.accessRules ?? accessRules,
      tokens: deps.tokens,
      accounts: dynamoStaffAccountStore(deps.table),
      regions,
      routes: () => app.routes,
      logger: deps.logger,
    }),
  );
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An OIDC ID token of the configured issuer (Cognito or the agency’s IdP)',
  });

  const context = routeContext(deps, services, checks);
  // Each Lambda function serves one audience's routes (functions/api/groups/); the local server
  // and the tests serve them all (groups/all.ts).
  for (const group of groups) group(app, context);

  app.notFound(notFoundOr405(app));
  app.onError(onError(deps.logger));
  return app;
}

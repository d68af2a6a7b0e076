// The Hono app: the same module serves Lambda (lambda.ts) and the local server (infra/local).
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import type { CityStore } from '#adapters/city-store.port.ts';
import { dynamoCityStore } from '#adapters/dynamo/city-store.ts';
import { dynamoIdempotencyStore } from '#adapters/dynamo/idempotency-store.ts';
import { describeTable, type Table } from '#adapters/dynamo/table-client.ts';
import type { IdempotencyStore } from '#adapters/idempotency-store.port.ts';
import { PayloadTooLarge } from '#domain/errors.ts';
import type { Clock } from '#domain/time.ts';
import type { AppEnv } from './app-env.ts';
import { onError } from './http-errors.ts';
import type { AppLogger } from './logger.ts';
import { notFoundOr405 } from './method-not-allowed.ts';
import { cityRoutes } from './routes/city.ts';
import { type ControllableClock, devClockRoutes } from './routes/dev-clock.ts';
import { type HealthCheck, healthRoutes } from './routes/health.ts';
import { securityHeaders } from './security-headers.ts';

/** Request bodies above this answer 413 (uploads will have their own route and limit). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface AppDeps {
  cityId: string;
  table: Table;
  clock: Clock;
  logger: AppLogger;
  /** The site's origin when it differs from the API's (CORS allows it alone). */
  siteOrigin?: string;
  /** The staff OIDC issuer's origin, named in the CSP. */
  issuerOrigin?: string;
  /** Engines beyond the table that must answer before /api/health says ok. */
  healthChecks?: HealthCheck[];
  /** Local runtime only: mounts /api/dev/clock. */
  devClock?: ControllableClock;
}

/** What route modules and middleware get from the app: adapters built once per process. */
export interface AppServices {
  cities: CityStore;
  idempotency: IdempotencyStore;
}

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const services: AppServices = {
    cities: dynamoCityStore(deps.table),
    idempotency: dynamoIdempotencyStore(deps.table),
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
  app.use(securityHeaders({ issuerOrigin: deps.issuerOrigin }));
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
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new PayloadTooLarge({ maxBytes: MAX_BODY_BYTES });
      },
    }),
  );

  const checks: HealthCheck[] = [
    { name: 'table', check: () => describeTable(deps.table) },
    ...(deps.healthChecks ?? []),
  ];
  app.route('/', healthRoutes(checks));
  app.route('/', cityRoutes({ cities: services.cities, cityId: deps.cityId }));
  if (deps.devClock) app.route('/', devClockRoutes(deps.devClock));

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Fengqiao API',
      version: '0.1.0',
      description:
        'Public legal services and mediation. Conventions (errors, idempotency, codes, time): CONTRACT.md and docs/errors.md.',
    },
    tags: [
      { name: 'city', description: 'The city, its regions and services' },
      { name: 'operations', description: 'Health' },
      { name: 'local only', description: 'Present only in the local runtime' },
    ],
  });

  app.notFound(notFoundOr405(app));
  app.onError(onError(deps.logger));
  return app;
}

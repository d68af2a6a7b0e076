// What route groups are built from: the app's adapters and the per-resource dependencies, made once per process.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { CaseWorkflow } from '#adapters/case-workflow.port.ts';
import type { CityStore } from '#adapters/city-store.port.ts';
import { dynamoBookingStore } from '#adapters/dynamo/booking-store.ts';
import { dynamoCaseStore } from '#adapters/dynamo/case-store.ts';
import { dynamoOutbox } from '#adapters/dynamo/outbox.ts';
import {
  dynamoAttemptStore,
  dynamoPartyContactStore,
  dynamoRecoveryOtpStore,
} from '#adapters/dynamo/party-contact-store.ts';
import { dynamoUploadStore } from '#adapters/dynamo/upload-store.ts';
import type { PersonalDataCodec } from '#adapters/personal-data.port.ts';
import { ServiceUnavailable } from '#domain/errors.ts';
import { checkAttachments, keepAttachments } from '#use-cases/uploads.ts';
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
  const cityName = deps.cityName ?? deps.cityId;
  const codec = deps.codec ?? unconfiguredCodec;
  const notifier = deps.notifier ?? dynamoOutbox(deps.table, deps.clock);
  const reportError = (what: string, error: unknown) =>
    deps.logger.warn(what, { error: error instanceof Error ? error.message : String(error) });
  const attempts = dynamoAttemptStore(deps.table);
  const otps = dynamoRecoveryOtpStore(deps.table);
  const contactStore = dynamoPartyContactStore(deps.table);
  const catalogue = cachedCatalogue(services.cities, deps.cityId);

  const contactDeps = {
    contacts: contactStore,
    attempts,
    otps,
    codec,
    notifier,
    idempotency: services.idempotency,
    clock: deps.clock,
    cityName,
    reportError,
  };
  const bookingDeps = {
    catalogue,
    bookings: dynamoBookingStore(deps.table),
    attempts,
    codec,
    notifier,
    idempotency: services.idempotency,
    clock: deps.clock,
    cityName,
    reportError,
  };
  // Attachments: the case intake checks the listed uploads with these same deps (checkAttachments).
  const uploadDeps = {
    uploads: dynamoUploadStore(deps.table),
    target: deps.uploads,
    clock: deps.clock,
  };
  const caseDeps = {
    cityId: deps.cityId,
    // The same 10-second cache as bookings: tracking a case reads the city's names on every GET.
    cities: { readCity: async () => (await catalogue()).city },
    cases: dynamoCaseStore(deps.table),
    codec,
    notifier,
    workflow: deps.workflow ?? unconfiguredWorkflow,
    clock: deps.clock,
    cityName,
    idempotency: services.idempotency,
    attempts,
    otps,
    reportError,
    checkAttachments: (ids: string[]) => checkAttachments(uploadDeps, ids),
    keepAttachments: (ids: string[]) => keepAttachments(uploadDeps, ids),
    bookings: bookingDeps.bookings,
  };
  return {
    deps,
    services,
    checks,
    cityName,
    catalogue,
    contactStore,
    contactDeps,
    bookingDeps,
    uploadDeps,
    caseDeps,
  };
}

/** The city's run-time config and roster, read at most every 10 s (slots read them on every query). */
function cachedCatalogue(cities: CityStore, cityId: string) {
  type Catalogue = {
    city: NonNullable<Awaited<ReturnType<CityStore['readCity']>>>;
    roster: Awaited<ReturnType<CityStore['readRoster']>>;
  };
  let cached: { until: number; value: Promise<Catalogue> } | undefined;
  return () => {
    if (!cached || cached.until < Date.now()) {
      const value = Promise.all([cities.readCity(cityId), cities.readRoster(cityId)]).then(
        ([city, roster]) => {
          if (!city) throw new ServiceUnavailable();
          return { city, roster };
        },
      );
      value.catch(() => {
        cached = undefined;
      });
      cached = { until: Date.now() + 10_000, value };
    }
    return cached.value;
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

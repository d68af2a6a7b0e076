// Residents' and public routes: the city, bookings, filing and tracking cases, uploads, health and the API document.
import { OPENAPI_DOCUMENT_CONFIG } from '../openapi-config.ts';
import type { RouteGroup } from '../route-context.ts';
import { bookingRoutes } from '../routes/bookings.ts';
import { caseRoutes } from '../routes/cases.ts';
import { cityRoutes } from '../routes/city.ts';
import { devClockRoutes } from '../routes/dev-clock.ts';
import { devOutboxRoutes } from '../routes/dev-outbox.ts';
import { healthRoutes } from '../routes/health.ts';
import { residentContactRoutes } from '../routes/resident-contacts.ts';
import { uploadContentRoutes } from '../routes/upload-content.ts';
import { uploadRoutes } from '../routes/uploads.ts';

export const publicRoutes: RouteGroup = (app, context) => {
  const { deps, services } = context;
  app.route('/', healthRoutes(context.checks));
  app.route('/', cityRoutes({ cities: services.cities, cityId: deps.cityId }));
  if (deps.devClock) app.route('/', devClockRoutes(deps.devClock));
  if (deps.devOutbox) app.route('/', devOutboxRoutes(deps.devOutbox));
  app.route('/', residentContactRoutes(context.contactDeps));
  app.route(
    '/',
    bookingRoutes({
      ...context.bookingDeps,
      otps: context.contactDeps.otps,
      // Recovering a booking's code is audited like a contact's (AUDIT#<reference>).
      audit: (entry) => context.contactStore.audit(entry),
    }),
  );
  app.route('/', caseRoutes(context.caseDeps));
  app.route('/', uploadRoutes({ ...context.uploadDeps, idempotency: services.idempotency }));
  if (deps.devUploads) app.route('/', uploadContentRoutes(deps.devUploads));
  // The whole API's document, staff and admin routes included: in a function bundle it is the
  // one generated at build time (infra/bundling/openapi-prebuilt.ts).
  app.doc31('/api/openapi.json', OPENAPI_DOCUMENT_CONFIG);
};

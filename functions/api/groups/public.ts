// Residents' and public routes: the city, bookings, filing and tracking cases, uploads, health and the API document.
import { OPENAPI_DOCUMENT_CONFIG } from '../openapi-config.ts';
import type { RouteGroup } from '../route-context.ts';
import { bookingDepsOf, caseDepsOf, contactDepsOf, uploadDepsOf } from '../route-deps.ts';
import { bookingRoutes } from '../routes/bookings.ts';
import { caseRoutes } from '../routes/cases.ts';
import { cityRoutes } from '../routes/city.ts';
import { devClockRoutes } from '../routes/dev-clock.ts';
import { devOutboxRoutes } from '../routes/dev-outbox.ts';
import { figuresRoutes } from '../routes/figures.ts';
import { healthRoutes } from '../routes/health.ts';
import { recusalDepsOf } from '../routes/recusal-deps.ts';
import { residentContactRoutes } from '../routes/resident-contacts.ts';
import { residentRecusalRoutes } from '../routes/resident-recusal.ts';
import { signInRoutes } from '../routes/sign-in.ts';
import { statisticsDepsOf } from '../routes/statistics-deps.ts';
import { uploadContentRoutes } from '../routes/upload-content.ts';
import { uploadRoutes } from '../routes/uploads.ts';

export const publicRoutes: RouteGroup = (app, context) => {
  const { deps, services } = context;
  app.route('/', healthRoutes(context.checks));
  app.route('/', cityRoutes({ cities: services.cities, cityId: deps.cityId }));
  app.route('/', figuresRoutes(statisticsDepsOf(context)));
  app.route('/', signInRoutes(deps.signIn));
  if (deps.devClock) app.route('/', devClockRoutes(deps.devClock));
  if (deps.devOutbox) app.route('/', devOutboxRoutes(deps.devOutbox));
  app.route('/', residentContactRoutes(contactDepsOf(context)));
  app.route(
    '/',
    bookingRoutes({
      ...bookingDepsOf(context),
      otps: contactDepsOf(context).otps,
      // Recovering a booking's code is audited like a contact's (AUDIT#<reference>).
      audit: (entry) => contactDepsOf(context).contacts.audit(entry),
    }),
  );
  app.route('/', caseRoutes(caseDepsOf(context)));
  app.route('/', residentRecusalRoutes(recusalDepsOf(context, caseDepsOf(context))));
  app.route('/', uploadRoutes({ ...uploadDepsOf(context), idempotency: services.idempotency }));
  if (deps.devUploads) app.route('/', uploadContentRoutes(deps.devUploads));
  // The whole API's document, staff and admin routes included: an app of every group (the local
  // runtime) documents itself; the public function serves `apiDocument` (openapi-document.ts).
  const { apiDocument } = deps;
  if (apiDocument) app.get('/api/openapi.json', async (c) => c.json(await apiDocument()));
  else app.doc31('/api/openapi.json', OPENAPI_DOCUMENT_CONFIG);
};

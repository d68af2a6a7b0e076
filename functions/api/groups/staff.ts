// Signed-in staff's routes (/api/staff/*): their account, contacts, bookings and cases.
import type { RouteGroup } from '../route-context.ts';
import { bookingDepsOf, caseDepsOf, contactDepsOf } from '../route-deps.ts';
import { partyContactRoutes } from '../routes/party-contacts.ts';
import { staffRoutes as staffAccountRoutes } from '../routes/staff.ts';
import { staffBookingRoutes } from '../routes/staff-bookings.ts';
import { staffCaseRoutes } from '../routes/staff-cases.ts';

/** Mount new /api/staff/* route modules here (one `app.route` line each). */
export const staffRoutes: RouteGroup = (app, context) => {
  const { deps, services } = context;
  app.route('/', staffAccountRoutes({ cities: services.cities, cityId: deps.cityId }));
  app.route('/', partyContactRoutes(contactDepsOf(context)));
  app.route('/', staffBookingRoutes(bookingDepsOf(context)));
  app.route('/', staffCaseRoutes(caseDepsOf(context)));
};

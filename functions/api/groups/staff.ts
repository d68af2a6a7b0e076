// Signed-in staff's routes (/api/staff/*): their account, contacts, bookings and cases.

import { auditedCaseDepsOf } from '../audited-deps.ts';
import { auditTrailOf } from '../middleware/audit-trail.ts';
import type { RouteGroup } from '../route-context.ts';
import { bookingDepsOf, contactDepsOf } from '../route-deps.ts';
import { partyContactRoutes } from '../routes/party-contacts.ts';
import { recusalDepsOf } from '../routes/recusal-deps.ts';
import { staffRoutes as staffAccountRoutes } from '../routes/staff.ts';
import { staffBookingRoutes } from '../routes/staff-bookings.ts';
import { staffCaseRoutes } from '../routes/staff-cases.ts';
import { staffPanelRoutes } from '../routes/staff-panel.ts';
import { staffRecusalRoutes } from '../routes/staff-recusals.ts';
import { staffWorkRoutes } from '../routes/staff-work.ts';
import { staffWorkDepsOf } from '../routes/staff-work-deps.ts';

/** Mount new /api/staff/* route modules here (one `app.route` line each). */
export const staffRoutes: RouteGroup = (app, context) => {
  const { deps, services } = context;
  // Before every route: each successful write is audited (middleware/audit-trail.ts).
  app.use('/api/staff/*', auditTrailOf(context));
  app.route('/', staffAccountRoutes({ cities: services.cities, cityId: deps.cityId }));
  app.route('/', partyContactRoutes(contactDepsOf(context)));
  app.route('/', staffBookingRoutes(bookingDepsOf(context)));
  const cases = auditedCaseDepsOf(context);
  const work = staffWorkDepsOf(context);
  app.route('/', staffCaseRoutes({ ...cases, room: work.room, catalogue: context.catalogue }));
  app.route(
    '/',
    staffPanelRoutes({
      ...cases,
      catalogue: context.catalogue,
      bookings: bookingDepsOf(context).bookings,
    }),
  );
  app.route('/', staffWorkRoutes(work));
  app.route('/', staffRecusalRoutes(recusalDepsOf(context, cases)));
};

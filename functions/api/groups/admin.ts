// The agency's routes (/api/admin/*): setup, staff accounts and rosters, statistics, supervision.
import { dynamoAuditLog } from '#adapters/dynamo/audit-log-store.ts';
import { auditedCaseDepsOf } from '../audited-deps.ts';
import { auditTrailOf } from '../middleware/audit-trail.ts';
import type { RouteGroup } from '../route-context.ts';
import { adminRosterRoutes } from '../routes/admin-roster.ts';
import { adminSetupRoutes } from '../routes/admin-setup.ts';
import { adminSetupDepsOf } from '../routes/admin-setup-deps.ts';
import { adminStaffAccountRoutes } from '../routes/admin-staff-accounts.ts';
import { adminStatsRoutes } from '../routes/admin-stats.ts';
import { adminSupervisionRoutes } from '../routes/admin-supervision.ts';
import { auditLogRoutes } from '../routes/audit-log.ts';
import { handoverRoutes } from '../routes/handover.ts';
import { recusalDepsOf } from '../routes/recusal-deps.ts';

/** Mount new /api/admin/* route modules here (one `app.route` line each). */
export const adminRoutes: RouteGroup = (app, context) => {
  // Before every route: each successful write is audited (middleware/audit-trail.ts).
  app.use('/api/admin/*', auditTrailOf(context));
  app.route(
    '/',
    auditLogRoutes({ log: dynamoAuditLog(context.deps.table), clock: context.deps.clock }),
  );
  app.route('/', handoverRoutes(recusalDepsOf(context, auditedCaseDepsOf(context))));
  app.route('/', adminSupervisionRoutes(context));
  app.route('/', adminSetupRoutes(adminSetupDepsOf(context).setup));
  app.route('/', adminRosterRoutes(adminSetupDepsOf(context).setup));
  app.route('/', adminStaffAccountRoutes(adminSetupDepsOf(context).accounts));
  app.route('/', adminStatsRoutes(context));
};

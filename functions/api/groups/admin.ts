// The agency's routes (/api/admin/*): setup, staff accounts and rosters, statistics, supervision.
import type { RouteGroup } from '../route-context.ts';

/** Mount new /api/admin/* route modules here (one `app.route` line each). */
export const adminRoutes: RouteGroup = (_app, _context) => {};

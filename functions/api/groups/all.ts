// Every route group: what the local server, the tests and the API document serve in one app.
import type { RouteGroup } from '../route-context.ts';
import { adminRoutes } from './admin.ts';
import { publicRoutes } from './public.ts';
import { staffRoutes } from './staff.ts';

export const everyRouteGroup: readonly RouteGroup[] = [publicRoutes, staffRoutes, adminRoutes];

// Lambda entry of the admin function: /api/admin/* (groups/admin.ts).
import { adminRoutes } from './groups/admin.ts';
import { lambdaHandler } from './lambda-entry.ts';

export const handler = await lambdaHandler([adminRoutes]);

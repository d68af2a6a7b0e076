// Lambda entry of the staff function: /api/staff/* (groups/staff.ts).
import { staffRoutes } from './groups/staff.ts';
import { lambdaHandler } from './lambda-entry.ts';

export const handler = await lambdaHandler([staffRoutes]);

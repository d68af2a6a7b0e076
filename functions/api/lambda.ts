// Lambda entry of the public function: residents' and public routes (groups/public.ts).
import { publicRoutes } from './groups/public.ts';
import { lambdaHandler } from './lambda-entry.ts';

export const handler = await lambdaHandler([publicRoutes]);

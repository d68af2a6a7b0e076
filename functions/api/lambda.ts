// Lambda entry of the public function: residents' and public routes (groups/public.ts).
import { publicRoutes } from './groups/public.ts';
import { lambdaHandler } from './lambda-entry.ts';
import { wholeApiDocument } from './openapi-document.ts';

// GET /api/openapi.json documents the whole API, the staff and admin functions' routes included.
export const handler = await lambdaHandler([publicRoutes], { apiDocument: wholeApiDocument });

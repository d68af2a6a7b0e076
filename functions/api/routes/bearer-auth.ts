// What every staff route documents about its bearer token: the security requirement and the 401/403 answers (CONTRACT.md). Its own module, so a route that reads it pulls in no staff schema.
import { ErrorResponse } from '../http-errors.ts';
import { json } from '../schemas.ts';

export const staffErrors = {
  401: {
    description: 'No valid token, or the account is unknown or disabled',
    content: json(ErrorResponse),
  },
  403: { description: 'Outside the caller’s role or region', content: json(ErrorResponse) },
} as const;
export const bearer = [{ bearerAuth: [] }];

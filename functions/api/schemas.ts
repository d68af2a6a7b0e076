// Schemas and OpenAPI helpers every route shares: residents' input rules (CONTRACT.md) and response content.
import { z } from '@hono/zod-openapi';
import { normalizeIdNumber, normalizeMobile } from '#domain/personal-data.ts';
import { ErrorResponse } from './http-errors.ts';

/** A JSON body or response of this schema, for createRoute. */
export const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

/** An error response in the documented shape. */
export const errorContent = (description: string) => ({
  description,
  content: json(ErrorResponse),
});

/** Mobile numbers accept +86, spaces and dashes and become 11 digits (CONTRACT.md). */
export const Mobile = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const mobile = normalizeMobile(value);
    if (!mobile) {
      ctx.addIssue({
        code: 'custom',
        message: 'a mainland mobile number: 11 digits starting 13–19',
      });
      return z.NEVER;
    }
    return mobile;
  })
  .openapi({ type: 'string', example: '+86 138-1234-5678' });

/** A resident ID number: 18 characters with a valid GB 11643 check digit. */
export const IdNumber = z
  .string()
  .max(32)
  .transform((value, ctx) => {
    const id = normalizeIdNumber(value);
    if (!id) {
      ctx.addIssue({
        code: 'custom',
        message: '18 characters with a valid check digit (GB 11643)',
      });
      return z.NEVER;
    }
    return id;
  })
  .openapi({ type: 'string', example: '64030219900101123X' });

/** 1–30 characters, '·' allowed (阿依古丽·买买提). */
export const PersonName = z.string().trim().min(1).max(30);

/** An ASCII code of the city's config (a category, service, point, region: CONTRACT.md). */
export const ConfigCode = z
  .string()
  .max(64)
  .regex(/^[a-z0-9_-]+$/);

/** The header residents' routes read their code from (GET and POST alike). */
export const TrackingCodeHeader = z.object({ 'X-Tracking-Code': z.string().optional() });

// The agency's read of the audit log: a business day's entries or a target's, newest first, by actor too, page by page. There is no route that changes an entry.
import { createRoute, z } from '@hono/zod-openapi';
import type { AuditLog } from '#adapters/audit-log.port.ts';
import type { AuditEntry } from '#domain/audit.ts';
import { CASE_NUMBER_PATTERN } from '#domain/case.ts';
import { ValidationFailed } from '#domain/errors.ts';
import { businessDate, type Clock } from '#domain/time.ts';
import { isIsoDate } from '#domain/working-days.ts';
import { newRouter } from '../router.ts';
import { errorContent, json } from '../schemas.ts';
import { bearer, staffErrors } from './bearer-auth.ts';

const Entry = z
  .object({
    id: z.string(),
    at: z.string(),
    date: z.string(),
    actor: z.object({
      subject: z.string(),
      issuer: z.string().optional(),
      name: z.string(),
      roles: z.array(z.string()),
      rosterMemberId: z.string().nullable().optional(),
    }),
    action: z.string().openapi({ example: 'cases.diagnosis' }),
    method: z.string(),
    route: z.string().openapi({ example: '/api/staff/cases/:caseNumber/diagnosis' }),
    target: z.object({ type: z.string(), id: z.string() }).nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    summary: z.record(z.string(), z.unknown()).optional(),
    status: z.number().int().optional(),
    requestId: z.string().optional(),
  })
  .openapi('AuditEntry');

/** `case:WZ-2026-000001` as given; a bare case number, contact or booking reference gets its type. */
function targetOf(value: string): string {
  const trimmed = value.trim();
  if (trimmed.includes(':')) return trimmed;
  const upper = trimmed.toUpperCase();
  if (CASE_NUMBER_PATTERN.test(upper)) return `case:${upper}`;
  if (/^PC[0-9A-Z]{8}$/.test(upper)) return `contact:${upper}`;
  if (/^BK[0-9A-Z]{8}$/.test(upper)) return `booking:${upper}`;
  return `roster_member:${trimmed}`;
}

export function auditLogRoutes(deps: { log: AuditLog; clock: Clock }) {
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/audit',
      summary:
        'The audit log of a business day, or of one target: who did what, when, to what, before and after',
      description:
        'Entries newest first; personal numbers appear masked only. Without `date`, a `target`’s entries of every day; without either, today’s. `next` is the cursor of the following page (null on the last; a page filtered by `actor` may hold fewer than `limit`). The log is append-only: no route changes or deletes an entry.',
      tags: ['admin'],
      security: bearer,
      request: {
        query: z.object({
          date: z.string().optional().openapi({
            description:
              'YYYY-MM-DD, business time; by default today, or every day when a `target` is given',
          }),
          target: z.string().trim().min(1).max(120).optional().openapi({
            description:
              '`case:<number>`, `contact:<reference>`, `booking:<reference>`, `roster_member:<id>`, or a bare case number or reference',
          }),
          actor: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .optional()
            .openapi({ description: 'The actor’s `sub`' }),
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
      },
      responses: {
        200: {
          description: 'One page of entries',
          content: json(z.object({ entries: z.array(Entry), next: z.string().nullable() })),
        },
        400: errorContent('Invalid date, cursor or limit'),
        ...staffErrors,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const date = query.date ?? (query.target ? undefined : businessDate(deps.clock.now()));
      if (date !== undefined && !isIsoDate(date))
        throw new ValidationFailed({ 'query.date': 'a date YYYY-MM-DD' });
      const page = await deps.log.list({
        ...(date ? { date } : {}),
        ...(query.target ? { target: targetOf(query.target) } : {}),
        ...(query.actor ? { actor: query.actor } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
        limit: query.limit ?? 50,
      });
      c.header('Cache-Control', 'no-store');
      return c.json({ entries: page.entries as AuditEntry[], next: page.next }, 200);
    },
  );
}

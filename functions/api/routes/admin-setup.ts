// The agency's setup (/api/admin/setup): the city's run-time config read whole, a service point or a whole part replaced under If-Match, effective at once.
import { createRoute, z } from '@hono/zod-openapi';
import { RuntimeConfig, ServicePoint } from '#config/city-schema.ts';
import { PreconditionFailed, ValidationFailed } from '#domain/errors.ts';
import type { Part, SetupDeps } from '#use-cases/city-setup.ts';
import { newRouter } from '../router.ts';
import { errorContent, json } from '../schemas.ts';
import { bearer, staffErrors } from './bearer-auth.ts';

/** Read on the first request that needs it (not at cold start). */
const setup = () => import('#use-cases/city-setup.ts');

const shape = RuntimeConfig.shape;

/** `"7"`, `W/"7"` or `7` → 7; absent or malformed → 412 (an edit names the version it saw). */
export function versionOf(header: string | undefined): number {
  const match = header ? /^(?:W\/)?"?(\d+)"?$/.exec(header.trim()) : null;
  if (!match) throw new PreconditionFailed({ 'If-Match': 'required: the setup’s ETag' });
  return Number(match[1]);
}

export const IfMatch = z.object({
  'If-Match': z
    .string()
    .optional()
    .openapi({ description: 'The ETag ("<version>") of GET /api/admin/setup or /roster' }),
});

export const Warnings = z.array(z.object({ path: z.string(), message: z.string() })).openapi({
  description:
    'What the edit leaves outside the config’s checks but allowed: another member’s shift now outside a point’s hours (slots are hours ∩ shifts)',
});

export const editErrors = {
  400: errorContent('VALIDATION_FAILED: the body, or the config it would make (details by field)'),
  ...staffErrors,
  412: errorContent('PRECONDITION_FAILED: If-Match is missing or the setup moved on'),
} as const;

const Setup = z
  .object({
    version: z.int(),
    regions: shape.regions,
    categories: shape.categories,
    services: shape.services,
    servicePoints: shape.servicePoints,
    calendar: shape.calendar,
    sla: shape.sla,
    reminders: shape.reminders,
    bookings: shape.bookings,
    retentionDays: shape.retentionDays,
  })
  .openapi('Setup');

const Policy = z
  .strictObject({
    sla: shape.sla,
    reminders: shape.reminders,
    bookings: shape.bookings,
    retentionDays: shape.retentionDays,
  })
  .openapi('SetupPolicy');

/** Each whole part an admin replaces, with its body schema (the city schema's own). */
const partBodies = {
  regions: shape.regions,
  categories: shape.categories,
  services: shape.services,
  calendar: shape.calendar,
  policy: Policy,
} satisfies Record<Part, z.ZodType>;

const partSummaries: Record<Part, string> = {
  regions: 'Replace the regions tree (one root; each below its parent’s level)',
  categories: 'Replace the dispute categories',
  services: 'Replace the services residents book',
  calendar: 'Replace the holiday and 调休 calendar',
  policy: 'Replace the SLA days, reminder lead times, booking lead and retention period',
};

const etag = (version: number) => `"${version}"`;

export function adminSetupRoutes(deps: SetupDeps) {
  const router = newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/admin/setup',
        summary: 'The city’s run-time config as the city schema shapes it; ETag is its version',
        tags: ['admin'],
        security: bearer,
        responses: {
          200: { description: 'The config now', content: json(Setup) },
          ...staffErrors,
        },
      }),
      async (c) => {
        const current = await (await setup()).readSetup(deps);
        c.header('ETag', etag(current.version));
        c.header('Cache-Control', 'no-store');
        return c.json(current, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/admin/setup/service-points/{pointId}',
        summary: 'Create or replace one service point (hours, rooms, services, online)',
        description:
          'The body is the point exactly as the city schema defines it; the whole config is checked again (its region, services, rooms; members’ shifts). Both the point’s old and new region lie in the caller’s. Seen by the next slot query on every instance.',
        tags: ['admin'],
        security: bearer,
        request: {
          params: z.object({ pointId: z.string().max(64) }),
          headers: IfMatch,
          body: { required: true, content: json(ServicePoint) },
        },
        responses: {
          200: {
            description: 'Written; ETag is the new version',
            content: json(
              z
                .object({ version: z.int(), servicePoint: ServicePoint, warnings: Warnings })
                .openapi('ServicePointWritten'),
            ),
          },
          ...editErrors,
        },
      }),
      async (c) => {
        const { pointId } = c.req.valid('param');
        const point = c.req.valid('json');
        if (point.id !== pointId)
          throw new ValidationFailed({ 'json.id': `must be the path’s '${pointId}'` });
        const staff = c.get('staff');
        const result = await (await setup()).putServicePoint(deps, {
          version: versionOf(c.req.header('If-Match')),
          point,
          requireRegion: staff.requireRegion,
        });
        c.header('ETag', etag(result.version));
        c.header('Cache-Control', 'no-store');
        return c.json(result, 200);
      },
    );

  for (const part of Object.keys(partBodies) as Part[]) {
    router.openapi(
      createRoute({
        method: 'put',
        path: `/api/admin/setup/${part}`,
        summary: partSummaries[part],
        description:
          'The whole part; checked with the rest of the config as the city schema checks a city file. For an admin of the whole city (the root region).',
        tags: ['admin'],
        security: bearer,
        request: {
          headers: IfMatch,
          body: { required: true, content: json(partBodies[part] as z.ZodType) },
        },
        responses: {
          200: {
            description: 'Written; ETag is the new version',
            content: json(
              z
                .object({ version: z.int(), [part]: partBodies[part], warnings: Warnings })
                .openapi(`Setup${part[0]!.toUpperCase()}${part.slice(1)}Written`),
            ),
          },
          ...editErrors,
        },
      }),
      async (c) => {
        const staff = c.get('staff');
        const result = await (await setup()).putPart(deps, {
          version: versionOf(c.req.header('If-Match')),
          part,
          value: c.req.valid('json') as never,
          requireRegion: staff.requireRegion,
        });
        c.header('ETag', etag(result.version));
        c.header('Cache-Control', 'no-store');
        return c.json(result as never, 200);
      },
    );
  }
  return router;
}

// Panel scheduling (三官一顾问+N): the earliest times at which the whole panel and a room are free, for a case in the caller's region.
import { createRoute, z } from '@hono/zod-openapi';
import { toBusinessIso } from '#domain/time.ts';
import { RosterKind, ServiceMode } from '#domain/vocabulary.ts';
import { caseFor } from '#use-cases/case-parties.ts';
import type { PanelDeps } from '#use-cases/panel-scheduling.ts';
import { newRouter } from '../router.ts';
import { errorContent, json } from '../schemas.ts';
import { bearer, staffErrors } from './bearer-auth.ts';
import type { CaseRouteDeps } from './case-intake.ts';

/** Read by the first proposal asked for, not at cold start. */
const panel = () => import('#use-cases/panel-scheduling.ts');

const ids = (max: number) =>
  z
    .string()
    .max(max * 65)
    .optional()
    .transform((v) =>
      v
        ? [
            ...new Set(
              v
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            ),
          ]
        : [],
    );

const Proposal = z
  .object({
    start: z.string().openapi({ example: '2026-12-11T09:00:00+08:00' }),
    end: z.string(),
    members: z.array(z.object({ id: z.string(), name: z.string(), kind: RosterKind })),
    room: z.object({ id: z.string(), name: z.string(), servicePointId: z.string() }).nullable(),
  })
  .openapi('PanelProposal');

export function staffPanelRoutes(deps: CaseRouteDeps & PanelDeps) {
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/staff/cases/{caseNumber}/panel-proposals',
      summary:
        'The earliest times the whole panel is free: the caller, the chosen members, one member of each required kind (drawn fairly), and a room when in person',
      description:
        'Free means on shift that day, not on leave, and holding no booking or session (the busy calendars bookings and sessions write). Book one with POST …/sessions, passing its members as `memberIds` and its room as `roomId`: 409 SLOT_FULL if a member or the room was taken meanwhile.',
      tags: ['staff'],
      security: bearer,
      request: {
        params: z.object({ caseNumber: z.string().max(40) }),
        query: z.object({
          durationMinutes: z.coerce.number().int().min(15).max(240).default(60),
          mode: ServiceMode.default('in_person'),
          extra: ids(10).openapi({
            description: 'Members who must sit, by roster id, comma-separated',
          }),
          kinds: z
            .string()
            .max(400)
            .optional()
            .transform((v, ctx) => {
              if (v === undefined) return undefined;
              const list = v === '' ? [] : v.split(',').map((s) => s.trim());
              const parsed = z.array(RosterKind).max(10).safeParse(list);
              if (!parsed.success) {
                ctx.addIssue({ code: 'custom', message: 'comma-separated roster kinds' });
                return z.NEVER;
              }
              return parsed.data;
            })
            .openapi({
              description:
                'Required kinds, comma-separated (default judge,prosecutor,police_officer,legal_advisor; empty for none)',
            }),
          from: z.iso.datetime({ offset: true }).optional(),
          days: z.coerce.number().int().min(1).max(28).default(14),
          limit: z.coerce.number().int().min(1).max(20).default(5),
        }),
      },
      responses: {
        200: {
          description: 'Earliest first (none when no common time in the window)',
          content: json(z.object({ proposals: z.array(Proposal) })),
        },
        ...staffErrors,
        404: errorContent('No such case'),
      },
    }),
    async (c) => {
      const staff = c.get('staff');
      const record = await caseFor(deps, c.req.valid('param').caseNumber.trim().toUpperCase());
      await staff.requireRegion(record.handlingRegionId);
      const query = c.req.valid('query');
      const proposals = await (await panel()).proposePanel(
        deps,
        record,
        staff.caller.rosterMemberId,
        {
          durationMinutes: query.durationMinutes,
          mode: query.mode,
          extra: query.extra,
          ...(query.kinds ? { kinds: query.kinds } : {}),
          ...(query.from ? { from: new Date(query.from) } : {}),
          days: query.days,
          limit: query.limit,
        },
      );
      c.header('Cache-Control', 'no-store');
      return c.json(
        {
          proposals: proposals.map((p) => ({
            start: toBusinessIso(p.start),
            end: toBusinessIso(p.end),
            members: p.members.map((m) => ({ id: m.id, name: m.name, kind: m.kind })),
            room: p.room
              ? { id: p.room.id, name: p.room.name, servicePointId: p.room.servicePointId }
              : null,
          })),
        },
        200,
      );
    },
  );
}

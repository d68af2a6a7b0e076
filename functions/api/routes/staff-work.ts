// Staff portal: my work, my calendar, case search, the judges' queue, and the session room (check-in with the video link, minutes autosave).
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { NotFound } from '#domain/errors.ts';
import { CaseStage, CaseStatus, ServiceMode } from '#domain/vocabulary.ts';
import type { StaffWorkDeps } from '#use-cases/staff-work.ts';
import type { AppEnv } from '../app-env.ts';
import { newRouter } from '../router.ts';
import { ConfigCode, errorContent, json } from '../schemas.ts';
import { bearer, staffErrors } from './bearer-auth.ts';

const DueAt = z.string().nullable().openapi({ description: 'The open step’s deadline' });
const WorkItem = z
  .object({
    caseNumber: z.string(),
    category: z.string(),
    categoryName: z.string(),
    categoryNameEn: z.string(),
    stage: CaseStage,
    status: CaseStatus,
    level: z.string(),
    handlingRegionId: z.string(),
    filedAt: z.string(),
    dueAt: DueAt,
    overdue: z.boolean(),
    step: z.string().nullable().openapi({ description: 'The open step (ASL state)' }),
    assignee: z.object({ name: z.string() }).nullable(),
  })
  .openapi('StaffWorkItem');
const MaskedParty = z.object({
  role: z.string(),
  name: z.string().openapi({ description: 'Masked (张**)' }),
});
const Participant = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string().nullable(),
    checkedInAt: z.string().nullable(),
  })
  .openapi('SessionParticipant');
const SessionParams = z.object({ caseNumber: z.string().max(40), sessionId: z.string().max(40) });
const noStore = (c: Context<AppEnv>) => c.header('Cache-Control', 'no-store');

/** The portal's use cases, read by the first request that needs them (not at cold start). */
const work = () => import('#use-cases/staff-work.ts');

export function staffWorkRoutes(deps: StaffWorkDeps) {
  /** The case, refused (403) outside the caller's region. */
  async function inScope(c: Context<AppEnv>, caseNumber: string) {
    const record = await deps.cases.get(caseNumber.trim().toUpperCase());
    if (!record) throw new NotFound();
    await c.get('staff').requireRegion(record.handlingRegionId);
    return record;
  }

  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/staff/me/notices',
        summary:
          'My inbox: invitations to sessions, their changes, cancellations and reminders, newest first',
        tags: ['staff'],
        security: bearer,
        responses: {
          200: {
            description:
              'The newest 30 notices to my roster member (none for a login that is not one)',
            content: json(
              z.object({
                notices: z.array(
                  z
                    .object({
                      at: z.string(),
                      caseNumber: z.string(),
                      purpose: z.string().openapi({
                        description:
                          'session-invitation | session-moved | session-cancelled | session-reminder | recused',
                      }),
                      text: z.string(),
                      sessionId: z.string().nullable(),
                    })
                    .openapi('MemberNotice'),
                ),
              }),
            ),
          },
          ...staffErrors,
        },
      }),
      async (c) => {
        const mine = await (await work()).myNotices(deps, c.get('staff').caller);
        noStore(c);
        return c.json(mine, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/staff/me/cases',
        summary:
          'My work: open cases assigned to me (overdue first, then the nearest deadline) and my region’s unassigned ones',
        tags: ['staff'],
        security: bearer,
        responses: {
          200: {
            description: 'Mine, and unassigned in my region',
            content: json(z.object({ cases: z.array(WorkItem), unassigned: z.array(WorkItem) })),
          },
          ...staffErrors,
        },
      }),
      async (c) => {
        const mine = await (await work()).myCases(deps, c.get('staff').caller);
        noStore(c);
        return c.json(mine, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/staff/me/calendar',
        summary: 'My calendar: my sessions and my bookings between two business dates (≤ 31 days)',
        description:
          'Without `from`: today and the six days after it; with `from` but no `to`: that one day.',
        tags: ['staff'],
        security: bearer,
        request: {
          query: z.object({
            from: z.string().max(10).optional().openapi({ example: '2026-12-07' }),
            to: z.string().max(10).optional().openapi({ example: '2026-12-13' }),
          }),
        },
        responses: {
          200: {
            description: 'By start',
            content: json(
              z.object({
                items: z.array(
                  z.object({
                    kind: z.enum(['session', 'booking']),
                    start: z.string(),
                    end: z.string(),
                    mode: ServiceMode,
                    caseNumber: z.string().optional(),
                    sessionId: z.string().optional(),
                    reference: z.string().optional(),
                    place: z.string().optional(),
                    servicePointName: z.string().optional(),
                    status: z.string(),
                  }),
                ),
              }),
            ),
          },
          400: errorContent('VALIDATION_FAILED: dates malformed, out of order or over 31 days'),
          ...staffErrors,
        },
      }),
      async (c) => {
        const query = c.req.valid('query');
        const week = (await work()).defaultWeek(deps.clock.now());
        const from = query.from ?? week.from;
        const items = await (await work()).myCalendar(deps, c.get('staff').caller, {
          from,
          to: query.to ?? (query.from ? from : week.to),
        });
        noStore(c);
        return c.json({ items }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/staff/cases',
        summary: 'Case search in the caller’s region (or a region within it), newest first',
        description:
          '`number`: a whole case number or its beginning; `party`: part of a party’s name (results show names masked).',
        tags: ['staff'],
        security: bearer,
        request: {
          query: z.object({
            number: z.string().max(40).optional(),
            party: z.string().max(40).optional(),
            category: ConfigCode.optional(),
            stage: CaseStage.optional(),
            status: CaseStatus.optional(),
            region: z.string().max(64).optional(),
            regionId: z.string().max(64).optional().openapi({ description: 'Same as `region`' }),
          }),
        },
        responses: {
          200: {
            description: 'At most 200 cases',
            content: json(
              z.object({ cases: z.array(WorkItem.extend({ parties: z.array(MaskedParty) })) }),
            ),
          },
          ...staffErrors,
          404: errorContent('No such region'),
        },
      }),
      async (c) => {
        const staff = c.get('staff');
        const { region, regionId, ...search } = c.req.valid('query');
        const scope = region || regionId || staff.caller.regionId;
        await staff.requireRegion(scope);
        const cases = await (await work()).searchCases(deps, { ...search, regionId: scope });
        noStore(c);
        return c.json({ cases }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/staff/judicial-queue',
        summary:
          'The judges’ queue: agreements of my region awaiting judicial confirmation, oldest application first',
        tags: ['staff'],
        security: bearer,
        responses: {
          200: {
            description: 'Waiting at JudicialReview (or JudicialReviewLate)',
            content: json(
              z.object({
                cases: z.array(
                  z.object({
                    caseNumber: z.string(),
                    category: z.string(),
                    categoryName: z.string(),
                    categoryNameEn: z.string(),
                    appliedAt: z.string(),
                    dueAt: DueAt,
                    overdue: z.boolean(),
                    agreement: z.object({
                      terms: z.array(z.string()),
                      recordedAt: z.string().nullable(),
                      effectiveAt: z.string().optional(),
                    }),
                    parties: z.array(MaskedParty),
                  }),
                ),
              }),
            ),
          },
          ...staffErrors,
        },
      }),
      async (c) => {
        const staff = c.get('staff');
        // The queue is the caller's region subtree: the region check is the caller's own.
        await staff.requireRegion(staff.caller.regionId);
        const cases = await (await work()).judicialQueue(deps, staff.caller);
        noStore(c);
        return c.json({ cases }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/staff/cases/{caseNumber}/sessions/{sessionId}/check-in',
        summary:
          'The session room: a member of the session checks in (once) and gets the video link',
        description:
          'From 30 minutes before the start until the outcome is recorded. A caller who does not sit on the session: 403, no link.',
        tags: ['staff'],
        security: bearer,
        request: { params: SessionParams },
        responses: {
          200: {
            description: 'Checked in',
            content: json(
              z.object({
                sessionId: z.string(),
                participants: z.array(Participant),
                videoUrl: z.string().nullable().openapi({
                  description: 'A signed Jitsi link for video sessions, when the city has Jitsi',
                }),
              }),
            ),
          },
          ...staffErrors,
          404: errorContent('No such case or session'),
          409: errorContent('STAGE_CONFLICT: too early, or the session’s outcome is recorded'),
        },
      }),
      async (c) => {
        const { caseNumber, sessionId } = c.req.valid('param');
        const record = await inScope(c, caseNumber);
        const done = await (await work()).checkIn(deps, record, sessionId, c.get('staff').caller);
        noStore(c);
        return c.json(done, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/staff/cases/{caseNumber}/sessions/{sessionId}/minutes',
        summary: 'Autosave a scheduled session’s minutes at the version last read (0 at first)',
        description:
          'Members of the session and the case’s assignee. The outcome’s own `minutes`, when sent, replace these.',
        tags: ['staff'],
        security: bearer,
        request: {
          params: SessionParams,
          body: {
            required: true,
            content: json(
              z.object({ text: z.string().max(20000), version: z.int().min(0) }).strict(),
            ),
          },
        },
        responses: {
          200: {
            description: 'Saved',
            content: json(z.object({ minutes: z.string(), version: z.number().int() })),
          },
          400: errorContent('Invalid fields'),
          ...staffErrors,
          404: errorContent('No such case or session'),
          409: errorContent('STAGE_CONFLICT: the session’s outcome is recorded'),
          412: errorContent(
            'PRECONDITION_FAILED: saved meanwhile at a newer version (details.version)',
          ),
        },
      }),
      async (c) => {
        const { caseNumber, sessionId } = c.req.valid('param');
        const record = await inScope(c, caseNumber);
        const saved = await (await work()).saveMinutes(
          deps,
          record.caseNumber,
          sessionId,
          c.get('staff').caller,
          c.req.valid('json'),
        );
        noStore(c);
        return c.json(saved, 200);
      },
    );
}

// Disputes, staff side: intake for walk-ins, the case list and file, and every action that completes a human step (If-Match).
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Caller } from '#domain/access.ts';
import { type ActorRole, followUpResults, sessionOutcomes } from '#domain/case.ts';
import { PreconditionFailed, ValidationFailed } from '#domain/errors.ts';
import { CaseStage, CaseStatus, ClosureType, RosterKind, ServiceMode } from '#domain/vocabulary.ts';
import type { Catalogue } from '#use-cases/bookings.ts';
import type { Actor } from '#use-cases/case-actions.ts';
import { caseFor, staffParties } from '#use-cases/case-parties.ts';
import type { sessionRooms } from '#use-cases/staff-work.ts';
import type { AppEnv } from '../app-env.ts';
import { newRouter } from '../router.ts';
import { errorContent, json } from '../schemas.ts';
import { bearer, staffErrors } from './bearer-auth.ts';
import {
  attachmentChecks,
  type CaseRouteDeps,
  intakeIdempotency,
  intakeKeyOf,
  NewCase,
} from './case-intake.ts';

/**
 * The step actions' code, read on the first action rather than at cold start: most staff
 * requests read (lists, the case file), and the function stays under its per-request budget.
 */
const actions = () => import('#use-cases/case-actions.ts');

const CaseParam = z.object({ caseNumber: z.string().max(40) });
const IfMatch = z.object({
  'If-Match': z.string().optional().openapi({ description: 'The case’s ETag ("<version>")' }),
});
const Reason = z.string().trim().min(1).max(1000);
const DateTime = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-24T09:30:00+08:00' });

const StaffCase = z
  .object({
    caseNumber: z.string(),
    version: z.number().int(),
    category: z.string(),
    description: z.string(),
    mode: z.string(),
    stage: CaseStage,
    status: CaseStatus,
    closureType: ClosureType.nullable(),
    level: z.string(),
    handlingRegionId: z.string(),
    filedRegionId: z.string(),
    track: z.string().nullable(),
    openStep: z
      .object({ state: z.string(), openedAt: z.string(), dueAt: z.string(), answered: z.boolean() })
      .nullable(),
    assignee: z.object({ name: z.string(), rosterMemberId: z.string().nullable() }).nullable(),
    parties: z.array(
      z.object({
        partyId: z.string(),
        role: z.string(),
        name: z.string(),
        phone: z.string().nullable().openapi({ description: 'Masked' }),
        idNumber: z.string().nullable().openapi({ description: 'Masked' }),
        address: z.string().nullable(),
        relation: z.string().nullable(),
        consent: z
          .object({ given: z.boolean(), at: z.string(), reason: z.string().optional() })
          .nullable(),
        signedAt: z.string().nullable(),
        appliedAt: z.string().nullable(),
      }),
    ),
    sessions: z.array(
      z.object({
        sessionId: z.string(),
        startsAt: z.string(),
        endsAt: z.string(),
        mode: z.string(),
        place: z.string().optional(),
        memberIds: z.array(z.string()),
        status: z.string(),
        outcome: z.string().optional(),
        minutes: z.string().optional(),
        minutesVersion: z.number().int().optional().openapi({ description: 'For PUT …/minutes' }),
        participants: z
          .array(
            z.object({
              id: z.string(),
              name: z.string(),
              kind: z.string().nullable(),
              checkedInAt: z.string().nullable(),
            }),
          )
          .optional(),
      }),
    ),
    agreement: z.unknown().nullable(),
    confirmation: z.unknown().nullable(),
    followUp: z.unknown().nullable(),
    attachments: z.array(
      z.object({
        uploadId: z.string(),
        fileName: z.string(),
        contentType: z.string(),
        size: z.number(),
      }),
    ),
    filedAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('StaffCase');

const stepErrors = {
  ...staffErrors,
  404: errorContent('No such case'),
  409: errorContent('STAGE_CONFLICT: the open step does not take this action'),
  412: errorContent('PRECONDITION_FAILED: the case moved on (If-Match is stale or missing)'),
} as const;

type StaffCaseRecord = Awaited<ReturnType<typeof caseFor>>;

function staffView(record: StaffCaseRecord) {
  return {
    caseNumber: record.caseNumber,
    version: record.version,
    category: record.category,
    description: record.description,
    mode: record.mode,
    stage: record.stage,
    status: record.status,
    closureType: record.closureType ?? null,
    level: record.level,
    handlingRegionId: record.handlingRegionId,
    filedRegionId: record.filedRegionId,
    track: record.track ?? null,
    openStep: record.openStep
      ? {
          state: record.openStep.state,
          openedAt: record.openStep.openedAt,
          dueAt: record.openStep.dueAt,
          answered: Boolean(record.openStep.answer),
        }
      : null,
    assignee: record.assignee
      ? { name: record.assignee.name, rosterMemberId: record.assignee.rosterMemberId }
      : null,
    parties: staffParties(record),
    sessions: record.sessions,
    agreement: record.agreement ?? null,
    confirmation: record.confirmation ?? null,
    followUp: record.followUp ?? null,
    attachments: record.attachments,
    filedAt: record.filedAt,
    updatedAt: record.updatedAt,
  };
}

/** `"7"`, `W/"7"` or `7` → 7; absent or malformed → 412 (a staff action always names the version it saw). */
function versionOf(header: string | undefined): number {
  const match = header ? /^(?:W\/)?"?(\d+)"?$/.exec(header.trim()) : null;
  if (!match) throw new PreconditionFailed({ 'If-Match': 'required: the case’s ETag' });
  return Number(match[1]);
}

const roleOf = (caller: Caller): ActorRole =>
  caller.roles.includes('judge')
    ? 'judge'
    : caller.roles.includes('mediator')
      ? 'mediator'
      : caller.roles.includes('agency_admin')
        ? 'agency'
        : 'panel';

const actorOf = (caller: Caller, role = roleOf(caller)): Actor => ({
  role,
  id: `${caller.issuer}#${caller.subject}`,
  name: caller.name,
  rosterMemberId: caller.rosterMemberId,
});

/** The session room's additions to a case file (staff-work.ts): participants, check-ins, minutes drafts. */
export interface SessionRoomReader {
  sessions(record: StaffCaseRecord): ReturnType<typeof sessionRooms>;
  draft(caseNumber: string, sessionId: string): Promise<string | undefined>;
}

export function staffCaseRoutes(
  deps: CaseRouteDeps & { room?: SessionRoomReader; catalogue?: () => Promise<Catalogue> },
) {
  /** A session seats roster members only (their calendars are what it holds). */
  async function checkMembers(memberIds: readonly string[] | undefined) {
    if (!memberIds?.length || !deps.catalogue) return;
    const roster = new Set((await deps.catalogue()).roster.map((m) => m.id));
    const unknown = memberIds.filter((id) => !roster.has(id));
    if (unknown.length)
      throw new ValidationFailed({ memberIds: `not on the roster: ${unknown.join(', ')}` });
  }
  const create = intakeIdempotency(deps);

  /** A consultation's applicant (name and mobile, opened from the booking) for the case it becomes. */
  async function bookingApplicant(reference: string) {
    const booking = deps.bookings
      ? await deps.bookings.get(reference.trim().toUpperCase())
      : undefined;
    if (!booking) throw new ValidationFailed({ bookingReference: 'no such booking' });
    const phone = await deps.codec.open('mobile', booking.mobileSealed, booking.reference);
    return { name: booking.applicantName, phone };
  }

  /** The case, refused (403) outside the caller's region; an answer stuck after a crash is delivered again. */
  async function inScope(c: Context<AppEnv>, caseNumber: string) {
    const record = await caseFor(deps, caseNumber.trim().toUpperCase());
    await c.get('staff').requireRegion(record.handlingRegionId);
    return record;
  }
  const answer = async (c: Context<AppEnv>, record: StaffCaseRecord) => {
    const view = staffView(record);
    const sessions = deps.room ? await deps.room.sessions(record) : view.sessions;
    c.header('ETag', `"${record.version}"`);
    c.header('Cache-Control', 'no-store');
    return c.json({ ...view, sessions }, 200);
  };
  /** A step action: the case in the caller's region, the If-Match version, the use case, the case as it is now. */
  async function act(
    c: Context<AppEnv>,
    caseNumber: string,
    run: (caseNumber: string, actor: Actor, version: number) => Promise<StaffCaseRecord>,
    role?: ActorRole,
  ) {
    const record = await inScope(c, caseNumber);
    const done = await run(
      record.caseNumber,
      actorOf(c.get('staff').caller, role),
      versionOf(c.req.header('If-Match')),
    );
    return answer(c, done);
  }
  const action = <T extends z.ZodType>(path: string, summary: string, body: T, roles?: string) =>
    createRoute({
      method: 'post',
      path: `/api/staff/cases/{caseNumber}/${path}`,
      summary,
      ...(roles ? { description: roles } : {}),
      tags: ['staff'],
      security: bearer,
      request: {
        params: CaseParam,
        headers: IfMatch,
        body: { required: true, content: json(body) },
      },
      responses: {
        200: {
          description: 'Done; the case as it is now (ETag: its new version)',
          content: json(StaffCase),
        },
        ...stepErrors,
      },
    });

  const Diagnosis = z
    .object({
      mediable: z.boolean(),
      respondentConsents: z.boolean(),
      track: z.enum(['simple', 'panel']),
      panelKinds: z.array(RosterKind).max(13).optional(),
      notes: z.string().trim().max(5000).optional(),
    })
    .strict();
  const Session = z
    .object({
      startsAt: DateTime,
      durationMinutes: z.int().min(15).max(480),
      mode: ServiceMode,
      place: z.string().trim().min(1).max(200).optional(),
      memberIds: z.array(z.string().max(64)).max(12).optional(),
      roomId: z.string().max(64).optional().openapi({
        description: 'A service point’s room (see …/panel-proposals): held like the members',
      }),
    })
    .strict();
  const Outcome = z
    .object({
      sessionId: z.string().max(40),
      outcome: z.enum(sessionOutcomes),
      terms: z.array(z.string().trim().min(1).max(2000)).max(30).optional(),
      minutes: z.string().trim().max(20000).optional(),
      signedInPerson: z.boolean().optional(),
    })
    .strict();

  return newRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/staff/cases',
        summary: 'Enter a case for a walk-in resident (or turn a consultation into a case)',
        description: 'Requires `Idempotency-Key`. The region must be within the caller’s.',
        tags: ['staff'],
        security: bearer,
        middleware: [create] as const,
        request: {
          body: {
            required: true,
            content: json(
              NewCase.partial({ applicant: true }).extend({
                bookingReference: z.string().max(40).optional().openapi({
                  description:
                    'A consultation becomes a case: its applicant is taken from the booking',
                }),
              }),
            ),
          },
        },
        responses: {
          201: {
            description: 'Filed',
            content: json(z.object({ caseNumber: z.string(), trackingCode: z.string() })),
          },
          400: errorContent('Invalid fields'),
          ...staffErrors,
        },
      }),
      async (c) => {
        const staff = c.get('staff');
        const {
          privacyConsent: _consent,
          bookingReference,
          applicant,
          ...rest
        } = c.req.valid('json');
        await staff.requireRegion(rest.regionId);
        const fromBooking = bookingReference ? await bookingApplicant(bookingReference) : undefined;
        const person = applicant ?? fromBooking;
        if (!person)
          throw new ValidationFailed({
            applicant: 'the applicant, or the bookingReference of their consultation',
          });
        const intake = { ...rest, applicant: person };
        const { fileCase } = await import('#use-cases/cases.ts');
        const created = await fileCase(deps, intake, {
          // Per caller, as the idempotency middleware remembers staff creates.
          intakeKey: intakeKeyOf(
            'POST /api/staff/cases',
            `${staff.caller.issuer} ${staff.caller.subject} ${c.req.header('Idempotency-Key') ?? ''}`,
          ),
          filedBy: 'staff',
          staff: {
            name: staff.caller.name,
            subject: actorOf(staff.caller).id,
            rosterMemberId: staff.caller.rosterMemberId,
          },
          ...(bookingReference ? { bookingReference } : {}),
          ...attachmentChecks(deps),
        });
        c.header('Cache-Control', 'no-store');
        return c.json(created, 201, { Location: `/api/staff/cases/${created.caseNumber}` });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/staff/cases/{caseNumber}',
        summary: 'The case file (parties masked); ETag is its version for If-Match',
        tags: ['staff'],
        security: bearer,
        request: { params: CaseParam },
        responses: {
          200: { description: 'The case', content: json(StaffCase) },
          ...staffErrors,
          404: errorContent('No such case'),
        },
      }),
      async (c) => {
        const record = await inScope(c, c.req.valid('param').caseNumber);
        await (await actions())
          .redeliver(deps, record)
          .catch((error) => deps.reportError?.('redelivering a step answer failed', error));
        return answer(c, record);
      },
    )
    .openapi(action('take', 'Take the case: assign it to the caller', z.object({}).strict()), (c) =>
      act(c, c.req.valid('param').caseNumber, async (n, actor, version) =>
        (await actions()).takeCase(deps, n, actor, version),
      ),
    )
    .openapi(
      action('diagnosis', '问诊: record mediable, consent, track and panel kinds', Diagnosis),
      (c) =>
        act(c, c.req.valid('param').caseNumber, async (n, actor, version) =>
          (await actions()).recordDiagnosis(deps, n, actor, version, c.req.valid('json')),
        ),
    )
    .openapi(
      action('sessions', 'Schedule a session at a time and place, or online', Session),
      (c) =>
        act(c, c.req.valid('param').caseNumber, async (n, actor, version) => {
          await checkMembers(c.req.valid('json').memberIds);
          const { record } = await (await actions()).scheduleSession(
            deps,
            n,
            actor,
            version,
            c.req.valid('json'),
          );
          return record;
        }),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/staff/cases/{caseNumber}/sessions/{sessionId}/reschedule',
        summary: 'Move a scheduled session; every party is told',
        tags: ['staff'],
        security: bearer,
        request: {
          params: CaseParam.extend({ sessionId: z.string().max(40) }),
          headers: IfMatch,
          body: { required: true, content: json(Session.omit({ memberIds: true })) },
        },
        responses: { 200: { description: 'Moved', content: json(StaffCase) }, ...stepErrors },
      }),
      (c) => {
        const { caseNumber, sessionId } = c.req.valid('param');
        return act(c, caseNumber, async (n, actor, version) => {
          const { record } = await (await actions()).moveSession(
            deps,
            n,
            actor,
            version,
            sessionId,
            c.req.valid('json'),
          );
          return record;
        });
      },
    )
    .openapi(
      action(
        'outcome',
        'A held session’s outcome: agreement (terms), no agreement, another session, escalate, refer',
        Outcome,
      ),
      (c) =>
        act(c, c.req.valid('param').caseNumber, async (n, actor, version) => {
          const body = c.req.valid('json');
          // Minutes the room autosaved count when the outcome brings none of its own.
          const minutes = body.minutes ?? (await deps.room?.draft(n, body.sessionId))?.trim();
          return (await actions()).recordOutcome(deps, n, actor, version, {
            ...body,
            ...(minutes ? { minutes } : {}),
          });
        }),
    )
    .openapi(
      action(
        'judicial-decision',
        'A judge confirms or rejects the agreement, with reasons',
        z.object({ decision: z.enum(['confirmed', 'rejected']), reasons: Reason }).strict(),
      ),
      (c) =>
        act(
          c,
          c.req.valid('param').caseNumber,
          async (n, actor, version) =>
            (await actions()).recordJudicialDecision(deps, n, actor, version, c.req.valid('json')),
          'judge',
        ),
    )
    .openapi(
      action(
        'follow-up',
        '复诊: is the agreement performed (fully, partly, not)? Closes the case',
        z
          .object({
            result: z.enum(followUpResults),
            notes: z.string().trim().max(5000).optional(),
          })
          .strict(),
      ),
      (c) =>
        act(c, c.req.valid('param').caseNumber, async (n, actor, version) =>
          (await actions()).recordFollowUp(deps, n, actor, version, c.req.valid('json')),
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/staff/cases/{caseNumber}/parties/{partyId}/tracking-code',
        summary:
          'Re-issue a party’s code to hand over on paper (audited; the old one stops working)',
        tags: ['staff'],
        security: bearer,
        request: {
          params: CaseParam.extend({ partyId: z.string().max(16) }),
          body: { required: true, content: json(z.object({ reason: Reason }).strict()) },
        },
        responses: {
          200: {
            description: 'The new code, shown once',
            content: json(z.object({ partyId: z.string(), trackingCode: z.string() })),
          },
          ...staffErrors,
          404: errorContent('No such case or party'),
        },
      }),
      async (c) => {
        const { caseNumber, partyId } = c.req.valid('param');
        const record = await inScope(c, caseNumber);
        const caller = c.get('staff').caller;
        const issued = await (await actions()).reissuePartyCode(
          deps,
          record.caseNumber,
          partyId,
          { ...actorOf(caller), roles: caller.roles },
          { reason: c.req.valid('json').reason, requestId: c.get('requestId') },
        );
        c.header('Cache-Control', 'no-store');
        return c.json(issued, 200);
      },
    )
    .openapi(
      action(
        'escalate',
        'Escalate one level (village → town → county)',
        z.object({ reason: Reason }).strict(),
      ),
      (c) =>
        act(c, c.req.valid('param').caseNumber, async (n, actor, version) =>
          (await actions()).endStep(deps, n, actor, version, {
            kind: 'escalate',
            reason: c.req.valid('json').reason,
          }),
        ),
    )
    .openapi(
      action(
        'refer',
        'Refer to litigation (诉调对接) and close',
        z.object({ reason: Reason }).strict(),
      ),
      (c) =>
        act(c, c.req.valid('param').caseNumber, async (n, actor, version) =>
          (await actions()).endStep(deps, n, actor, version, {
            kind: 'refer',
            reason: c.req.valid('json').reason,
          }),
        ),
    )
    .openapi(
      action(
        'close',
        'Close a case the applicant withdrew',
        z.object({ closureType: z.literal('withdrawn'), reason: Reason }).strict(),
      ),
      (c) =>
        act(c, c.req.valid('param').caseNumber, async (n, actor, version) =>
          (await actions()).endStep(deps, n, actor, version, {
            kind: 'close',
            reason: c.req.valid('json').reason,
          }),
        ),
    );
}

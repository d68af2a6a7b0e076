// What the recusal and handover routes need: the case deps (audited in the staff and admin functions), the roster, and members' busy calendars.
import { z } from '@hono/zod-openapi';
import { dynamoAssignedOpenCases } from '#adapters/dynamo/assigned-cases.ts';
import type { Caller } from '#domain/access.ts';
import { BUSY_BUCKET_MINUTES } from '#domain/availability.ts';
import type { ActorRole } from '#domain/case.ts';
import { PreconditionFailed } from '#domain/errors.ts';
import type { Actor } from '#use-cases/case-actions.ts';
import type { HandoverDeps, RecusalDeps } from '#use-cases/recusals.ts';
import type { RouteContext } from '../route-context.ts';
import { bookingDepsOf, type caseDepsOf } from '../route-deps.ts';
import { errorContent } from '../schemas.ts';

export type RecusalRouteDeps = ReturnType<typeof caseDepsOf> & RecusalDeps & HandoverDeps;

/** The dependencies of these routes, from the given case deps and the booking ones of the same context. */
export function recusalDepsOf(
  context: RouteContext,
  cases: ReturnType<typeof caseDepsOf>,
): RecusalRouteDeps {
  const { bookings } = bookingDepsOf(context);
  const bucket = BUSY_BUCKET_MINUTES * 60_000;
  return {
    ...cases,
    catalogue: context.catalogue,
    async busy(memberId, from, to) {
      // Buckets are keyed by their start: the one a time inside it falls in starts before it.
      const first = new Date(Math.floor(from.getTime() / bucket) * bucket);
      const held = await bookings.busy(memberId, first, new Date(to.getTime() - 1));
      return [...held.values()]
        .filter((b) => b.count > 0)
        .map((b) => ({ start: b.start.getTime(), end: b.start.getTime() + bucket }));
    },
    assignedOpenCases: dynamoAssignedOpenCases(context.deps.table),
  };
}

export const CaseParam = z.object({ caseNumber: z.string().max(40) });
export const MemberId = z.string().trim().min(1).max(64);
export const Recusal = z
  .object({ memberId: MemberId, reason: z.string().trim().min(1).max(500) })
  .strict()
  .openapi('Recusal');
export const RecusalDone = z
  .object({
    caseNumber: z.string(),
    version: z.number().int(),
    memberId: z.string(),
    replacements: z.array(z.object({ sessionId: z.string(), memberId: z.string().nullable() })),
    assignee: z.object({ rosterMemberId: z.string().nullable(), name: z.string() }).nullable(),
  })
  .openapi('RecusalDone');
export const recusalErrors = {
  400: errorContent('Invalid fields'),
  404: errorContent('No such case'),
  409: errorContent(
    'STAGE_CONFLICT: the member is not on the case, or it is closed; SLOT_FULL: the replacement’s time was taken meanwhile',
  ),
} as const;

const roleOf = (caller: Caller): ActorRole =>
  caller.roles.includes('judge')
    ? 'judge'
    : caller.roles.includes('mediator')
      ? 'mediator'
      : caller.roles.includes('agency_admin')
        ? 'agency'
        : 'panel';
export const actorOf = (caller: Caller): Actor => ({
  role: roleOf(caller),
  id: `${caller.issuer}#${caller.subject}`,
  name: caller.name,
  rosterMemberId: caller.rosterMemberId,
});

export function versionOf(header: string | undefined): number {
  const match = header ? /^(?:W\/)?"?(\d+)"?$/.exec(header.trim()) : null;
  if (!match) throw new PreconditionFailed({ 'If-Match': 'required: the case’s ETag' });
  return Number(match[1]);
}

// Recusal (回避) by staff, and a case party's audited unmask.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Forbidden, NotFound } from '#domain/errors.ts';
import { caseFor, partyBinding } from '#use-cases/case-parties.ts';

import type { AppEnv } from '../app-env.ts';
import { newRouter } from '../router.ts';
import { errorContent, json } from '../schemas.ts';
import { bearer, staffErrors } from './bearer-auth.ts';
import {
  actorOf,
  CaseParam,
  Recusal,
  RecusalDone,
  type RecusalRouteDeps,
  recusalErrors,
  versionOf,
} from './recusal-deps.ts';

async function inScope(c: Context<AppEnv>, deps: RecusalRouteDeps, caseNumber: string) {
  const record = await caseFor(deps, caseNumber.trim().toUpperCase());
  await c.get('staff').requireRegion(record.handlingRegionId);
  return record;
}

/** Staff: recusal (mediators, the agency, or the member themselves) and a party's audited unmask. */
/** Read on the first request that needs it (not at cold start). */
const recusals = () => import('#use-cases/recusals.ts');

export function staffRecusalRoutes(deps: RecusalRouteDeps) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/staff/cases/{caseNumber}/recusals',
        summary: 'Recuse a member (回避): replaced on the scheduled session, or as the mediator',
        description:
          'A mediator or the agency recuses anyone on the case; any other member only themselves. Requires `If-Match`. Every party is told.',
        tags: ['staff'],
        security: bearer,
        request: {
          params: CaseParam,
          headers: z.object({ 'If-Match': z.string().optional() }),
          body: { required: true, content: json(Recusal) },
        },
        responses: {
          200: { description: 'Recused; who took the seats', content: json(RecusalDone) },
          ...staffErrors,
          ...recusalErrors,
          412: errorContent('PRECONDITION_FAILED: the case moved on'),
        },
      }),
      async (c) => {
        const record = await inScope(c, deps, c.req.valid('param').caseNumber);
        const version = versionOf(c.req.header('If-Match'));
        const body = c.req.valid('json');
        const { caller } = c.get('staff');
        const done = await (await recusals()).recuse(
          deps,
          record.caseNumber,
          body,
          actorOf(caller),
          {
            expectedVersion: version,
            authorize: () => {
              const lead =
                caller.roles.includes('mediator') || caller.roles.includes('agency_admin');
              if (!lead && caller.rosterMemberId !== body.memberId)
                throw new Forbidden({
                  reason: 'members other than the mediator recuse only themselves',
                });
            },
          },
        );
        c.header('ETag', `"${done.record.version}"`);
        c.header('Cache-Control', 'no-store');
        return c.json(
          {
            caseNumber: done.record.caseNumber,
            version: done.record.version,
            memberId: body.memberId,
            replacements: done.replacements,
            assignee: done.assignee,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/staff/cases/{caseNumber}/parties/{partyId}/unmask',
        summary: 'Show a party’s full phone or ID number, for a stated reason (audited)',
        tags: ['staff'],
        security: bearer,
        request: {
          params: CaseParam.extend({ partyId: z.string().max(16) }),
          body: {
            required: true,
            content: json(
              z
                .object({
                  field: z.enum(['phone', 'idNumber']),
                  reason: z.string().trim().min(2).max(200),
                })
                .strict(),
            ),
          },
        },
        responses: {
          200: {
            description: 'The full number (null when none is on file)',
            content: json(
              z.object({
                partyId: z.string(),
                field: z.enum(['phone', 'idNumber']),
                value: z.string().nullable(),
              }),
            ),
          },
          400: errorContent('Invalid fields'),
          ...staffErrors,
          404: errorContent('No such case or party'),
        },
      }),
      async (c) => {
        const { caseNumber, partyId } = c.req.valid('param');
        const record = await inScope(c, deps, caseNumber);
        const party = record.parties.find((p) => p.partyId === partyId);
        if (!party) throw new NotFound({ partyId });
        const { field } = c.req.valid('json');
        const sealed = field === 'phone' ? party.phoneSealed : party.idNumberSealed;
        // The audit trail writes its entry after this handler and before the answer leaves.
        const value = sealed
          ? await deps.codec.open(
              field === 'phone' ? 'mobile' : 'id_number',
              sealed,
              partyBinding(record.caseId, partyId),
            )
          : null;
        c.header('Cache-Control', 'no-store');
        return c.json({ partyId, field, value }, 200);
      },
    );
}

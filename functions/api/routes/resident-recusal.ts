// A party asks for a member's recusal (回避) with the case's tracking code.
import { createRoute } from '@hono/zod-openapi';
import { maskName } from '#domain/case.ts';
import { NotFound } from '#domain/errors.ts';
import type { Actor } from '#use-cases/case-actions.ts';
import { caseFor, casePartyCodes, trackingView } from '#use-cases/cases.ts';
import { requireTrackingCode } from '../middleware/tracking-code.ts';
import { newRouter } from '../router.ts';
import { errorContent, json, TrackingCodeHeader } from '../schemas.ts';
import { TrackingSchema } from './cases.ts';
import { CaseParam, Recusal, type RecusalRouteDeps, recusalErrors } from './recusal-deps.ts';

/** A party asks for a member's recusal with its code; the timeline records it. */
export function residentRecusalRoutes(deps: RecusalRouteDeps) {
  const resident = requireTrackingCode({
    ...deps,
    param: 'caseNumber',
    parties: casePartyCodes(deps),
  });
  return newRouter().openapi(
    createRoute({
      method: 'post',
      path: '/api/cases/{caseNumber}/recusal',
      summary: 'Ask for a member’s recusal (回避): another member takes the seat',
      tags: ['residents'],
      middleware: [resident] as const,
      request: {
        params: CaseParam,
        headers: TrackingCodeHeader,
        body: { required: true, content: json(Recusal) },
      },
      responses: {
        200: { description: 'Recused', content: json(TrackingSchema) },
        ...recusalErrors,
        404: errorContent('Unknown case or wrong code (the same answer for both)'),
        429: errorContent('Too many wrong codes for this case'),
      },
    }),
    async (c) => {
      const { reference, partyId } = c.get('resident');
      const body = c.req.valid('json');
      const found = (await caseFor(deps, reference)).parties.find((p) => p.partyId === partyId);
      if (!found) throw new NotFound();
      // A resident's name is personal data: the log and the timeline hold it masked.
      const actor: Actor = { role: found.role, id: `party:${partyId}`, name: maskName(found.name) };
      // On the case's timeline (the party, masked): the audit log is of staff actions.
      // Loaded by the first recusal (residents rarely ask for one).
      await (await import('#use-cases/recusals.ts')).recuse(deps, reference, body, actor);
      return c.json(await trackingView(deps, reference, partyId), 200);
    },
  );
}

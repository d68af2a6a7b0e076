// The agency hands a member's open cases to another member during leave.
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter } from '../router.ts';
import { errorContent, json } from '../schemas.ts';
import { bearer, staffErrors } from './bearer-auth.ts';
import { actorOf, MemberId, type RecusalRouteDeps } from './recusal-deps.ts';

/** The agency hands a member's open cases to another member (leave). */
/** Read on the first request that needs it (not at cold start). */
const recusals = () => import('#use-cases/recusals.ts');

export function handoverRoutes(deps: RecusalRouteDeps) {
  return newRouter().openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/roster/{memberId}/handover',
      summary: 'Hand a member’s open cases to another member (same kind, or a mediator)',
      description:
        'Moves every open case in the caller’s region whose assignee is the member; each move is audited and on the case’s timeline. A case the target was recused from, or whose region the target does not serve, stays and is listed in `skipped`. A re-run moves nothing more.',
      tags: ['admin'],
      security: bearer,
      request: {
        params: z.object({ memberId: MemberId }),
        body: {
          required: true,
          content: json(
            z
              .object({ toMemberId: MemberId, reason: z.string().trim().min(1).max(500) })
              .strict()
              .openapi('Handover'),
          ),
        },
      },
      responses: {
        200: {
          description:
            'The cases moved (none on a re-run), and those left with their assignee: the target was recused from them, or does not serve their region',
          content: json(
            z
              .object({
                moved: z.array(z.string()),
                skipped: z.array(
                  z.object({
                    caseNumber: z.string(),
                    reason: z.enum(['recused', 'not_served']),
                  }),
                ),
              })
              .openapi('HandoverDone'),
          ),
        },
        400: errorContent('Invalid fields (an unknown, unsuitable or absent target member)'),
        ...staffErrors,
        404: errorContent('No such roster member'),
      },
    }),
    async (c) => {
      const staff = c.get('staff');
      const { city } = await deps.catalogue();
      const within: string[] = [];
      for (const r of city.regions)
        if (r.level !== 'grid' && r.level !== 'city' && (await staff.inRegion(r.id)))
          within.push(r.id);
      const body = c.req.valid('json');
      const result = await (await recusals()).handOver(
        deps,
        {
          fromMemberId: c.req.valid('param').memberId,
          toMemberId: body.toMemberId,
          reason: body.reason,
          regionIds: within,
        },
        actorOf(staff.caller),
      );
      c.header('Cache-Control', 'no-store');
      return c.json(result, 200);
    },
  );
}

// The agency's supervision (督办): overdue cases by level with who is responsible and for how long; a reminder to them; escalation one level up.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { dynamoSupervisionStore } from '#adapters/dynamo/supervision-store.ts';
import type { Caller } from '#domain/access.ts';
import { PreconditionFailed } from '#domain/errors.ts';
import { CaseStage, HandlingLevel } from '#domain/vocabulary.ts';
import type { Actor } from '#use-cases/case-actions.ts';
import type { SupervisionDeps } from '#use-cases/supervision.ts';
import type { AppEnv } from '../app-env.ts';
import { auditedCaseDepsOf } from '../audited-deps.ts';
import { idempotent } from '../middleware/idempotency.ts';
import type { RouteContext } from '../route-context.ts';
import { newRouter } from '../router.ts';
import { errorContent, json } from '../schemas.ts';
import { bearer, staffErrors } from './bearer-auth.ts';

/** Read on the first request that needs them (not at cold start). */
const supervision = () => import('#use-cases/supervision.ts');

const CaseParam = z.object({ caseNumber: z.string().max(40) });
const Headers = z.object({
  'Idempotency-Key': z.string().optional().openapi({ description: 'Required (CONTRACT.md)' }),
});

const OverdueCase = z
  .object({
    caseNumber: z.string(),
    category: z.string(),
    level: HandlingLevel,
    regionId: z.string(),
    regionName: z.string(),
    stage: CaseStage,
    step: z.string().nullable().openapi({ description: 'The open step (ASL state)' }),
    dueAt: z.string().openapi({ description: 'The deadline that lapsed' }),
    overdueDays: z.number().int().openapi({ description: 'Business days since that deadline' }),
    responsible: z
      .object({ rosterMemberId: z.string().nullable(), name: z.string() })
      .nullable()
      .openapi({ description: 'The assignee; null when nobody has taken the case' }),
    reminders: z.number().int(),
    lastRemindedAt: z.string().nullable(),
  })
  .openapi('OverdueCase');

const caseErrors = {
  ...staffErrors,
  400: errorContent('Invalid fields, or no Idempotency-Key'),
  404: errorContent('No such case'),
  409: errorContent('STAGE_CONFLICT: the case is not overdue, or its step cannot do this'),
  422: errorContent('IDEMPOTENCY_KEY_REUSED: the key was used with another body'),
} as const;

/** The agency acts as itself on a case's timeline (`agency`), named in the audit log. */
const actorOf = (caller: Caller): Actor => ({
  role: 'agency',
  id: `${caller.issuer}#${caller.subject}`,
  name: caller.name,
  rosterMemberId: caller.rosterMemberId,
});

/** `"7"`, `W/"7"` or `7` → 7; absent: the version read now; malformed → 412. */
function versionOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match) throw new PreconditionFailed({ 'If-Match': 'the case’s ETag ("<version>")' });
  return Number(match[1]);
}

export function supervisionDepsOf(context: RouteContext): SupervisionDeps {
  return {
    ...auditedCaseDepsOf(context),
    supervision: dynamoSupervisionStore(context.deps.table),
  };
}

export function adminSupervisionRoutes(context: RouteContext) {
  const deps = supervisionDepsOf(context);
  const once = idempotent({ store: context.services.idempotency, clock: context.deps.clock });
  /** The case, refused (403) outside the caller's region. */
  async function inScope(c: Context<AppEnv>, caseNumber: string) {
    const number = caseNumber.trim().toUpperCase();
    const record = await deps.cases.get(number);
    if (record) await c.get('staff').requireRegion(record.handlingRegionId);
    return number;
  }

  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/admin/supervision',
        summary:
          'Overdue cases (督办) in the caller’s region, by level: who is responsible, for how long, reminders sent',
        description:
          'Open cases whose step’s deadline lapsed (the workflow sent its supervision notice), longest overdue first.',
        tags: ['admin'],
        security: bearer,
        request: { query: z.object({ level: HandlingLevel.optional() }) },
        responses: {
          200: {
            description: 'Longest overdue first',
            content: json(z.object({ asOf: z.string(), cases: z.array(OverdueCase) })),
          },
          400: errorContent('VALIDATION_FAILED: an unknown level'),
          ...staffErrors,
        },
      }),
      async (c) => {
        const staff = c.get('staff');
        // The list is the caller's region subtree: the region check is the caller's own.
        await staff.requireRegion(staff.caller.regionId);
        const { level } = c.req.valid('query');
        const list = await (await supervision()).overdueCases(deps, {
          withinRegionId: staff.caller.regionId,
          ...(level ? { level } : {}),
        });
        c.header('Cache-Control', 'no-store');
        return c.json(list, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/admin/supervision/{caseNumber}/reminder',
        summary: 'Remind whoever is responsible for an overdue case (催办)',
        description:
          'Requires `Idempotency-Key` (a replay sends nothing again). The assignee’s staff account by e-mail when it has an address, and the handling level’s service points by SMS when their number is a mobile; recorded on the case’s timeline (`supervision`) and counted on the overdue list.',
        tags: ['admin'],
        security: bearer,
        middleware: [once] as const,
        request: { params: CaseParam, headers: Headers },
        responses: {
          200: {
            description: 'Recorded; `sentTo`: messages sent',
            content: json(
              z
                .object({ caseNumber: z.string(), remindedAt: z.string(), sentTo: z.number() })
                .openapi('SupervisionReminder'),
            ),
          },
          ...caseErrors,
        },
      }),
      async (c) => {
        const caseNumber = await inScope(c, c.req.valid('param').caseNumber);
        const done = await (await supervision()).remindOverdue(
          deps,
          caseNumber,
          actorOf(c.get('staff').caller),
        );
        c.header('Cache-Control', 'no-store');
        return c.json(done, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/admin/supervision/{caseNumber}/escalate',
        summary: 'Escalate an overdue case one level up (village → town → county)',
        description:
          'Requires `Idempotency-Key`; `If-Match` (the case’s version) is optional. The same step action a mediator takes: the workflow moves the case to the level named in the answer, with its events and statistics. 409 at the highest handling level, or when the open step takes no escalation (judicial review, follow-up).',
        tags: ['admin'],
        security: bearer,
        middleware: [once] as const,
        request: {
          params: CaseParam,
          headers: Headers.extend({
            'If-Match': z.string().optional().openapi({ description: 'The case’s ETag' }),
          }),
          body: {
            required: true,
            content: json(
              z
                .object({ reason: z.string().trim().min(1).max(1000) })
                .strict()
                .openapi('SupervisionEscalation'),
            ),
          },
        },
        responses: {
          200: {
            description: 'Answered; the level and region the case goes to',
            content: json(
              z.object({ caseNumber: z.string(), level: HandlingLevel, regionId: z.string() }),
            ),
          },
          ...caseErrors,
          412: errorContent('PRECONDITION_FAILED: If-Match is stale'),
        },
      }),
      async (c) => {
        const caseNumber = await inScope(c, c.req.valid('param').caseNumber);
        const version = versionOf(c.req.header('If-Match'));
        const done = await (await supervision()).escalateOverdue(
          deps,
          caseNumber,
          actorOf(c.get('staff').caller),
          { reason: c.req.valid('json').reason, ...(version === undefined ? {} : { version }) },
        );
        c.header('Cache-Control', 'no-store');
        return c.json(done, 200);
      },
    );
}

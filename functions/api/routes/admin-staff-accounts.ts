// The agency's staff accounts (/api/admin/staff-accounts): listed within the admin's region, created (a Cognito user, or an external issuer's `sub`), disabled and enabled — refused or let in from the next request on.
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { IdempotencyStore } from '#adapters/idempotency-store.port.ts';
import { Code, StaffRole } from '#domain/vocabulary.ts';
import type { StaffAccountDeps } from '#use-cases/staff-accounts.ts';
import type { AppEnv } from '../app-env.ts';
import { idempotent } from '../middleware/idempotency.ts';
import { newRouter } from '../router.ts';
import { errorContent, json, PersonName } from '../schemas.ts';
import { bearer, staffErrors } from './bearer-auth.ts';

/** Read on the first request that needs it (not at cold start). */
const accounts = () => import('#use-cases/staff-accounts.ts');

const Account = z
  .object({
    issuer: z.string(),
    subject: z.string().openapi({ description: 'The token’s `sub`' }),
    name: z.string(),
    roles: z.array(StaffRole),
    regionId: z.string(),
    rosterMemberId: z.string().nullable(),
    enabled: z.boolean(),
    email: z.string().optional(),
    username: z.string().optional().openapi({ description: 'The Cognito user name' }),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
  })
  .openapi('StaffAccount');

const NewAccount = z
  .strictObject({
    name: PersonName,
    roles: z.array(StaffRole).min(1).max(8),
    regionId: Code,
    rosterMemberId: Code.nullable().optional(),
    email: z.email().max(254).optional().openapi({
      description: 'Cognito issuer: the user is created with this e-mail, which gets the sign-in',
    }),
    subject: z.string().trim().min(1).max(255).optional().openapi({
      description: 'External issuer: the user’s `sub` there',
    }),
  })
  .openapi('NewStaffAccount');

const SubjectParam = z.object({ subject: z.string().min(1).max(255) });

export function adminStaffAccountRoutes(
  deps: StaffAccountDeps & { idempotency: IdempotencyStore },
) {
  const create: MiddlewareHandler<AppEnv> = idempotent({
    store: deps.idempotency,
    clock: deps.clock,
  });
  const toggle = (enabled: boolean) =>
    createRoute({
      method: 'post',
      path: `/api/admin/staff-accounts/{subject}/${enabled ? 'enable' : 'disable'}`,
      summary: enabled
        ? 'Enable a staff account (and its Cognito user)'
        : 'Disable a staff account (and its Cognito user): refused from the next request on',
      tags: ['admin'],
      security: bearer,
      request: { params: SubjectParam },
      responses: {
        200: { description: 'The account now', content: json(z.object({ account: Account })) },
        400: errorContent('An admin does not disable their own account'),
        ...staffErrors,
        404: errorContent('No account of this issuer with this subject'),
      },
    });

  const router = newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/admin/staff-accounts',
        summary: 'The staff accounts whose region lies in the caller’s, and how a new one signs in',
        tags: ['admin'],
        security: bearer,
        responses: {
          200: {
            description: 'The accounts',
            content: json(
              z
                .object({
                  accounts: z.array(Account),
                  signInBy: z.enum(['email', 'subject']).openapi({
                    description:
                      'What a new account is given: `email` (Cognito is the issuer: the user is created) or `subject` (an external issuer’s `sub`)',
                  }),
                })
                .openapi('StaffAccounts'),
            ),
          },
          ...staffErrors,
        },
      }),
      async (c) => {
        const staff = c.get('staff');
        await staff.requireRegion(staff.caller.regionId);
        const list = await (await accounts()).listAccounts(deps, staff.inRegion);
        c.header('Cache-Control', 'no-store');
        const signInBy =
          deps.directory.kind === 'cognito' ? ('email' as const) : ('subject' as const);
        return c.json({ accounts: list, signInBy }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/admin/staff-accounts',
        summary: 'Create a staff account (a Cognito user where Cognito is the issuer)',
        description:
          'Cognito issuer: give `email` (the user is created and sent a temporary password; a retry with the same e-mail finds that user). External issuer: give `subject`, the user’s `sub` there. Roles that sit on sessions need a `rosterMemberId`. The region lies in the caller’s.',
        tags: ['admin'],
        security: bearer,
        middleware: [create] as const,
        request: {
          headers: z.object({ 'Idempotency-Key': z.string().optional() }),
          body: { required: true, content: json(NewAccount) },
        },
        responses: {
          201: { description: 'Created', content: json(z.object({ account: Account })) },
          400: errorContent('Invalid fields, an unknown region or member, or an existing account'),
          ...staffErrors,
        },
      }),
      async (c) => {
        const staff = c.get('staff');
        const account = await (await accounts()).createAccount(
          deps,
          c.req.valid('json'),
          staff.requireRegion,
        );
        c.header('Cache-Control', 'no-store');
        return c.json({ account }, 201);
      },
    );
  for (const enabled of [false, true]) {
    router.openapi(toggle(enabled), async (c) => {
      const staff = c.get('staff');
      const account = await (await accounts()).setAccountEnabled(
        deps,
        { subject: c.req.valid('param').subject, enabled, self: staff.caller },
        staff.requireRegion,
      );
      c.header('Cache-Control', 'no-store');
      return c.json({ account }, 200);
    });
  }
  return router;
}

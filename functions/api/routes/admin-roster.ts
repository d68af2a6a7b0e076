// The agency's roster (/api/admin/roster): members within the admin's region, one member created or replaced under If-Match (kind, services, weekly shifts, leave), effective at once for bookings and panel proposals.
import { createRoute, z } from '@hono/zod-openapi';
import { RosterMember } from '#config/city-schema.ts';
import { ValidationFailed } from '#domain/errors.ts';
import type { SetupDeps } from '#use-cases/city-setup.ts';
import { newRouter } from '../router.ts';
import { json } from '../schemas.ts';
import { editErrors, IfMatch, versionOf, Warnings } from './admin-setup.ts';
import { bearer, staffErrors } from './bearer-auth.ts';

/** Read on the first request that needs it (not at cold start). */
const setup = () => import('#use-cases/city-setup.ts');

export function adminRosterRoutes(deps: SetupDeps) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/admin/roster',
        summary:
          'The roster members whose home region lies in the caller’s; ETag is the setup’s version',
        tags: ['admin'],
        security: bearer,
        responses: {
          200: {
            description: 'The members',
            content: json(
              z.object({ version: z.int(), members: z.array(RosterMember) }).openapi('AdminRoster'),
            ),
          },
          ...staffErrors,
        },
      }),
      async (c) => {
        const staff = c.get('staff');
        const { version, members } = await (await setup()).readRoster(deps);
        // The caller's own region is always theirs: the scope is checked even for an empty list.
        await staff.requireRegion(staff.caller.regionId);
        const mine = [];
        for (const member of members) if (await staff.inRegion(member.regionId)) mine.push(member);
        c.header('ETag', `"${version}"`);
        c.header('Cache-Control', 'no-store');
        return c.json({ version, members: mine }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/admin/roster/{memberId}',
        summary: 'Create or replace one roster member (kind, services, weekly shifts, leave)',
        description:
          'The body is the member exactly as the city schema defines it; checked with the rest of the config (points, services, shifts inside the points’ hours). Both the member’s old and new home region lie in the caller’s. Leave removes that member’s slots and proposals from the next query on.',
        tags: ['admin'],
        security: bearer,
        request: {
          params: z.object({ memberId: z.string().max(64) }),
          headers: IfMatch,
          body: { required: true, content: json(RosterMember) },
        },
        responses: {
          200: {
            description: 'Written; ETag is the new version',
            content: json(
              z
                .object({ version: z.int(), member: RosterMember, warnings: Warnings })
                .openapi('RosterMemberWritten'),
            ),
          },
          ...editErrors,
        },
      }),
      async (c) => {
        const { memberId } = c.req.valid('param');
        const member = c.req.valid('json');
        if (member.id !== memberId)
          throw new ValidationFailed({ 'json.id': `must be the path’s '${memberId}'` });
        const staff = c.get('staff');
        const result = await (await setup()).putRosterMember(deps, {
          version: versionOf(c.req.header('If-Match')),
          member,
          requireRegion: staff.requireRegion,
        });
        c.header('ETag', `"${result.version}"`);
        c.header('Cache-Control', 'no-store');
        return c.json(result, 200);
      },
    );
}

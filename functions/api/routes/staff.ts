// Staff: who am I (GET /api/staff/me) and a region of mine (GET /api/staff/regions/{regionId}).
import { createRoute, z } from '@hono/zod-openapi';
import type { CityStore } from '#adapters/city-store.port.ts';
import { NotFound } from '#domain/errors.ts';
import { buildRegionTree } from '#domain/region-tree.ts';
import { RegionLevel, StaffRole } from '#domain/vocabulary.ts';
import { ErrorResponse } from '../http-errors.ts';
import { newRouter } from '../router.ts';
import { json } from '../schemas.ts';
import { bearer, staffErrors } from './bearer-auth.ts';

const Me = z
  .object({
    name: z.string().openapi({ example: '马永福' }),
    roles: z.array(StaffRole),
    region: z.object({ id: z.string(), name: z.string(), nameEn: z.string(), level: RegionLevel }),
    rosterMemberId: z.string().nullable().openapi({ example: 'wz-ma-yongfu' }),
  })
  .openapi('StaffMe');

interface RegionShape {
  id: string;
  name: string;
  nameEn: string;
  level: z.infer<typeof RegionLevel>;
  children: RegionShape[];
}
const StaffRegion: z.ZodType<RegionShape> = z
  .object({
    id: z.string(),
    name: z.string(),
    nameEn: z.string(),
    level: RegionLevel,
    get children() {
      return z.array(StaffRegion);
    },
  })
  .openapi('StaffRegion');

export function staffRoutes(deps: { cities: CityStore; cityId: string }) {
  async function regions() {
    const city = await deps.cities.readCity(deps.cityId);
    if (!city) throw new NotFound();
    return city.regions;
  }
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/staff/me',
        summary: 'The signed-in staff member: roles, region, roster member',
        tags: ['staff'],
        security: bearer,
        responses: { 200: { description: 'The caller', content: json(Me) }, ...staffErrors },
      }),
      async (c) => {
        const { caller } = c.get('staff');
        const region = (await regions()).find((r) => r.id === caller.regionId);
        c.header('Cache-Control', 'no-store');
        return c.json(
          {
            name: caller.name,
            roles: caller.roles,
            region: region
              ? { id: region.id, name: region.name, nameEn: region.nameEn, level: region.level }
              : {
                  id: caller.regionId,
                  name: caller.regionId,
                  nameEn: caller.regionId,
                  level: 'city' as const,
                },
            rosterMemberId: caller.rosterMemberId,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/staff/regions/{regionId}',
        summary: 'A region inside the caller’s, with everything under it',
        tags: ['staff'],
        security: bearer,
        request: { params: z.object({ regionId: z.string().max(64) }) },
        responses: {
          200: { description: 'The region and its subtree', content: json(StaffRegion) },
          ...staffErrors,
          404: { description: 'No such region', content: json(ErrorResponse) },
        },
      }),
      async (c) => {
        const { regionId } = c.req.valid('param');
        const all = await regions();
        // The subtree rooted at the region: the tree builder, fed the region as the only root.
        const subtree = buildRegionTree(
          all.map((r) => (r.id === regionId ? { ...r, parentId: null } : r)),
        ).find((root) => root.id === regionId);
        if (!subtree) throw new NotFound();
        c.header('Cache-Control', 'no-store');
        return c.json(subtree, 200);
      },
    );
}

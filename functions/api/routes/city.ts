// GET /api/city: the city's name, regions tree, dispute categories and services, for every page.
import { createRoute, z } from '@hono/zod-openapi';
import type { CityStore } from '#adapters/city-store.port.ts';
import { RegionLevel, ServiceMode } from '#domain/vocabulary.ts';
import { getCity } from '#use-cases/get-city.ts';
import { ErrorResponse } from '../http-errors.ts';
import { newRouter } from '../router.ts';

interface RegionNodeShape {
  id: string;
  name: string;
  nameEn: string;
  level: z.infer<typeof RegionLevel>;
  children: RegionNodeShape[];
}

const RegionNode: z.ZodType<RegionNodeShape> = z
  .object({
    id: z.string().openapi({ example: 'wz-litong-gjq' }),
    name: z.string().openapi({ example: '郭家桥乡' }),
    nameEn: z.string().openapi({ example: 'Guojiaqiao Township' }),
    level: RegionLevel,
    get children() {
      return z.array(RegionNode);
    },
  })
  .openapi('RegionNode');

const City = z
  .object({
    id: z.string().openapi({ example: 'wuzhong' }),
    name: z.string().openapi({ example: '吴忠市' }),
    nameEn: z.string().openapi({ example: 'Wuzhong' }),
    regions: z
      .array(RegionNode)
      .openapi({ description: 'The regions tree, from the deploying jurisdiction down' }),
    categories: z.array(
      z.object({ id: z.string(), name: z.string(), nameEn: z.string() }).openapi('Category'),
    ),
    services: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          nameEn: z.string(),
          description: z.string(),
          descriptionEn: z.string(),
          durationMinutes: z.number().int(),
          capacity: z
            .number()
            .int()
            .openapi({ description: 'People one slot takes (above 1 for a lecture)' }),
          modes: z.array(ServiceMode),
        })
        .openapi('Service'),
    ),
  })
  .openapi('City');

const route = createRoute({
  method: 'get',
  path: '/api/city',
  summary: 'The city: regions, dispute categories and services',
  tags: ['city'],
  responses: {
    200: { description: 'The city', content: { 'application/json': { schema: City } } },
    503: {
      description: 'The city is not seeded yet',
      content: { 'application/json': { schema: ErrorResponse } },
    },
  },
});

export function cityRoutes(deps: { cities: CityStore; cityId: string }) {
  return newRouter().openapi(route, async (c) => {
    const city = await getCity(deps, deps.cityId);
    // Run-time config changes rarely (an admin's edit); phones may reuse it for a minute.
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(city, 200);
  });
}

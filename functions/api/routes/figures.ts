// The city's public figures for residents (the transparency page): counts and shares of the last twelve months, no personal data, no sign-in.
import { createRoute, z } from '@hono/zod-openapi';
import type { StatisticsDeps } from '#use-cases/statistics.ts';
import { newRouter } from '../router.ts';
import { json } from '../schemas.ts';
import { ByMonth, FiguresSchema } from './statistics-schemas.ts';

const statistics = () => import('#use-cases/statistics.ts');

const Published = z
  .object({
    city: z.object({ name: z.string(), nameEn: z.string() }),
    from: z.string(),
    to: z.string(),
    figures: FiguresSchema,
    byMonth: ByMonth,
  })
  .openapi('PublicFigures');

export function figuresRoutes(deps: StatisticsDeps) {
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/figures',
      summary: 'The city’s figures of the last twelve months (no sign-in)',
      tags: ['public'],
      responses: {
        200: { description: 'Counts and shares only: nobody is named', content: json(Published) },
      },
    }),
    async (c) => {
      const figures = await (await statistics()).publicFigures(deps);
      // Counters move with every case event; a minute old is fresh enough for residents.
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(figures, 200);
    },
  );
}

// The agency's statistics (DOMAIN.md): a period and scope as JSON, or as CSV for Excel; the caller's region subtree only.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HandlingLevel } from '#domain/vocabulary.ts';
import type { StatisticsQuery } from '#use-cases/statistics.ts';
import type { AppEnv } from '../app-env.ts';
import { pickLocale } from '../messages.ts';
import type { RouteContext } from '../route-context.ts';
import { newRouter } from '../router.ts';
import { errorContent, json } from '../schemas.ts';
import { bearer, staffErrors } from './bearer-auth.ts';
import { statisticsDepsOf } from './statistics-deps.ts';
import { ByMonth, FiguresSchema } from './statistics-schemas.ts';

/** Read on the first request that needs them (not at cold start). */
const statistics = () => import('#use-cases/statistics.ts');
const csv = () => import('#domain/statistics-csv.ts');

const Query = z.object({
  from: z
    .string()
    .optional()
    .openapi({ description: 'YYYY-MM (business time); default 11 months before `to`' }),
  to: z.string().optional().openapi({ description: 'YYYY-MM; default this month' }),
  regionId: z.string().max(80).optional().openapi({
    description: 'A region inside the caller’s; default the caller’s own region',
  }),
  level: HandlingLevel.optional().openapi({ description: 'Only what happened at this level' }),
  category: z.string().max(80).optional(),
});

const Named = { name: z.string(), nameEn: z.string(), figures: FiguresSchema };
const Report = z
  .object({
    from: z.string(),
    to: z.string(),
    reportDate: z.string().openapi({ description: 'Cohort figures are counted up to this date' }),
    scope: z.object({
      regionId: z.string(),
      level: HandlingLevel.nullable(),
      category: z.string().nullable(),
    }),
    figures: FiguresSchema,
    byMonth: ByMonth,
    byRegion: z.array(z.object({ regionId: z.string(), ...Named })),
    byCategory: z.array(z.object({ category: z.string(), ...Named })),
  })
  .openapi('StatisticsReport');

const errors = {
  ...staffErrors,
  400: errorContent(
    'VALIDATION_FAILED: a malformed month, a period over 60 months, an unknown category or level',
  ),
  404: errorContent('An unknown region'),
} as const;

export function adminStatsRoutes(context: RouteContext) {
  const deps = statisticsDepsOf(context);
  /** The report asked for, within the caller's region subtree (403 outside it). */
  async function reportOf(c: Context<AppEnv>, query: StatisticsQuery) {
    const staff = c.get('staff');
    const asked: StatisticsQuery = Object.fromEntries(
      Object.entries(query).filter(([, v]) => v !== undefined && v !== ''),
    );
    await staff.requireRegion(asked.regionId ?? staff.caller.regionId);
    c.header('Cache-Control', 'no-store');
    return (await statistics()).statisticsFor(deps, asked, staff.caller.regionId);
  }

  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/admin/stats',
        summary:
          'Statistics of a period and scope: the figures, by month, by region below, by category',
        description:
          'Read from counters written with each case event (never a scan); docs/statistics.md defines each figure. Closure and escalation rates are cohort figures: of the cases accepted in the period, as of the report date.',
        tags: ['admin'],
        security: bearer,
        request: { query: Query },
        responses: {
          200: { description: 'The report', content: json(Report) },
          ...errors,
        },
      }),
      async (c) => c.json(await reportOf(c, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/admin/stats.csv',
        summary: 'The same report as CSV (UTF-8 with a BOM, so Excel opens the Chinese)',
        description:
          'One row for the whole period, then one per month, per region below and per category; the header in Chinese (English with `Accept-Language: en`). Rates are shares 0–1.',
        tags: ['admin'],
        security: bearer,
        request: { query: Query },
        responses: {
          200: {
            description: 'The report as CSV',
            content: { 'text/csv': { schema: z.string() } },
          },
          ...errors,
        },
      }),
      async (c) => {
        const report = await reportOf(c, c.req.valid('query'));
        const text = (await csv()).statisticsCsv(
          report,
          pickLocale(c.req.header('Accept-Language')),
        );
        return c.body(text, 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="stats-${report.from}-${report.to}.csv"`,
        });
      },
    );
}

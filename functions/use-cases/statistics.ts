// Use cases: the agency's statistics report (a period and a scope) and the city's public figures, read from the counters, never a scan.
import type { StatisticsStore } from '../adapters/statistics-store.port.ts';
import { ValidationFailed } from '../domain/errors.ts';
import type { FlatRegion } from '../domain/region-tree.ts';
import {
  addMonths,
  type Figures,
  isMonth,
  monthsFrom,
  reportChildren,
  type StatisticsReport,
  type StatisticsScope,
  statisticsReport,
} from '../domain/statistics.ts';
import { businessDate, businessMonth, type Clock } from '../domain/time.ts';
import type { HandlingLevel } from '../domain/vocabulary.ts';

export interface StatisticsDeps {
  statistics: StatisticsStore;
  /** The city's run-time config as of now (regions, categories, its name). */
  city(): Promise<{
    city: { name: string; nameEn: string };
    regions: readonly FlatRegion[];
    categories: readonly { id: string; name: string; nameEn: string }[];
  }>;
  clock: Clock;
}

export interface StatisticsQuery {
  from?: string;
  to?: string;
  regionId?: string;
  level?: HandlingLevel;
  category?: string;
}

/** The longest period one report covers (five years of monthly partitions). */
export const MAX_MONTHS = 60;

export type StatisticsAnswer = StatisticsReport & {
  from: string;
  to: string;
  /** The business date the cohort figures are counted up to (today). */
  reportDate: string;
  scope: { regionId: string; level: HandlingLevel | null; category: string | null };
};

/** The period asked for: by default the twelve months up to this one. */
function periodOf(query: StatisticsQuery, now: Date) {
  const problems: Record<string, string> = {};
  if (query.from !== undefined && !isMonth(query.from)) problems['query.from'] = 'a month YYYY-MM';
  if (query.to !== undefined && !isMonth(query.to)) problems['query.to'] = 'a month YYYY-MM';
  if (Object.keys(problems).length) throw new ValidationFailed(problems);
  const to = query.to ?? businessMonth(now);
  const from = query.from ?? addMonths(to, -11);
  if (from > to) throw new ValidationFailed({ 'query.from': 'a month not after `to`' });
  const months = monthsFrom(from, to);
  if (months.length > MAX_MONTHS)
    throw new ValidationFailed({ 'query.from': `at most ${MAX_MONTHS} months from \`to\`` });
  return { from, to, months };
}

/**
 * The report of a period and scope: `regionId` defaults to `withinRegionId` (the caller's own
 * region; the route has checked a region asked for lies inside it).
 */
export async function statisticsFor(
  deps: StatisticsDeps,
  query: StatisticsQuery,
  withinRegionId: string,
): Promise<StatisticsAnswer> {
  const now = deps.clock.now();
  const { from, to, months } = periodOf(query, now);
  const city = await deps.city();
  if (query.category !== undefined && !city.categories.some((c) => c.id === query.category))
    throw new ValidationFailed({ 'query.category': 'a category of this city' });
  const scope: StatisticsScope = {
    regionId: query.regionId ?? withinRegionId,
    ...(query.level ? { level: query.level } : {}),
    ...(query.category ? { category: query.category } : {}),
  };
  const children = reportChildren(city.regions, scope.regionId).map((r) => r.id);
  const counters = await deps.statistics.countersOf({
    months,
    regionId: scope.regionId,
    childIds: children,
    ...(scope.category ? { category: scope.category } : {}),
  });
  return {
    from,
    to,
    reportDate: businessDate(now),
    scope: {
      regionId: scope.regionId,
      level: scope.level ?? null,
      category: scope.category ?? null,
    },
    ...statisticsReport({
      counters,
      months,
      scope,
      regions: city.regions,
      categories: city.categories,
    }),
  };
}

export interface PublicFigures {
  city: { name: string; nameEn: string };
  from: string;
  to: string;
  figures: Figures;
  byMonth: { month: string; figures: Figures }[];
}

/** The city's figures for residents: the whole city over the last twelve months, counts only. */
export async function publicFigures(deps: StatisticsDeps): Promise<PublicFigures> {
  const city = await deps.city();
  const root = city.regions.find((r) => r.parentId === null);
  if (!root) throw new Error('the city has no root region');
  const report = await statisticsFor(deps, {}, root.id);
  return {
    city: { name: city.city.name, nameEn: city.city.nameEn },
    from: report.from,
    to: report.to,
    figures: report.figures,
    byMonth: report.byMonth,
  };
}

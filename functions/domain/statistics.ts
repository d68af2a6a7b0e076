// Statistics an agency expects (DOMAIN.md): each figure defined once, over the counters written in the same transaction as the events.
import type { StatisticsEvent } from './case.ts';
import type { FlatRegion } from './region-tree.ts';
import { addToTally, emptyTally, type Tally } from './statistics-counters.ts';
import type { HandlingLevel } from './vocabulary.ts';

export {
  addToTally,
  countsInReport,
  daysToConclude,
  emptyTally,
  qualifiers,
  rollupOf,
  successfulClosures,
  type Tally,
} from './statistics-counters.ts';

/**
 * One counter as bumped with a case event: how many times `event` (with `qualifier`) happened in
 * `month`, to cases of `category`, at the region and level named (where the event happened; a
 * cohort counter, where the case was accepted). The store adds it to the totals of the region and
 * every region above it (`rollupOf`), so a report reads its scope's totals, not every village's.
 */
export interface CounterRow {
  month: string;
  event: StatisticsEvent;
  regionId: string;
  level: HandlingLevel;
  category: string;
  /** `-` when the counter has none. */
  qualifier: string;
  count: number;
}

/** A share with the two counts it is made of; `rate` null when there is nothing to divide by. */
export interface Rate {
  rate: number | null;
}

export interface Figures {
  /** 受理数: first `triaged` in P, at that level and region. */
  accepted: number;
  /** 办结数: `closed` in P (every closure type), where it closed. */
  concluded: number;
  /** 办结率: of the cases accepted in P, the share closed by the report date. */
  closureRate: Rate & { closed: number; accepted: number };
  /** 调解成功率: of the cases closed in P whose mediation began, the share closed with an agreement. */
  successRate: Rate & { succeeded: number; began: number };
  /** 司法确认数: confirmations granted in P, and rejected. */
  confirmations: { granted: number; rejected: number };
  /** 上交率: of the cases accepted in P, the share escalated at least once (lower is better). */
  escalationRate: Rate & { escalated: number; accepted: number };
  /** Mean of closed − accepted in calendar days over the cases concluded in P. */
  averageDaysToConclude: number | null;
  /** 满意度: ratings given in P, their mean (1–5) and the share of 4–5. */
  satisfaction: { ratings: number; mean: number | null; share4to5: number | null };
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** The figures of a set of counter rows (already narrowed to the period and scope). */
export function figuresOf(rows: readonly CounterRow[]): Figures {
  const tally = emptyTally();
  for (const row of rows) addToTally(tally, row);
  return figuresOfTally(tally);
}

/** The figures of the sums (DOMAIN.md's definitions). */
export function figuresOfTally(tally: Tally): Figures {
  const {
    accepted,
    concluded,
    closedOfCohort,
    escalatedOfCohort,
    began,
    successes,
    days,
    ratings,
    scoreSum,
    high,
  } = tally;
  return {
    accepted,
    concluded,
    closureRate: { closed: closedOfCohort, accepted, rate: share(closedOfCohort, accepted) },
    successRate: { succeeded: successes, began, rate: share(successes, began) },
    confirmations: { granted: tally.granted, rejected: tally.rejected },
    escalationRate: {
      escalated: escalatedOfCohort,
      accepted,
      rate: share(escalatedOfCohort, accepted),
    },
    averageDaysToConclude: share(days, concluded),
    satisfaction: { ratings, mean: share(scoreSum, ratings), share4to5: share(high, ratings) },
  };
}

// ---------------------------------------------------------------------------------------------
// Periods and scopes

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isMonth = (value: string) => MONTH.test(value);

/** `YYYY-MM` moved by `delta` months. */
export function addMonths(month: string, delta: number): string {
  const [, y, m] = MONTH.exec(month) ?? [];
  if (!y || !m) throw new RangeError(`not a month: ${month}`);
  const index = Number(y) * 12 + Number(m) - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included (none when `from` is after `to`). */
export function monthsFrom(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** The region and everything under it. */
export function subtreeOf(regions: readonly FlatRegion[], rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const r of regions)
    if (r.parentId) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
  const ids = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (ids.has(id)) continue;
    ids.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return ids;
}

/** What a report covers: a region subtree, optionally one handling level and one category. */
export interface StatisticsScope {
  regionId: string;
  level?: HandlingLevel;
  category?: string;
}

export interface NamedFigures {
  name: string;
  nameEn: string;
  figures: Figures;
}

export interface StatisticsReport {
  figures: Figures;
  byMonth: { month: string; figures: Figures }[];
  /** The scope region's children that handle cases (grids hand theirs to the village). */
  byRegion: (NamedFigures & { regionId: string })[];
  byCategory: (NamedFigures & { category: string })[];
}

/** A region's subtree counters over some months, as the store reads them for one report. */
export interface SubtreeCounters {
  /** The scope region's subtree totals (every region in it added up). */
  totals: readonly Omit<CounterRow, 'regionId'>[];
  /**
   * The subtree totals of the scope's children (`regionId`): every category added up, or, for a
   * report of one category, that category's (`category` then names it).
   */
  children: readonly (Omit<CounterRow, 'category'> & { category?: string })[];
}

/** The scope region's children that handle cases (grids hand theirs to the village): the by-region rows. */
export const reportChildren = (regions: readonly FlatRegion[], regionId: string) =>
  regions.filter((r) => r.parentId === regionId && r.level !== 'grid');

/**
 * The report of a period (`months`) and a scope, from the scope's subtree counters of those
 * months: the whole, each month, each child region, each category, in one pass over them.
 */
export function statisticsReport(input: {
  counters: SubtreeCounters;
  months: readonly string[];
  scope: StatisticsScope;
  regions: readonly FlatRegion[];
  categories: readonly { id: string; name: string; nameEn: string }[];
}): StatisticsReport {
  const { scope } = input;
  const period = new Set(input.months);
  const children = reportChildren(input.regions, scope.regionId);
  const categories = input.categories.filter((c) => !scope.category || c.id === scope.category);
  const whole = emptyTally();
  const byMonth = new Map(input.months.map((m) => [m, emptyTally()]));
  const byRegion = new Map(children.map((c) => [c.id, emptyTally()]));
  const byCategory = new Map(categories.map((c) => [c.id, emptyTally()]));
  const inScope = (row: { month: string; level: HandlingLevel; category?: string }) =>
    period.has(row.month) &&
    (!scope.level || row.level === scope.level) &&
    (!scope.category || row.category === scope.category);
  for (const row of input.counters.totals) {
    if (!inScope(row)) continue;
    addToTally(whole, row);
    const month = byMonth.get(row.month);
    if (month) addToTally(month, row);
    const category = byCategory.get(row.category);
    if (category) addToTally(category, row);
  }
  for (const row of input.counters.children) {
    const region = byRegion.get(row.regionId);
    if (region && inScope(row)) addToTally(region, row);
  }
  return {
    figures: figuresOfTally(whole),
    byMonth: input.months.map((month) => ({
      month,
      figures: figuresOfTally(byMonth.get(month) ?? emptyTally()),
    })),
    byRegion: children.map((child) => ({
      regionId: child.id,
      name: child.name,
      nameEn: child.nameEn,
      figures: figuresOfTally(byRegion.get(child.id) ?? emptyTally()),
    })),
    byCategory: categories.map((c) => ({
      category: c.id,
      name: c.name,
      nameEn: c.nameEn,
      figures: figuresOfTally(byCategory.get(c.id) ?? emptyTally()),
    })),
  };
}

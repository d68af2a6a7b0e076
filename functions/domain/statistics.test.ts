// The figures of DOMAIN.md from counter rows, and the brute-force recount from events, on hand-made cases whose answers are worked out by hand.
import { describe, expect, it } from 'vitest';
import type { StatisticsEvent } from './case.ts';
import type { FlatRegion } from './region-tree.ts';
import {
  addMonths,
  type CounterRow,
  countsInReport,
  daysToConclude,
  figuresOf,
  monthsFrom,
  rollupOf,
  type StatisticsScope,
  type SubtreeCounters,
  statisticsReport,
  subtreeOf,
} from './statistics.ts';
import { BOM, statisticsCsv } from './statistics-csv.ts';
import { type CaseHistory, figuresFromEvents } from './statistics-from-events.ts';

const regions: FlatRegion[] = [
  { id: 'c', name: '市', nameEn: 'City', level: 'city', parentId: null },
  { id: 'k', name: '县', nameEn: 'County', level: 'county', parentId: 'c' },
  { id: 't', name: '镇', nameEn: 'Town', level: 'town', parentId: 'k' },
  { id: 'v', name: '村', nameEn: 'Village', level: 'village', parentId: 't' },
  { id: 'g', name: '网格', nameEn: 'Grid', level: 'grid', parentId: 'v' },
  { id: 'k2', name: '另一县', nameEn: 'Other county', level: 'county', parentId: 'c' },
];

const row = (
  month: string,
  event: StatisticsEvent,
  qualifier: string,
  count = 1,
  regionId = 'v',
  level: CounterRow['level'] = 'village',
  category = 'neighbours',
): CounterRow => ({ month, event, qualifier, count, regionId, level, category });

/**
 * Case A: accepted in the village in March, mediation began, escalated to the town in March,
 * agreement at the town, confirmation rejected in April, performed, closed in May (61 days),
 * rated 5 and 3 in May. Case B: accepted in March in the village, consent declined, closed the
 * same day. Case C: accepted in April, still open.
 */
const histories: CaseHistory[] = [
  {
    category: 'neighbours',
    events: [
      { seq: 1, at: '2026-03-01T09:00:00+08:00', type: 'filed' },
      {
        seq: 2,
        at: '2026-03-01T09:05:00+08:00',
        type: 'triaged',
        data: { regionId: 'v', level: 'village', first: true },
      },
      {
        seq: 3,
        at: '2026-03-03T10:00:00+08:00',
        type: 'diagnosed',
        data: { mediate: true, consent: true },
      },
      { seq: 4, at: '2026-03-20T10:00:00+08:00', type: 'escalated', data: { trigger: 'staff' } },
      {
        seq: 5,
        at: '2026-03-20T10:00:00+08:00',
        type: 'triaged',
        data: { regionId: 't', level: 'town', first: false },
      },
      {
        seq: 6,
        at: '2026-03-25T10:00:00+08:00',
        type: 'diagnosed',
        data: { mediate: false, consent: false },
      },
      {
        seq: 7,
        at: '2026-04-10T10:00:00+08:00',
        type: 'confirmation_decided',
        data: { granted: false },
      },
      // 23:30 in Shanghai on 1 May is still 1 May: 61 calendar days after 1 March.
      {
        seq: 8,
        at: '2026-05-01T15:30:00Z',
        type: 'closed',
        data: { closureType: 'agreement_performed' },
      },
      { seq: 9, at: '2026-05-02T10:00:00+08:00', type: 'rated', data: { score: 5 } },
      { seq: 10, at: '2026-05-03T10:00:00+08:00', type: 'rated', data: { score: 3 } },
    ],
  },
  {
    category: 'rental',
    events: [
      {
        seq: 1,
        at: '2026-03-10T23:50:00+08:00',
        type: 'triaged',
        data: { regionId: 'v', level: 'village', first: true },
      },
      {
        seq: 2,
        at: '2026-03-10T23:55:00+08:00',
        type: 'diagnosed',
        data: { mediate: false, consent: false },
      },
      {
        seq: 3,
        at: '2026-03-10T23:59:00+08:00',
        type: 'closed',
        data: { closureType: 'consent_declined' },
      },
    ],
  },
  {
    category: 'neighbours',
    events: [
      {
        seq: 1,
        at: '2026-04-02T09:00:00+08:00',
        type: 'triaged',
        data: { regionId: 'v', level: 'village', first: true },
      },
    ],
  },
];

/** The counters the use cases write for the same three cases. */
const rows: CounterRow[] = [
  row('2026-03', 'triaged', 'first'),
  row('2026-03', 'diagnosed', 'mediate'),
  row('2026-03', 'escalated', 'staff'),
  row('2026-03', 'escalated', 'cohort'),
  row('2026-03', 'triaged', 'again', 1, 't', 'town'),
  row('2026-03', 'diagnosed', 'declined', 1, 't', 'town'),
  row('2026-04', 'confirmation_decided', 'rejected', 1, 't', 'town'),
  row('2026-05', 'closed', 'agreement_performed', 1, 't', 'town'),
  row('2026-05', 'closed', 'days', 61, 't', 'town'),
  row('2026-05', 'closed', 'mediated:agreement_performed', 1, 't', 'town'),
  row('2026-03', 'closed', 'cohort'),
  row('2026-05', 'rated', '5', 1, 't', 'town'),
  row('2026-05', 'rated', '3', 1, 't', 'town'),
  row('2026-05', 'rated', 'sum', 8, 't', 'town'),
  row('2026-03', 'triaged', 'first', 1, 'v', 'village', 'rental'),
  row('2026-03', 'diagnosed', 'declined', 1, 'v', 'village', 'rental'),
  row('2026-03', 'closed', 'consent_declined', 1, 'v', 'village', 'rental'),
  row('2026-03', 'closed', 'days', 0, 'v', 'village', 'rental'),
  row('2026-03', 'closed', 'cohort', 1, 'v', 'village', 'rental'),
  row('2026-04', 'triaged', 'first'),
];

const byHand = {
  accepted: 3,
  concluded: 2,
  closureRate: { closed: 2, accepted: 3, rate: 2 / 3 },
  successRate: { succeeded: 1, began: 1, rate: 1 },
  confirmations: { granted: 0, rejected: 1 },
  escalationRate: { escalated: 1, accepted: 3, rate: 1 / 3 },
  averageDaysToConclude: 61 / 2,
  satisfaction: { ratings: 2, mean: 4, share4to5: 0.5 },
};

const period = ['2026-03', '2026-04', '2026-05'];

/** What the store keeps for a scope, worked out from the counters as bumped (as counter-items.ts writes it). */
function rolledUp(
  rows: readonly CounterRow[],
  regions: readonly FlatRegion[],
  scope: Pick<StatisticsScope, 'regionId' | 'category'>,
): SubtreeCounters {
  const parentOf = new Map(regions.map((r) => [r.id, r.parentId]));
  const totals: Omit<CounterRow, 'regionId'>[] = [];
  const children: (Omit<CounterRow, 'category'> & { category?: string })[] = [];
  for (const { regionId, category, ...row } of rows)
    for (const target of rollupOf(parentOf, regionId)) {
      if (target.regionId !== scope.regionId) continue;
      totals.push({ ...row, category });
      if (target.child)
        children.push({
          ...row,
          regionId: target.child,
          ...(scope.category ? { category } : {}),
        });
    }
  return { totals, children };
}

/** A report over the counters as the store keeps them for its scope (rolled up at write time). */
const reportOf = (input: Omit<Parameters<typeof statisticsReport>[0], 'counters'>) =>
  statisticsReport({ ...input, counters: rolledUp(rows, regions, input.scope) });

describe('figures from counters and from events', () => {
  it('worked out by hand: cohorts, success among mediated cases, calendar days, ratings', () => {
    expect(figuresOf(rows)).toEqual(byHand);
    expect(
      figuresFromEvents(histories, { months: period, regionIds: subtreeOf(regions, 'c') }),
    ).toEqual(byHand);
  });

  it('counts each figure at the level and region it names, in its month', () => {
    const report = reportOf({
      months: period,
      scope: { regionId: 'c', level: 'town' },
      regions,
      categories: [{ id: 'neighbours', name: '邻里纠纷', nameEn: 'Neighbours' }],
    });
    // Accepted in villages only; the town concluded one case, rated, its confirmation rejected.
    expect(report.figures.accepted).toBe(0);
    expect(report.figures.concluded).toBe(1);
    expect(report.figures.closureRate).toEqual({ closed: 0, accepted: 0, rate: null });
    expect(report.figures.confirmations.rejected).toBe(1);
    expect(report.figures.satisfaction.mean).toBe(4);
    expect(report.figures).toEqual(
      figuresFromEvents(histories, {
        months: period,
        regionIds: subtreeOf(regions, 'c'),
        level: 'town',
      }),
    );
    const march = reportOf({
      months: ['2026-03'],
      scope: { regionId: 'k' },
      regions,
      categories: [],
    });
    expect(march.figures.accepted).toBe(2);
    expect(march.figures.concluded).toBe(1); // case B; case A closed in May
    expect(march.figures.closureRate.rate).toBe(1); // both March cases are closed by now
    expect(march.figures.escalationRate.rate).toBe(0.5);
    expect(march.byRegion.map((r) => r.regionId)).toEqual(['t']);
    const other = reportOf({
      months: period,
      scope: { regionId: 'k2' },
      regions,
      categories: [],
    });
    expect(other.figures.accepted).toBe(0);
    expect(other.figures.averageDaysToConclude).toBeNull();
  });

  it('the recount disagrees when a counter is missing (the end-to-end test can fail)', () => {
    const fewer = rows.filter((r) => !(r.event === 'escalated' && r.qualifier === 'cohort'));
    expect(figuresOf(fewer)).not.toEqual(
      figuresFromEvents(histories, { months: period, regionIds: subtreeOf(regions, 'c') }),
    );
  });
});

describe('counters added up the regions tree', () => {
  const parentOf = new Map(regions.map((r) => [r.id, r.parentId]));

  it('a village counter goes to the village, and to each region above with the child it lies under', () => {
    expect(rollupOf(parentOf, 'v')).toEqual([
      { regionId: 'v' },
      { regionId: 't', child: 'v' },
      { regionId: 'k', child: 't' },
      { regionId: 'c', child: 'k' },
    ]);
    // A region removed from the tree keeps its own total; a cycle being edited stops the climb.
    expect(rollupOf(parentOf, 'gone')).toEqual([{ regionId: 'gone' }]);
    const cycle = new Map([
      ['a', 'b'],
      ['b', 'a'],
    ]);
    expect(rollupOf(cycle, 'a')).toEqual([{ regionId: 'a' }, { regionId: 'b', child: 'a' }]);
  });

  it('the scope totals equal the subtree’s counters; the children’s, each child’s subtree', () => {
    const { totals, children } = rolledUp(rows, regions, { regionId: 'k' });
    const within = subtreeOf(regions, 'k');
    expect(totals).toHaveLength(rows.filter((r) => within.has(r.regionId)).length);
    expect(figuresOf(children.map((r) => ({ ...r, category: '-' })))).toEqual(
      figuresOf(rows.filter((r) => within.has(r.regionId) && r.regionId !== 'k')),
    );
    expect(children.every((r) => r.regionId === 't' && r.category === undefined)).toBe(true);
  });

  it('only counters that add to a figure are read by a report', () => {
    expect(countsInReport('closed', 'mediated:agreement_performed')).toBe(true);
    expect(countsInReport('rated', '5')).toBe(true);
    expect(countsInReport('triaged', 'first')).toBe(true);
    expect(countsInReport('triaged', 'again')).toBe(false);
    expect(countsInReport('escalated', 'staff')).toBe(false);
    expect(countsInReport('diagnosed', 'mediate')).toBe(false);
  });
});

describe('periods and calendar days', () => {
  it('months across a year end', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 13)).toBe('2027-01');
    expect(monthsFrom('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsFrom('2026-02', '2026-01')).toEqual([]);
  });

  it('days are Shanghai calendar days, not 24-hour periods', () => {
    expect(daysToConclude('2026-03-01T23:00:00+08:00', '2026-03-02T01:00:00+08:00')).toBe(1);
    expect(daysToConclude('2026-03-01T00:10:00+08:00', '2026-03-01T23:50:00+08:00')).toBe(0);
    expect(daysToConclude('2026-02-28T16:30:00Z', '2026-03-01T15:00:00Z')).toBe(0);
  });
});

describe('CSV', () => {
  it('starts with the BOM, a Chinese header, CRLF lines; texts that look like formulas are defused', () => {
    const report = reportOf({
      months: period,
      scope: { regionId: 'c' },
      regions,
      categories: [{ id: 'neighbours', name: '=邻里,纠纷', nameEn: 'Neighbours' }],
    });
    const csv = statisticsCsv({
      ...report,
      from: '2026-03',
      to: '2026-05',
      reportDate: '2026-06-01',
    });
    expect(csv.startsWith(`${BOM}分组,项目,受理数,办结数,办结率,`)).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('合计,2026-03–2026-05,3,2,0.6667,2,1,1,1,0,1,0.3333,1,30.5,2,4,0.5');
    expect(lines).toContain(`纠纷类别,"'=邻里,纠纷",2,1,0.5,1,1,1,1,0,1,0.5,1,61,2,4,0.5`);
    expect(
      statisticsCsv({ ...report, from: '2026-03', to: '2026-05', reportDate: '2026-06-01' }, 'en'),
    ).toContain('Group,Item,Accepted,Concluded');
  });
});

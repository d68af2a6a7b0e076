import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../domain/errors.ts';
import { byUrgency, calendarDates, handlingRegionsWithin, type WorkItem } from './staff-work.ts';

const regions = [
  { id: 'c', parentId: null, level: 'city' },
  { id: 'k', parentId: 'c', level: 'county' },
  { id: 't', parentId: 'k', level: 'town' },
  { id: 'v1', parentId: 't', level: 'village' },
  { id: 'g1', parentId: 'v1', level: 'grid' },
  { id: 'v2', parentId: 't', level: 'village' },
  { id: 'k2', parentId: 'c', level: 'county' },
];

describe('handlingRegionsWithin', () => {
  it('is the region and the villages, towns and counties below it, never grids or the city', () => {
    expect(handlingRegionsWithin(regions, 't').sort()).toEqual(['t', 'v1', 'v2']);
    expect(handlingRegionsWithin(regions, 'v1')).toEqual(['v1']);
    expect(handlingRegionsWithin(regions, 'c').sort()).toEqual(['k', 'k2', 't', 'v1', 'v2']);
    expect(handlingRegionsWithin(regions, 'g1')).toEqual([]);
  });
});

describe('byUrgency', () => {
  const item = (caseNumber: string, overdue: boolean, dueAt: string | null) =>
    ({ caseNumber, overdue, dueAt, filedAt: '2026-01-01T00:00:00+08:00' }) as WorkItem;
  it('puts overdue first even when due later, then the nearest deadline, undated last', () => {
    const sorted = [
      item('none', false, null),
      item('later', false, '2026-03-10T18:00:00+08:00'),
      item('late', true, '2026-03-20T18:00:00+08:00'),
      item('soon', false, '2026-03-02T10:00:00Z'),
    ].sort(byUrgency);
    expect(sorted.map((i) => i.caseNumber)).toEqual(['late', 'soon', 'later', 'none']);
  });
});

describe('calendarDates', () => {
  it('spans the business dates inclusive, at most 31', () => {
    expect(calendarDates('2026-12-30', '2027-01-02')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
    expect(calendarDates('2026-01-01', '2026-01-31')).toHaveLength(31);
    for (const [from, to] of [
      ['2026-01-01', '2026-02-01'],
      ['2026-01-02', '2026-01-01'],
      ['2026-02-30', '2026-03-01'],
      ['yesterday', '2026-03-01'],
    ] as const)
      expect(() => calendarDates(from, to), `${from}..${to}`).toThrow(ValidationFailed);
  });
});

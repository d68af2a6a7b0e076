// The configured cities load, and their seeds let residents book within two weeks whatever the date.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handlingLevels, rosterKinds } from '../domain/vocabulary.ts';
import { addDays, isoWeekday, isWorkingDay, scheduleWeekday } from '../domain/working-days.ts';
import { CityConfigError, cityIds, loadCity } from './cities.ts';
import type { CityConfig } from './city-schema.ts';

/** Weekdays on which someone who delivers `serviceId` sits at `pointId` (either may be omitted). */
function staffedWeekdays(
  city: CityConfig,
  { pointId, serviceId }: { pointId?: string; serviceId?: string },
): Set<number> {
  const offers = new Map(city.runtime.servicePoints.map((point) => [point.id, point.services]));
  const weekdays = new Set<number>();
  for (const member of city.runtime.roster) {
    if (serviceId && !member.services.includes(serviceId)) continue;
    for (const shift of member.shifts) {
      if (pointId && shift.servicePointId !== pointId) continue;
      if (serviceId && !offers.get(shift.servicePointId)?.includes(serviceId)) continue;
      weekdays.add(shift.weekday);
    }
  }
  return weekdays;
}

describe('the city registry', () => {
  it('lists the configured cities and loads each under its own id', () => {
    expect(cityIds).toEqual(expect.arrayContaining(['wuzhong', 'xixia']));
    for (const id of cityIds) expect(loadCity(id).id).toBe(id);
  });

  it('refuses an unknown city, naming the known ones', () => {
    expect(() => loadCity('shenzhen')).toThrow(/unknown city 'shenzhen'.*wuzhong, xixia/);
    expect(() => loadCity('toString')).toThrow(/unknown city/);
  });

  it('does not let a caller change the seed another caller reads', () => {
    loadCity('wuzhong').runtime.roster.pop();
    expect(loadCity('wuzhong').runtime.roster.length).toBeGreaterThanOrEqual(26);
  });

  it('exports an error type that callers can recognise', () => {
    expect(new CityConfigError('x', []).name).toBe('CityConfigError');
  });
});

describe('wuzhong', () => {
  const city = loadCity('wuzhong');
  const { runtime } = city;

  it('is a city-level deployment rooted at 吴忠市', () => {
    const root = runtime.regions.find((region) => region.parentId === null);
    expect(root).toMatchObject({ name: '吴忠市', level: 'city' });
  });

  it('has at least two people of every roster kind', () => {
    for (const kind of rosterKinds) {
      const count = runtime.roster.filter((member) => member.kind === kind).length;
      expect(count, kind).toBeGreaterThanOrEqual(2);
    }
  });

  it('has a service point at every handling level, and one taking remote appointments', () => {
    const levels = new Set(runtime.servicePoints.map((point) => point.level));
    expect([...levels].sort()).toEqual([...handlingLevels].sort());
    expect(runtime.servicePoints.some((point) => point.online)).toBe(true);
  });

  it('has a group service (a lecture) with room for more than one resident', () => {
    expect(runtime.services.some((service) => service.capacity > 1)).toBe(true);
  });

  it('lists every dispute category of DOMAIN.md', () => {
    expect(runtime.categories.map((category) => category.id)).toEqual([
      'marriage_family',
      'neighbours',
      'land_homestead',
      'labour_wages',
      'rental',
      'property_management',
      'traffic_accident',
      'medical',
      'consumer',
      'contract_loan',
      'construction',
      'commercial',
      'married_out_daughters',
      'cross_border',
    ]);
  });

  it('carries the 2026 holidays of the State Council notice', () => {
    const { calendar } = runtime;
    expect(isWorkingDay('2026-02-17', calendar)).toBe(false); // 春节
    expect(isWorkingDay('2026-02-14', calendar)).toBe(true); // 调休 Saturday
    expect(isWorkingDay('2026-10-07', calendar)).toBe(false); // 国庆
    expect(isWorkingDay('2026-10-10', calendar)).toBe(true); // 调休 Saturday
    expect(isWorkingDay('2026-09-20', calendar)).toBe(true); // 调休 Sunday
  });
});

describe('xixia', () => {
  const city = loadCity('xixia');

  it('is rooted at a county-level district', () => {
    const root = city.runtime.regions.find((region) => region.parentId === null);
    expect(root).toMatchObject({ name: '西夏区', level: 'county' });
  });

  it('deploys to the Ningxia region with its own domain and certificate', () => {
    expect(city.deploy).toMatchObject({
      partition: 'aws-cn',
      region: 'cn-northwest-1',
      domain: { certificate: { kind: 'iam' } },
    });
  });

  it('has every roster kind, and gold-medal mediators rotating through several points', () => {
    const kinds = new Set(city.runtime.roster.map((member) => member.kind));
    expect([...kinds].sort()).toEqual([...rosterKinds].sort());
    const rotating = city.runtime.roster.filter(
      (member) =>
        member.kind === 'people_mediator' &&
        new Set(member.shifts.map((shift) => shift.servicePointId)).size >= 4,
    );
    expect(rotating.length).toBeGreaterThanOrEqual(3);
  });
});

describe.each(cityIds)('the seed of %s can be booked', (id) => {
  const city = loadCity(id);
  const { runtime } = city;

  it('staffs every service point on at least 3 weekdays', () => {
    for (const point of runtime.servicePoints) {
      expect(staffedWeekdays(city, { pointId: point.id }).size, point.id).toBeGreaterThanOrEqual(3);
    }
  });

  it('staffs every service on at least 3 weekdays, at points that offer it', () => {
    for (const service of runtime.services) {
      const weekdays = staffedWeekdays(city, { serviceId: service.id });
      expect(weekdays.size, service.id).toBeGreaterThanOrEqual(3);
    }
  });

  it('has someone for every service a point offers', () => {
    for (const point of runtime.servicePoints) {
      for (const serviceId of point.services) {
        const weekdays = staffedWeekdays(city, { pointId: point.id, serviceId });
        expect(weekdays.size, `${point.id} / ${serviceId}`).toBeGreaterThan(0);
      }
    }
  });

  it('offers a staffed working day within 14 days of any date, at every point and for every service', () => {
    const first = '2026-01-01';
    const span = Math.round((Date.UTC(2030, 11, 31) - Date.UTC(2026, 0, 1)) / 86_400_000);
    const anyDate = fc.integer({ min: 0, max: span }).map((offset) => addDays(first, offset));
    const targets = [
      ...runtime.servicePoints.map((point) => ({ name: point.id, pointId: point.id })),
      ...runtime.services.map((service) => ({ name: service.id, serviceId: service.id })),
    ].map((target) => ({ name: target.name, weekdays: staffedWeekdays(city, target) }));

    fc.assert(
      fc.property(anyDate, (start) => {
        const window = Array.from({ length: 14 }, (_, offset) => addDays(start, offset));
        for (const target of targets) {
          const open = window.some((date) => {
            const weekday = scheduleWeekday(date, runtime.calendar);
            return (
              isWorkingDay(date, runtime.calendar) &&
              weekday !== undefined &&
              target.weekdays.has(weekday)
            );
          });
          expect(open, `${target.name} from ${start}`).toBe(true);
        }
      }),
      {
        numRuns: 200,
        // The longest closures: 春节 and the Mid-Autumn + National Day run, both years.
        examples: [['2026-02-14'], ['2026-02-15'], ['2026-09-25'], ['2027-02-05'], ['2027-09-30']],
      },
    );
  });

  it('puts weekend make-up workdays only on weekends', () => {
    for (const day of runtime.calendar.makeupWorkdays) {
      expect(isoWeekday(day.date), day.date).toBeGreaterThanOrEqual(6);
    }
  });
});

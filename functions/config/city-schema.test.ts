// A mistaken city config fails to load, and the error names the field at fault.
import { describe, expect, it } from 'vitest';
import { wuzhong } from './cities/wuzhong.ts';
import { xixia } from './cities/xixia.ts';
import { CityConfigError, formatPath, parseCityConfig } from './cities.ts';
import type { CityConfigInput } from './city-schema.ts';

/** A deep copy of a city to break, so each test starts from a valid config. */
const copy = (city: CityConfigInput) => structuredClone(city);

/** Parses a broken config and returns the error it must throw. */
function failure(input: unknown): CityConfigError {
  try {
    parseCityConfig(input, 'test.ts');
  } catch (error) {
    if (error instanceof CityConfigError) return error;
    throw error;
  }
  throw new Error('the config parsed, but it should have failed');
}

/** Asserts the error has a line for exactly this path, and returns that line's message. */
function problemAt(input: unknown, path: string): string {
  const error = failure(input);
  expect(error.message).toContain(`test.ts: ${path}: `);
  const issue = error.issues.find((candidate) => candidate.path === path);
  expect(issue, `no problem reported at ${path}:\n${error.message}`).toBeDefined();
  return issue!.message;
}

describe('the error', () => {
  it('is a CityConfigError listing every problem on its own line', () => {
    const city = copy(wuzhong);
    city.runtime.servicePoints[2]!.regionId = 'wz-nowhere';
    city.deploy.branding.accentColor = 'red';
    const error = failure(city);
    expect(error.name).toBe('CityConfigError');
    expect(error.issues).toHaveLength(2);
    expect(error.message.split('\n').slice(1)).toEqual([
      'test.ts: deploy.branding.accentColor: expected a colour #rrggbb',
      "test.ts: runtime.servicePoints[2].regionId: unknown region 'wz-nowhere'",
    ]);
  });

  it('writes paths the way the file reads', () => {
    expect(formatPath(['runtime', 'roster', 3, 'shifts', 0, 'end'])).toBe(
      'runtime.roster[3].shifts[0].end',
    );
  });
});

describe('deploy time', () => {
  it('requires a domain for an aws-cn city', () => {
    const city = copy(xixia);
    delete city.deploy.domain;
    expect(problemAt(city, 'deploy.domain')).toMatch(/ICP/);
  });

  it('requires an IAM certificate and an ICP number for an aws-cn domain', () => {
    const city = copy(xixia);
    city.deploy.domain = { name: 'fengqiao.xixia.gov.cn' };
    problemAt(city, 'deploy.domain.certificate');
    problemAt(city, 'deploy.domain.icpLicence');
  });

  it('matches the region to the partition', () => {
    const china = copy(xixia);
    china.deploy.region = 'ap-southeast-1';
    expect(problemAt(china, 'deploy.region')).toContain('cn-north-1 and cn-northwest-1');

    const global = copy(wuzhong);
    global.deploy.region = 'cn-northwest-1';
    expect(problemAt(global, 'deploy.region')).toContain('aws-cn');
  });

  it('refuses services that are missing in aws-cn', () => {
    const city = copy(xixia);
    city.deploy.identity = { kind: 'cognito' };
    city.deploy.video = { kind: 'chime' };
    problemAt(city, 'deploy.identity.kind');
    problemAt(city, 'deploy.video.kind');
  });

  it('names the field of an unknown channel kind or a missing channel setting', () => {
    const city = copy(xixia);
    city.deploy.video = { kind: 'zoom' } as never;
    city.deploy.notifications.email = { kind: 'smtp', host: 'smtp.xixia.gov.cn' } as never;
    problemAt(city, 'deploy.video.kind');
    expect(problemAt(city, 'deploy.notifications.email.from')).toMatch(/^required/);
  });

  it('refuses a plain-http identity issuer', () => {
    const city = copy(xixia);
    city.deploy.identity = { kind: 'oidc', issuer: 'http://id.xixia.gov.cn', clientId: 'x' };
    problemAt(city, 'deploy.identity.issuer');
  });

  it('refuses a malformed contact phone', () => {
    const city = copy(wuzhong);
    city.deploy.branding.contactPhone = '0953 201';
    problemAt(city, 'deploy.branding.contactPhone');
  });
});

describe('run time: regions', () => {
  it('refuses a root below county level', () => {
    const city = copy(wuzhong);
    city.runtime.regions[0]!.level = 'town';
    expect(problemAt(city, 'runtime.regions[0].level')).toContain("'city' or 'county'");
  });

  it('refuses a second root', () => {
    const city = copy(wuzhong);
    city.runtime.regions[12]!.parentId = null;
    problemAt(city, 'runtime.regions[12].parentId');
  });

  it('refuses an unknown parent and a child no deeper than its parent', () => {
    const city = copy(wuzhong);
    city.runtime.regions[2]!.parentId = 'wz-nowhere';
    city.runtime.regions[9]!.level = 'town';
    problemAt(city, 'runtime.regions[2].parentId');
    expect(problemAt(city, 'runtime.regions[9].level')).toContain('wz-litong-jj');
  });

  it('refuses a duplicate id', () => {
    const city = copy(wuzhong);
    city.runtime.regions[5]!.id = city.runtime.regions[3]!.id;
    expect(problemAt(city, 'runtime.regions[5].id')).toContain('regions[3]');
  });
});

describe('run time: service points', () => {
  it('refuses an unknown region', () => {
    const city = copy(wuzhong);
    city.runtime.servicePoints[2]!.regionId = 'wz-nowhere';
    problemAt(city, 'runtime.servicePoints[2].regionId');
  });

  it('refuses a level that differs from its region', () => {
    const city = copy(wuzhong);
    city.runtime.servicePoints[1]!.level = 'county';
    problemAt(city, 'runtime.servicePoints[1].level');
  });

  it('refuses an unknown service', () => {
    const city = copy(wuzhong);
    city.runtime.servicePoints[3]!.services.push('tax_advice');
    problemAt(city, 'runtime.servicePoints[3].services[3]');
  });

  it('refuses a malformed phone', () => {
    const city = copy(wuzhong);
    city.runtime.servicePoints[4]!.phone = '0953-12345';
    expect(problemAt(city, 'runtime.servicePoints[4].phone')).toContain('0xxx-xxxxxxx');
  });

  it('refuses hours that close before they open, or an impossible time', () => {
    const city = copy(wuzhong);
    city.runtime.servicePoints[1]!.hours[0] = { weekday: 1, open: '12:00', close: '08:30' };
    city.runtime.servicePoints[2]!.hours[0] = { weekday: 1, open: '08:30', close: '24:30' };
    problemAt(city, 'runtime.servicePoints[1].hours[0].close');
    problemAt(city, 'runtime.servicePoints[2].hours[0].close');
  });

  it('names a typo in a field name', () => {
    const city = copy(wuzhong) as unknown as { runtime: { servicePoints: object[] } };
    city.runtime.servicePoints[0] = { ...city.runtime.servicePoints[0], adress: 'x' };
    expect(problemAt(city, 'runtime.servicePoints[0].adress')).toContain('unknown field');
  });
});

describe('run time: roster and shifts', () => {
  const wangLixin = wuzhong.runtime.roster.findIndex((member) => member.id === 'wz-wang-lixin');

  it('refuses a shift outside the service point’s hours', () => {
    const city = copy(wuzhong);
    city.runtime.roster[wangLixin]!.shifts[0] = {
      weekday: 1,
      start: '12:00',
      end: '15:00',
      servicePointId: 'wz-litong-center',
    };
    expect(problemAt(city, `runtime.roster[${wangLixin}].shifts[0]`)).toContain('wz-litong-center');
  });

  it('refuses a shift on a day the point is closed', () => {
    const city = copy(wuzhong);
    city.runtime.roster[wangLixin]!.shifts[0]!.weekday = 7;
    expect(problemAt(city, `runtime.roster[${wangLixin}].shifts[0]`)).toContain('closed');
  });

  it('refuses a shift that ends before it starts', () => {
    const city = copy(wuzhong);
    const shift = city.runtime.roster[wangLixin]!.shifts[1]!;
    [shift.start, shift.end] = [shift.end, shift.start];
    problemAt(city, `runtime.roster[${wangLixin}].shifts[1].end`);
  });

  it('refuses a shift at a point the member is not attached to', () => {
    const city = copy(wuzhong);
    city.runtime.roster[wangLixin]!.shifts[0]!.servicePointId = 'wz-litong-jj-station';
    problemAt(city, `runtime.roster[${wangLixin}].shifts[0].servicePointId`);
  });

  it('refuses overlapping shifts of one member', () => {
    const city = copy(wuzhong);
    const shifts = city.runtime.roster[wangLixin]!.shifts;
    shifts.push({ ...shifts[0]!, start: '15:00' });
    problemAt(city, `runtime.roster[${wangLixin}].shifts[${shifts.length - 1}]`);
  });

  it('accepts a date exception, and refuses one listed twice, reversed, overlapping or at a point not the member’s', () => {
    const city = copy(wuzhong);
    const member = city.runtime.roster[wangLixin]!;
    member.exceptions = [
      {
        date: '2027-03-06',
        shifts: [{ start: '09:00', end: '11:00', servicePointId: 'wz-litong-center' }],
        reason: '周六法律服务日',
      },
      { date: '2027-03-08', shifts: [] },
    ];
    expect(() => parseCityConfig(city, 'test.ts')).not.toThrow();

    const twice = copy(city);
    twice.runtime.roster[wangLixin]!.exceptions!.push({ date: '2027-03-06', shifts: [] });
    expect(problemAt(twice, `runtime.roster[${wangLixin}].exceptions[2].date`)).toContain('twice');

    const reversed = copy(city);
    const shift = reversed.runtime.roster[wangLixin]!.exceptions![0]!.shifts[0]!;
    [shift.start, shift.end] = [shift.end, shift.start];
    problemAt(reversed, `runtime.roster[${wangLixin}].exceptions[0].shifts[0].end`);

    const overlapping = copy(city);
    overlapping.runtime.roster[wangLixin]!.exceptions![0]!.shifts.push({
      start: '10:00',
      end: '12:00',
      servicePointId: 'wz-litong-center',
    });
    problemAt(overlapping, `runtime.roster[${wangLixin}].exceptions[0].shifts[1]`);

    const elsewhere = copy(city);
    elsewhere.runtime.roster[wangLixin]!.exceptions![0]!.shifts[0]!.servicePointId =
      'wz-litong-jj-station';
    problemAt(elsewhere, `runtime.roster[${wangLixin}].exceptions[0].shifts[0].servicePointId`);
  });

  it('refuses a service none of the member’s points offers', () => {
    const city = copy(wuzhong);
    const wuTing = city.runtime.roster.findIndex((member) => member.id === 'wz-wu-ting');
    city.runtime.roster[wuTing]!.services.push('notary_advice');
    problemAt(city, `runtime.roster[${wuTing}].services[2]`);
  });

  it('refuses a point outside the member’s region', () => {
    const city = copy(wuzhong);
    city.runtime.roster[wangLixin]!.servicePoints.push('wz-qtx-center');
    expect(problemAt(city, `runtime.roster[${wangLixin}].servicePoints[2]`)).toContain('wz-litong');
  });

  it('refuses an unknown roster kind', () => {
    const city = copy(wuzhong);
    city.runtime.roster[0]!.kind = 'sheriff' as never;
    problemAt(city, 'runtime.roster[0].kind');
  });

  it('refuses a duplicate member id', () => {
    const city = copy(wuzhong);
    city.runtime.roster[1]!.id = city.runtime.roster[0]!.id;
    problemAt(city, 'runtime.roster[1].id');
  });
});

describe('run time: calendar and numbers', () => {
  it('refuses a date that does not exist', () => {
    const city = copy(wuzhong);
    city.runtime.calendar.holidays.push({ date: '2027-02-29', name: '假', nameEn: 'Fake' });
    const index = city.runtime.calendar.holidays.length - 1;
    problemAt(city, `runtime.calendar.holidays[${index}].date`);
  });

  it('refuses a make-up workday on a weekday, and a date listed twice', () => {
    const city = copy(wuzhong);
    const { makeupWorkdays, holidays } = city.runtime.calendar;
    makeupWorkdays[0]!.date = '2026-01-05';
    makeupWorkdays[1]!.date = holidays[0]!.date;
    expect(problemAt(city, 'runtime.calendar.makeupWorkdays[0].date')).toContain('Monday');
    expect(problemAt(city, 'runtime.calendar.makeupWorkdays[1].date')).toContain('twice');
  });

  it('refuses a non-positive SLA and a zero capacity', () => {
    const city = copy(wuzhong);
    city.runtime.sla.diagnosisDays = 0;
    city.runtime.services[0]!.capacity = 0;
    problemAt(city, 'runtime.sla.diagnosisDays');
    problemAt(city, 'runtime.services[0].capacity');
  });
});

import { describe, expect, it } from 'vitest';
import {
  businessDate,
  businessInstant,
  businessMonth,
  businessWeekday,
  toBusinessIso,
} from './time.ts';

describe('business time is Asia/Shanghai whatever TZ is', () => {
  it('runs under TZ=UTC in the suite, so the tests below prove independence', () => {
    expect(process.env.TZ).toBe('UTC');
    expect(new Date(0).getTimezoneOffset()).toBe(0);
  });

  it('formats instants with the +08:00 offset', () => {
    expect(toBusinessIso(new Date('2026-11-22T02:18:04Z'))).toBe('2026-11-22T10:18:04+08:00');
  });

  it('puts 16:30 UTC on the next business day, month and weekday', () => {
    const lateUtc = new Date('2026-12-31T16:30:00Z'); // 00:30 on 1 January in Shanghai
    expect(businessDate(lateUtc)).toBe('2027-01-01');
    expect(businessMonth(lateUtc)).toBe('2027-01');
    expect(businessWeekday(lateUtc)).toBe(5); // Friday
  });

  it('reads wall-clock times as Shanghai times', () => {
    expect(businessInstant('2026-11-23', '09:00').toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(() => businessInstant('2026-13-01')).toThrow(RangeError);
  });
});

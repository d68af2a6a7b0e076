// Availability in business time whatever TZ: hours ∩ shifts, holidays, 调休, lead time, busy calendars, slot ids, fair order.
import { describe, expect, it } from 'vitest';
import {
  busyBuckets,
  fairOrder,
  isFree,
  parseSlotId,
  providerSlots,
  slotIdOf,
  slotKeyOf,
} from './availability.ts';
import { toBusinessIso } from './time.ts';

const point = {
  id: 'p1',
  online: false,
  services: ['consult'],
  hours: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, open: '08:30', close: '12:00' },
    { weekday, open: '14:30', close: '18:00' },
  ]),
};
const service = {
  id: 'consult',
  durationMinutes: 30,
  capacity: 1,
  modes: ['in_person', 'video'] as const,
};
const provider = {
  id: 'lawyer',
  services: ['consult'],
  servicePoints: ['p1'],
  shifts: [
    { weekday: 1, start: '14:30', end: '18:00', servicePointId: 'p1' },
    { weekday: 5, start: '08:30', end: '10:00', servicePointId: 'p1' },
  ],
};
const calendar = {
  holidays: [{ date: '2027-01-01' }],
  // A Sunday worked as a Monday (调休).
  makeupWorkdays: [{ date: '2027-01-31', worksAs: 1 as const }],
};
const at = (iso: string) => new Date(iso);
const slotsBetween = (
  from: string,
  to: string,
  now = '2026-12-01T00:00:00+08:00',
  leadMinutes = 120,
) =>
  providerSlots({
    point,
    service: { ...service, modes: [...service.modes] },
    provider,
    calendar,
    from: at(from),
    to: at(to),
    now: at(now),
    leadMinutes,
  }).map((s) => toBusinessIso(s.start));

describe('slots in Asia/Shanghai with TZ=UTC', () => {
  it('runs under UTC, as CI does', () => {
    expect(new Date('2027-01-04T00:00:00+08:00').getHours()).toBe(16);
  });

  it('offers a Friday shift on a normal Friday and nothing on a public holiday', () => {
    expect(slotsBetween('2027-01-08T00:00:00+08:00', '2027-01-09T00:00:00+08:00')).toEqual([
      '2027-01-08T08:30:00+08:00',
      '2027-01-08T09:00:00+08:00',
      '2027-01-08T09:30:00+08:00',
    ]);
    // 2027-01-01 (元旦) is a Friday.
    expect(slotsBetween('2027-01-01T00:00:00+08:00', '2027-01-02T00:00:00+08:00')).toEqual([]);
  });

  it('opens a make-up Sunday with the shifts of the weekday the calendar names', () => {
    const sunday = slotsBetween('2027-01-31T00:00:00+08:00', '2027-02-01T00:00:00+08:00');
    expect(sunday[0]).toBe('2027-01-31T14:30:00+08:00');
    expect(sunday.at(-1)).toBe('2027-01-31T17:30:00+08:00');
    expect(sunday).toHaveLength(7);
    // An ordinary Sunday: closed.
    expect(slotsBetween('2027-01-24T00:00:00+08:00', '2027-01-25T00:00:00+08:00')).toEqual([]);
  });

  it('replaces a date’s weekly shifts by its exception: other hours, or none', () => {
    const slotsWith = (
      exceptions: {
        date: string;
        shifts: { start: string; end: string; servicePointId: string }[];
      }[],
      day: string,
    ) =>
      providerSlots({
        point,
        service: { ...service, modes: [...service.modes] },
        provider: { ...provider, exceptions },
        calendar,
        from: at(`${day}T00:00:00+08:00`),
        to: at(`${day}T23:59:00+08:00`),
        now: at('2026-12-01T00:00:00+08:00'),
        leadMinutes: 120,
      }).map((s) => toBusinessIso(s.start));
    // Monday 2027-01-04: a morning instead of the weekly afternoon, clipped by the point's hours.
    expect(
      slotsWith(
        [{ date: '2027-01-04', shifts: [{ start: '11:00', end: '13:00', servicePointId: 'p1' }] }],
        '2027-01-04',
      ),
    ).toEqual(['2027-01-04T11:00:00+08:00', '2027-01-04T11:30:00+08:00']);
    // An empty exception: away that day; the next Monday keeps its weekly shift.
    expect(slotsWith([{ date: '2027-01-04', shifts: [] }], '2027-01-04')).toEqual([]);
    expect(slotsWith([{ date: '2027-01-04', shifts: [] }], '2027-01-11')).toHaveLength(7);
    // A Tuesday without a weekly shift opens by exception; at another point it adds nothing here.
    expect(
      slotsWith(
        [{ date: '2027-01-05', shifts: [{ start: '09:00', end: '10:00', servicePointId: 'p1' }] }],
        '2027-01-05',
      ),
    ).toEqual(['2027-01-05T09:00:00+08:00', '2027-01-05T09:30:00+08:00']);
    expect(
      slotsWith(
        [{ date: '2027-01-05', shifts: [{ start: '09:00', end: '10:00', servicePointId: 'p2' }] }],
        '2027-01-05',
      ),
    ).toEqual([]);
    // A holiday stays closed whatever the exception says.
    expect(
      slotsWith(
        [{ date: '2027-01-01', shifts: [{ start: '08:30', end: '12:00', servicePointId: 'p1' }] }],
        '2027-01-01',
      ),
    ).toEqual([]);
  });

  it('hides slots that started or start inside the lead time', () => {
    const monday = slotsBetween(
      '2027-01-04T00:00:00+08:00',
      '2027-01-05T00:00:00+08:00',
      '2027-01-04T13:00:00+08:00',
      120,
    );
    expect(monday[0]).toBe('2027-01-04T15:00:00+08:00');
    const late = slotsBetween(
      '2027-01-04T00:00:00+08:00',
      '2027-01-05T00:00:00+08:00',
      '2027-01-04T17:31:00+08:00',
      0,
    );
    expect(late).toEqual([]);
  });

  it('bounds starts by from (inclusive) and to (exclusive), across the UTC date line', () => {
    // 14:30 business time is 06:30 UTC; a window given in UTC still means the same instants.
    expect(slotsBetween('2027-01-04T06:30:00Z', '2027-01-04T07:30:00Z')).toEqual([
      '2027-01-04T14:30:00+08:00',
      '2027-01-04T15:00:00+08:00',
    ]);
  });

  it('offers video only where the point takes online appointments', () => {
    const [slot] = providerSlots({
      point,
      service: { ...service, modes: [...service.modes] },
      provider,
      calendar,
      from: at('2027-01-04T00:00:00+08:00'),
      to: at('2027-01-05T00:00:00+08:00'),
      now: at('2026-12-01T00:00:00+08:00'),
      leadMinutes: 0,
    });
    expect(slot!.modes).toEqual(['in_person']);
  });
});

describe('busy calendar and slot ids', () => {
  const slot = {
    servicePointId: 'p1',
    serviceId: 'consult',
    providerId: 'lawyer',
    start: at('2027-01-04T14:30:00+08:00'),
    end: at('2027-01-04T15:00:00+08:00'),
  };
  it('round-trips slot ids in business time', () => {
    const id = slotIdOf(slot);
    expect(id).toBe('p1.consult.20270104T1430.lawyer');
    expect(parseSlotId(id)).toEqual({
      servicePointId: 'p1',
      serviceId: 'consult',
      start: slot.start,
      providerId: 'lawyer',
    });
    expect(parseSlotId('p1.consult.20270104T1430.any')!.providerId).toBeUndefined();
    expect(parseSlotId('nonsense')).toBeUndefined();
  });

  it('blocks a slot whose buckets another holder (a session, leave) occupies, not its own bookings', () => {
    const key = slotKeyOf(slot);
    const [first, second] = busyBuckets(slot.start, slot.end);
    expect(busyBuckets(slot.start, slot.end)).toHaveLength(2);
    const own = new Map([[first!.getTime(), { start: first!, holder: key, count: 2 }]]);
    expect(isFree(key, slot, own)).toBe(true);
    const session = new Map([
      [second!.getTime(), { start: second!, holder: 'SESSION#1', count: 1 }],
    ]);
    expect(isFree(key, slot, session)).toBe(false);
    const released = new Map([[second!.getTime(), { start: second!, holder: 'other', count: 0 }]]);
    expect(isFree(key, slot, released)).toBe(true);
  });

  it('orders "any provider" candidates least loaded first, ties in turn', () => {
    const order = (loads: number[]) =>
      fairOrder(loads.map((load, i) => ({ providerId: `p${i}`, load }))).map((c) => c.providerId);
    expect(order([2, 0, 1])).toEqual(['p1', 'p2', 'p0']);
    expect(order([0, 0])).toEqual(['p0', 'p1']);
    expect(order([1, 1])).toEqual(['p0', 'p1']);
    expect(order([1, 0])[0]).toBe('p1');
    // With one booking each for three, the turn moves on: ties start at p0 again only every 3.
    expect(order([1, 1, 1])[0]).toBe('p0');
    expect(order([2, 2, 1])[0]).toBe('p2');
  });
});

// Availability: the slots of a provider at a service point for a service, in business time (Asia/Shanghai).

import { businessDate, businessInstant } from './time.ts';
import type { ServiceMode } from './vocabulary.ts';
import { addDays, type HolidayCalendar, scheduleWeekday } from './working-days.ts';

/** What availability reads of a service point, a service and a roster member (run-time config). */
export interface PointHours {
  id: string;
  online: boolean;
  services: readonly string[];
  hours: readonly { weekday: number; open: string; close: string }[];
}
export interface ServiceShape {
  id: string;
  durationMinutes: number;
  capacity: number;
  modes: readonly ServiceMode[];
}
export interface ProviderShifts extends DatedShifts<{ servicePointId: string }> {
  id: string;
  services: readonly string[];
  servicePoints: readonly string[];
}

/** Weekly shifts and the dates whose shifts replace them (a roster member's exceptions). */
export interface DatedShifts<Extra extends object = object> {
  shifts: readonly ({ weekday: number; start: string; end: string } & Extra)[];
  exceptions?: readonly {
    date: string;
    shifts: readonly ({ start: string; end: string } & Extra)[];
  }[];
}

/**
 * A member's shifts on one business date: that date's exception when there is one (an empty list:
 * away), else the weekly shifts of the weekday the date works as (`weekday` from scheduleWeekday).
 */
export function shiftsOn<Extra extends object>(
  member: DatedShifts<Extra>,
  date: string,
  weekday: number,
): readonly ({ start: string; end: string } & Extra)[] {
  const exception = member.exceptions?.find((e) => e.date === date);
  if (exception) return exception.shifts;
  return member.shifts.filter((s) => s.weekday === weekday);
}

export interface Slot {
  start: Date;
  end: Date;
  servicePointId: string;
  serviceId: string;
  providerId: string;
  capacity: number;
  modes: ServiceMode[];
}

/** Busy calendars are kept in buckets of this many minutes (one item per provider and bucket). */
export const BUSY_BUCKET_MINUTES = 15;
const minute = 60_000;

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const toTime = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The modes a point offers for a service: the service's own, less video and phone where the point
 * takes no online appointments (online consultations belong to the points that offer them).
 */
export function modesAt(point: PointHours, service: ServiceShape): ServiceMode[] {
  if (!point.services.includes(service.id)) return [];
  return service.modes.filter((mode) => mode === 'in_person' || point.online);
}

/** Whether a provider may be booked for a service at a point at all. */
export function servesAt(provider: ProviderShifts, pointId: string, serviceId: string): boolean {
  return provider.servicePoints.includes(pointId) && provider.services.includes(serviceId);
}

/**
 * A provider's slots whose start lies in [from, to): opening hours ∩ shifts (weekly, or the date's
 * exception) on each
 * business date, none on a public holiday, a make-up workday (调休) following the weekday its
 * calendar entry names; none that has started or starts inside `leadMinutes` of `now`.
 * Busy calendars (other bookings, sessions, leave) are subtracted by the caller, which reads them.
 */
export function providerSlots(input: {
  point: PointHours;
  service: ServiceShape;
  provider: ProviderShifts;
  calendar: HolidayCalendar;
  from: Date;
  to: Date;
  now: Date;
  leadMinutes: number;
}): Slot[] {
  const { point, service, provider, calendar } = input;
  const modes = modesAt(point, service);
  if (modes.length === 0 || !servesAt(provider, point.id, service.id)) return [];
  const earliest = Math.max(input.from.getTime(), input.now.getTime() + input.leadMinutes * minute);
  const slots: Slot[] = [];
  const last = businessDate(new Date(input.to.getTime() - 1));
  for (let date = businessDate(input.from); date <= last; date = addDays(date, 1)) {
    const weekday = scheduleWeekday(date, calendar);
    if (weekday === undefined) continue;
    const open = point.hours.filter((h) => h.weekday === weekday);
    const shifts = shiftsOn(provider, date, weekday).filter((s) => s.servicePointId === point.id);
    for (const hours of open) {
      for (const shift of shifts) {
        const from = Math.max(toMinutes(hours.open), toMinutes(shift.start));
        const until = Math.min(toMinutes(hours.close), toMinutes(shift.end));
        for (let m = from; m + service.durationMinutes <= until; m += service.durationMinutes) {
          const start = businessInstant(date, toTime(m));
          if (start.getTime() < earliest || start.getTime() >= input.to.getTime()) continue;
          slots.push({
            start,
            end: new Date(start.getTime() + service.durationMinutes * minute),
            servicePointId: point.id,
            serviceId: service.id,
            providerId: provider.id,
            capacity: service.capacity,
            modes,
          });
        }
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The busy-calendar buckets an interval touches: rounded outward, so a partial bucket counts. */
export function busyBuckets(start: Date, end: Date): Date[] {
  const size = BUSY_BUCKET_MINUTES * minute;
  const buckets: Date[] = [];
  for (let t = Math.floor(start.getTime() / size) * size; t < end.getTime(); t += size) {
    buckets.push(new Date(t));
  }
  return buckets;
}

/** One busy bucket as the calendar holds it: who holds it and how many bookings share it. */
export interface BusyBucket {
  start: Date;
  /** The slot key holding it (bookings of one slot share a bucket), or a session/leave id. */
  holder: string;
  count: number;
}

/** Whether a slot can still take a booking given its provider's busy buckets. */
export function isFree(
  slotKey: string,
  slot: { start: Date; end: Date },
  busy: ReadonlyMap<number, BusyBucket>,
): boolean {
  return busyBuckets(slot.start, slot.end).every((bucket) => {
    const held = busy.get(bucket.getTime());
    return !held || held.count <= 0 || held.holder === slotKey;
  });
}

// ---------------------------------------------------------------------------------------------
// Slot ids: `<point>.<service>.<YYYYMMDDTHHMM business time>.<provider | any>`; ids are codes
// ([a-z0-9_-]), so the dot never occurs inside one.

export interface SlotRef {
  servicePointId: string;
  serviceId: string;
  start: Date;
  /** undefined: "any provider". */
  providerId?: string;
}

export const ANY_PROVIDER = 'any';

export function slotIdOf(ref: SlotRef): string {
  const iso = new Date(ref.start.getTime() + 8 * 60 * minute).toISOString();
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}`;
  return `${ref.servicePointId}.${ref.serviceId}.${stamp}.${ref.providerId ?? ANY_PROVIDER}`;
}

const SLOT_ID =
  /^([a-z0-9_-]{1,64})\.([a-z0-9_-]{1,64})\.(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})\.([a-z0-9_-]{1,64})$/;

export function parseSlotId(slotId: string): SlotRef | undefined {
  const m = SLOT_ID.exec(slotId);
  if (!m) return undefined;
  const start = new Date(`${m[3]}-${m[4]}-${m[5]}T${m[6]}:${m[7]}:00+08:00`);
  if (Number.isNaN(start.getTime())) return undefined;
  const provider = m[8]!;
  return {
    servicePointId: m[1]!,
    serviceId: m[2]!,
    start,
    ...(provider === ANY_PROVIDER ? {} : { providerId: provider }),
  };
}

/** The capacity item's key of one provider's slot: bookings of it share busy buckets. */
export function slotKeyOf(slot: {
  servicePointId: string;
  serviceId: string;
  start: Date;
  providerId: string;
}): string {
  return slotIdOf(slot);
}

/**
 * "Any provider": among the providers who still have room, the least loaded (fewest bookings that
 * day); ties go round in turn, starting where the day's total count points, so equal providers
 * take bookings alternately.
 */
export function fairOrder<T extends { providerId: string; load: number }>(
  candidates: readonly T[],
): T[] {
  const total = candidates.reduce((sum, c) => sum + c.load, 0);
  const n = candidates.length;
  const turn = (i: number) => (i - (total % Math.max(n, 1)) + n) % Math.max(n, 1);
  return candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.load - b.c.load || turn(a.i) - turn(b.i))
    .map(({ c }) => c);
}

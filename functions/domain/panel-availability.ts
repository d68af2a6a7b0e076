// Collective availability of a panel (三官一顾问+N): the earliest times at which every member is free, members of a kind drawn fairly, and a room.
import { BUSY_BUCKET_MINUTES, type DatedShifts, shiftsOn } from './availability.ts';
import { businessDate, businessInstant } from './time.ts';
import type { RosterKind } from './vocabulary.ts';
import { addDays, type HolidayCalendar, scheduleWeekday } from './working-days.ts';

/** The required seats of a panel by default: judge, prosecutor, police officer, legal advisor. */
export const PANEL_KINDS: readonly RosterKind[] = [
  'judge',
  'prosecutor',
  'police_officer',
  'legal_advisor',
];

/** What availability reads of a roster member. */
export interface PanelMember extends DatedShifts {
  id: string;
  name: string;
  kind: RosterKind;
  /** Whole business dates away, inclusive. */
  leave?: readonly { from: string; to: string }[];
}

export interface PanelRoom {
  /** The room's calendar key (`room.<point>.<room>`). */
  key: string;
  id: string;
  name: string;
  servicePointId: string;
}

/** A held interval of a calendar, epoch milliseconds, end exclusive. */
export interface Busy {
  start: number;
  end: number;
}

export interface PanelProposal {
  start: Date;
  end: Date;
  members: PanelMember[];
  room: PanelRoom | null;
}

export interface PanelQuery {
  /** Members who must sit (the mediator, chosen extra members). */
  fixed: readonly PanelMember[];
  /** One seat per entry: a member of that kind, drawn from the candidates. */
  seats: readonly { kind: RosterKind; candidates: readonly PanelMember[] }[];
  /** In person: one of these rooms must be free; null for an online session. */
  rooms: readonly PanelRoom[] | null;
  /** Held intervals by member id or room key. */
  busy: ReadonlyMap<string, readonly Busy[]>;
  calendar: HolidayCalendar;
  from: Date;
  to: Date;
  durationMinutes: number;
  /** How many distinct start times to propose. */
  limit: number;
}

const minute = 60_000;
const step = BUSY_BUCKET_MINUTES * minute;
const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Minutes since business midnight of an instant on business date `date`. */
const minutesInto = (date: string, at: number) =>
  Math.round((at - businessInstant(date).getTime()) / minute);

/** Is the member free over [start, end): on shift that business date (weekly or its exception), not on leave, nothing held? */
export function isMemberFree(
  member: PanelMember,
  start: number,
  end: number,
  calendar: HolidayCalendar,
  busy: readonly Busy[] = [],
): boolean {
  const date = businessDate(new Date(start));
  if (businessDate(new Date(end - 1)) !== date) return false;
  if (member.leave?.some((l) => l.from <= date && date <= l.to)) return false;
  const weekday = scheduleWeekday(date, calendar);
  if (weekday === undefined) return false;
  const from = minutesInto(date, start);
  const until = minutesInto(date, end);
  const onShift = shiftsOn(member, date, weekday).some(
    (s) => toMinutes(s.start) <= from && until <= toMinutes(s.end),
  );
  return onShift && isUnheld(start, end, busy);
}

const isUnheld = (start: number, end: number, busy: readonly Busy[]) =>
  busy.every((b) => b.end <= start || end <= b.start);

/**
 * Members of one kind in a fair order: the least loaded first (calendar entries held in the
 * window), then by id for a stable answer. Each booking adds to its members' load, so members of
 * equal load take turns from one session to the next.
 */
export function fairMembers(
  candidates: readonly PanelMember[],
  load: (id: string) => number,
): PanelMember[] {
  return [...candidates].sort((a, b) => load(a.id) - load(b.id) || a.id.localeCompare(b.id));
}

/**
 * The earliest `limit` start times in [from, to) (on the 15-minute grid) at which every fixed
 * member and one member of each seat's kind are free, and a room when in person. A seat no free
 * member can take means no proposal at that time. Within a kind, members are drawn fairly.
 */
export function panelProposals(query: PanelQuery): PanelProposal[] {
  const { busy, calendar } = query;
  const length = query.durationMinutes * minute;
  const heldOf = (key: string) => busy.get(key) ?? [];
  const load = (id: string) => heldOf(id).length;
  const seats = query.seats.map((seat) => ({
    ...seat,
    ordered: fairMembers(seat.candidates, load),
  }));
  const proposals: PanelProposal[] = [];
  const first = Math.ceil(query.from.getTime() / step) * step;
  const lastDate = businessDate(new Date(query.to.getTime() - 1));
  // Only business dates with a schedule can seat anyone: skip holidays without probing them.
  for (let date = businessDate(new Date(first)); date <= lastDate; date = addDays(date, 1)) {
    if (scheduleWeekday(date, calendar) === undefined) continue;
    const dayStart = Math.max(first, businessInstant(date).getTime());
    const dayEnd = Math.min(query.to.getTime(), businessInstant(addDays(date, 1)).getTime());
    for (let start = dayStart; start < dayEnd; start += step) {
      const end = start + length;
      const free = (m: PanelMember) => isMemberFree(m, start, end, calendar, heldOf(m.id));
      if (!query.fixed.every(free)) continue;
      const chosen = new Set(query.fixed.map((m) => m.id));
      const members = [...query.fixed];
      let seated = true;
      for (const seat of seats) {
        const member = seat.ordered.find((m) => !chosen.has(m.id) && free(m));
        if (!member) {
          seated = false;
          break;
        }
        chosen.add(member.id);
        members.push(member);
      }
      if (!seated) continue;
      let room: PanelRoom | null = null;
      if (query.rooms) {
        room = query.rooms.find((r) => isUnheld(start, end, heldOf(r.key))) ?? null;
        if (!room) continue;
      }
      proposals.push({ start: new Date(start), end: new Date(end), members, room });
      if (proposals.length >= query.limit) return proposals;
    }
  }
  return proposals;
}

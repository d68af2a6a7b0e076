// Use cases of the staff portal: my work, my calendar, case search, the judges' queue, and the session room (check-in, minutes).
import type { MemberInbox } from '#adapters/member-inbox.port.ts';
import type { BookingStore } from '../adapters/booking-store.port.ts';
import type { CaseStore } from '../adapters/dynamo/case-store.ts';
import type { SessionRoomState, StaffWorkStore } from '../adapters/dynamo/staff-work-store.ts';
import type { VideoRooms } from '../adapters/video/jitsi-links.ts';
import type { Caller } from '../domain/access.ts';
import {
  CASE_NUMBER_PATTERN,
  type CaseRecord,
  type CaseSession,
  maskName,
} from '../domain/case.ts';
import {
  Forbidden,
  NotFound,
  PreconditionFailed,
  StageConflict,
  ValidationFailed,
} from '../domain/errors.ts';
import { businessDate, businessInstant, toBusinessIso } from '../domain/time.ts';
import type { ServiceMode } from '../domain/vocabulary.ts';
import { addDays, isIsoDate } from '../domain/working-days.ts';
import type { Catalogue } from './bookings.ts';

export interface StaffWorkDeps {
  cases: Pick<CaseStore, 'get'>;
  work: StaffWorkStore;
  bookings: Pick<BookingStore, 'providerDay'>;
  catalogue(): Promise<Catalogue>;
  clock: { now(): Date };
  /** The city's video rooms (Jitsi); absent: a session keeps the link it has, if any. */
  video?: VideoRooms;
  /** The roster members' inbox (invitations, changes, cancellations, reminders). */
  inbox?: Pick<MemberInbox, 'list'>;
}

/** How a staff member is named as an assignee (`issuer#sub`, as actions record it). */
export const staffId = (caller: Pick<Caller, 'issuer' | 'subject'>) =>
  `${caller.issuer}#${caller.subject}`;

/**
 * Is the caller the case's assignee? By sign-in, or by roster member: after a recusal or a
 * handover the new mediator is named by roster member (`roster:<id>`), not by a sign-in.
 */
export const isAssignee = (record: Pick<CaseRecord, 'assignee'>, caller: Caller) =>
  record.assignee !== undefined &&
  (record.assignee.subject === staffId(caller) ||
    (caller.rosterMemberId !== null && record.assignee.rosterMemberId === caller.rosterMemberId));

/** Most items a list answers with. */
const LIST_LIMIT = 200;
/** Check-in opens this long before a session starts. */
const CHECK_IN_OPENS_MINUTES = 30;
/** A calendar spans at most this many business dates. */
const MAX_CALENDAR_DAYS = 31;

const handlingLevels = new Set(['village', 'town', 'county']);

/** The handling regions (village, town, county) at or below `rootId`: where the caller's cases are. */
export function handlingRegionsWithin(
  regions: readonly { id: string; parentId: string | null; level: string }[],
  rootId: string,
): string[] {
  const within = new Set([rootId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of regions)
      if (r.parentId && within.has(r.parentId) && !within.has(r.id)) {
        within.add(r.id);
        grew = true;
      }
  }
  return regions.filter((r) => within.has(r.id) && handlingLevels.has(r.level)).map((r) => r.id);
}

/** A case as lists show it: no personal data. */
export function workItem(record: CaseRecord, city: Catalogue['city'], now: Date) {
  const category = city.categories.find((c) => c.id === record.category);
  const step = record.openStep && !record.openStep.answer ? record.openStep : undefined;
  return {
    caseNumber: record.caseNumber,
    category: record.category,
    categoryName: category?.name ?? record.category,
    categoryNameEn: category?.nameEn ?? record.category,
    stage: record.stage,
    status: record.status,
    level: record.level,
    handlingRegionId: record.handlingRegionId,
    filedAt: record.filedAt,
    dueAt: step?.dueAt ?? null,
    overdue: record.status === 'overdue' || (step !== undefined && new Date(step.dueAt) < now),
    step: step?.state ?? null,
    assignee: record.assignee ? { name: record.assignee.name } : null,
  };
}
export type WorkItem = ReturnType<typeof workItem>;

/** Overdue first, then the nearest deadline (none last), then the oldest filing. */
export const byUrgency = (a: WorkItem, b: WorkItem) =>
  Number(b.overdue) - Number(a.overdue) ||
  (a.dueAt && b.dueAt
    ? new Date(a.dueAt).getTime() - new Date(b.dueAt).getTime()
    : a.dueAt
      ? -1
      : b.dueAt
        ? 1
        : 0) ||
  a.filedAt.localeCompare(b.filedAt);

async function casesIn(
  deps: StaffWorkDeps,
  regionIds: readonly string[],
  filter: Parameters<StaffWorkStore['regionCases']>[1],
) {
  const lists = await Promise.all(
    regionIds.map((id) => deps.work.regionCases(id, filter, LIST_LIMIT)),
  );
  return lists.flat();
}

/** My work: open cases assigned to me or with a scheduled session I sit on; open unassigned ones of my region. */
export async function myCases(deps: StaffWorkDeps, caller: Caller) {
  const { city } = await deps.catalogue();
  const now = deps.clock.now();
  const open = await casesIn(deps, handlingRegionsWithin(city.regions, caller.regionId), {
    openOnly: true,
  });
  const sitsOn = (r: CaseRecord) =>
    caller.rosterMemberId !== null &&
    r.sessions.some(
      (s) => s.status === 'scheduled' && s.memberIds.includes(caller.rosterMemberId as string),
    );
  const items = (records: CaseRecord[]) =>
    records
      .map((r) => workItem(r, city, now))
      .sort(byUrgency)
      .slice(0, LIST_LIMIT);
  return {
    cases: items(open.filter((r) => isAssignee(r, caller) || sitsOn(r))),
    unassigned: items(open.filter((r) => !r.assignee)),
  };
}

export interface CaseSearch {
  number?: string;
  party?: string;
  category?: string;
  stage?: string;
  status?: string;
  /** A region inside the caller's (checked by the caller of this function). */
  regionId: string;
}

/** Case search inside one region subtree: newest first, parties' names masked. */
export async function searchCases(deps: StaffWorkDeps, search: CaseSearch) {
  const { city } = await deps.catalogue();
  const now = deps.clock.now();
  const regions = handlingRegionsWithin(city.regions, search.regionId);
  const number = search.number?.trim().toUpperCase();
  let records: CaseRecord[];
  if (number && CASE_NUMBER_PATTERN.test(number)) {
    // An exact number is one read, kept only when its handling region is in the subtree.
    const record = await deps.cases.get(number);
    records = record && regions.includes(record.handlingRegionId) ? [record] : [];
  } else {
    records = await casesIn(deps, regions, {
      ...(search.category ? { category: search.category } : {}),
      ...(search.stage ? { stage: search.stage } : {}),
      ...(number ? { numberPrefix: number } : {}),
    });
  }
  const party = search.party?.trim();
  return records
    .filter(
      (r) =>
        (!search.category || r.category === search.category) &&
        (!search.stage || r.stage === search.stage) &&
        (!search.status || r.status === search.status) &&
        (!party || r.parties.some((p) => p.name.includes(party))),
    )
    .sort((a, b) => b.filedAt.localeCompare(a.filedAt))
    .slice(0, LIST_LIMIT)
    .map((r) => ({
      ...workItem(r, city, now),
      parties: r.parties.map((p) => ({ role: p.role, name: maskName(p.name) })),
    }));
}

/** The judges' queue: cases of my region waiting for a judicial decision, oldest application first. */
export async function judicialQueue(deps: StaffWorkDeps, caller: Caller) {
  const { city } = await deps.catalogue();
  const now = deps.clock.now();
  const waiting = await casesIn(deps, handlingRegionsWithin(city.regions, caller.regionId), {
    steps: ['JudicialReview', 'JudicialReviewLate'],
  });
  return waiting
    .map((r) => {
      const item = workItem(r, city, now);
      return {
        caseNumber: r.caseNumber,
        category: r.category,
        categoryName: item.categoryName,
        categoryNameEn: item.categoryNameEn,
        appliedAt: r.confirmation?.appliedAt ?? r.openStep?.openedAt ?? r.updatedAt,
        dueAt: item.dueAt,
        overdue: item.overdue,
        agreement: {
          terms: r.agreement?.terms ?? [],
          recordedAt: r.agreement?.recordedAt ?? null,
          ...(r.agreement?.effectiveAt ? { effectiveAt: r.agreement.effectiveAt } : {}),
        },
        parties: r.parties.map((p) => ({ role: p.role, name: maskName(p.name) })),
      };
    })
    .sort((a, b) => new Date(a.appliedAt).getTime() - new Date(b.appliedAt).getTime());
}

// ---------------------------------------------------------------------------------------------
// My calendar

export interface CalendarItem {
  kind: 'session' | 'booking';
  start: string;
  end: string;
  mode: ServiceMode;
  caseNumber?: string;
  sessionId?: string;
  reference?: string;
  place?: string;
  servicePointName?: string;
  status: string;
}

/** The business dates from `from` to `to` inclusive: both valid, in order, at most 31. */
export function calendarDates(from: string, to: string): string[] {
  if (!isIsoDate(from)) throw new ValidationFailed({ 'query.from': 'a date YYYY-MM-DD' });
  if (!isIsoDate(to)) throw new ValidationFailed({ 'query.to': 'a date YYYY-MM-DD' });
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    dates.push(d);
    if (dates.length > MAX_CALENDAR_DAYS)
      throw new ValidationFailed({ 'query.to': `at most ${MAX_CALENDAR_DAYS} days after from` });
  }
  if (dates.length === 0) throw new ValidationFailed({ 'query.to': 'on or after from' });
  return dates;
}

/** Today (business date) and the six days after it: the calendar's default week. */
export const defaultWeek = (now: Date) => {
  const today = businessDate(now);
  return { from: today, to: addDays(today, 6) };
};

/**
 * My sessions (my agenda, each checked against its case: a moved or dropped session is not
 * shown at its old time) and my bookings as a provider, by start.
 */
export async function myCalendar(
  deps: StaffWorkDeps,
  caller: Caller,
  range: { from: string; to: string },
): Promise<CalendarItem[]> {
  const dates = calendarDates(range.from, range.to);
  const member = caller.rosterMemberId;
  if (!member) return [];
  const from = businessInstant(dates[0] as string);
  const to = businessInstant(addDays(dates.at(-1) as string, 1));
  const [agenda, days, catalogue] = await Promise.all([
    deps.work.agenda(member, from, to),
    Promise.all(dates.map((d) => deps.bookings.providerDay(member, d))),
    deps.catalogue(),
  ]);
  const cases = new Map<string, Promise<CaseRecord | undefined>>();
  const caseOf = (n: string) => {
    if (!cases.has(n)) cases.set(n, deps.cases.get(n));
    return cases.get(n) as Promise<CaseRecord | undefined>;
  };
  const seen = new Set<string>();
  const sessions = await Promise.all(
    agenda.map(async (entry): Promise<CalendarItem | undefined> => {
      if (seen.has(entry.sessionId)) return undefined;
      seen.add(entry.sessionId);
      const session = (await caseOf(entry.caseNumber))?.sessions.find(
        (s) => s.sessionId === entry.sessionId,
      );
      if (
        !session?.memberIds.includes(member) ||
        new Date(session.startsAt).getTime() !== new Date(entry.startsAt).getTime()
      )
        return undefined;
      return {
        kind: 'session',
        start: toBusinessIso(new Date(session.startsAt)),
        end: toBusinessIso(new Date(session.endsAt)),
        mode: session.mode,
        caseNumber: entry.caseNumber,
        sessionId: session.sessionId,
        ...(session.place ? { place: session.place } : {}),
        status: session.status,
      };
    }),
  );
  const bookings = days
    .flat()
    .filter((b) => b.status !== 'cancelled')
    .map(
      (b): CalendarItem => ({
        kind: 'booking',
        start: toBusinessIso(new Date(b.start)),
        end: toBusinessIso(new Date(b.end)),
        mode: b.mode,
        reference: b.reference,
        servicePointName:
          catalogue.city.servicePoints.find((p) => p.id === b.servicePointId)?.name ??
          b.servicePointId,
        status: b.status,
      }),
    );
  return [...sessions.filter((s): s is CalendarItem => s !== undefined), ...bookings].sort(
    (a, b) => new Date(a.start).getTime() - new Date(b.start).getTime(),
  );
}

// ---------------------------------------------------------------------------------------------
// The session room

function sessionOf(record: CaseRecord, sessionId: string): CaseSession {
  const session = record.sessions.find((s) => s.sessionId === sessionId);
  if (!session) throw new NotFound({ sessionId });
  return session;
}

const participantsOf = (
  session: CaseSession,
  room: SessionRoomState | undefined,
  roster: Catalogue['roster'],
) =>
  session.memberIds.map((id) => {
    const member = roster.find((m) => m.id === id);
    return {
      id,
      name: member?.name ?? id,
      kind: member?.kind ?? null,
      checkedInAt: room?.checkIns[id] ?? null,
    };
  });

/**
 * What the room adds to each session of a case file: participants with their check-in, and the
 * minutes (a held session's recorded minutes win over the draft) with the draft's version.
 */
export async function sessionRooms(
  deps: Pick<StaffWorkDeps, 'work' | 'catalogue'>,
  record: CaseRecord,
) {
  if (record.sessions.length === 0) return record.sessions;
  const [rooms, { roster }] = await Promise.all([
    deps.work.rooms(record.caseNumber),
    deps.catalogue(),
  ]);
  return record.sessions.map((s) => {
    const room = rooms.get(s.sessionId);
    const minutes = s.status === 'held' ? s.minutes : (room?.minutes?.text ?? s.minutes);
    return {
      ...s,
      ...(minutes !== undefined ? { minutes } : {}),
      minutesVersion: room?.minutes?.version ?? 0,
      participants: participantsOf(s, room, roster),
    };
  });
}

/** The minutes autosaved for a session, if any (the outcome takes them when it brings none). */
export async function minutesDraft(
  deps: Pick<StaffWorkDeps, 'work'>,
  caseNumber: string,
  sessionId: string,
) {
  return (await deps.work.rooms(caseNumber)).get(sessionId)?.minutes?.text;
}

/**
 * A member of the session checks in (once: a repeat keeps the first time) from 30 minutes before
 * the start until its outcome is recorded; a member of a video session gets the room's link.
 * A caller who does not sit on the session is refused (403) and gets no link.
 */
export async function checkIn(
  deps: StaffWorkDeps,
  record: CaseRecord,
  sessionId: string,
  caller: Caller,
) {
  const session = sessionOf(record, sessionId);
  const member = caller.rosterMemberId;
  if (!member || !session.memberIds.includes(member))
    throw new Forbidden({ reason: 'only the members of the session check in' });
  if (session.status !== 'scheduled')
    throw new StageConflict({ reason: 'the session’s outcome is recorded already' });
  const now = deps.clock.now();
  const opensAt = new Date(new Date(session.startsAt).getTime() - CHECK_IN_OPENS_MINUTES * 60_000);
  if (now < opensAt)
    throw new StageConflict({
      reason: `check-in opens ${CHECK_IN_OPENS_MINUTES} minutes before the session`,
      opensAt: toBusinessIso(opensAt),
    });
  await deps.work.checkIn(record.caseNumber, sessionId, member, toBusinessIso(now));
  const [rooms, { roster }] = await Promise.all([
    deps.work.rooms(record.caseNumber),
    deps.catalogue(),
  ]);
  const name = roster.find((m) => m.id === member)?.name ?? caller.name;
  return {
    sessionId,
    participants: participantsOf(session, rooms.get(sessionId), roster),
    videoUrl:
      session.mode !== 'video'
        ? null
        : deps.video
          ? deps.video.link({ sessionId, member: { id: member, name }, now })
          : (session.videoUrl ?? null),
  };
}

/**
 * Autosaves a scheduled session's minutes at the version last read (0 at first): a stale version
 * answers 412 PRECONDITION_FAILED with the current one; a held session 409 STAGE_CONFLICT. Only
 * the session's members and the case's assignee save.
 */
export async function saveMinutes(
  deps: StaffWorkDeps,
  caseNumber: string,
  sessionId: string,
  caller: Caller,
  input: { text: string; version: number },
) {
  for (let round = 0; round < 10; round++) {
    const record = await deps.cases.get(caseNumber);
    if (!record) throw new NotFound();
    const session = sessionOf(record, sessionId);
    const member =
      caller.rosterMemberId !== null && session.memberIds.includes(caller.rosterMemberId);
    if (!member && !isAssignee(record, caller))
      throw new Forbidden({ reason: 'only the members of the session and the case’s mediator' });
    if (session.status !== 'scheduled')
      throw new StageConflict({ reason: 'the session’s outcome and minutes are recorded already' });
    const saved = await deps.work.saveMinutes({
      caseNumber,
      sessionId,
      text: input.text,
      version: input.version,
      caseVersion: record.version,
      by: staffId(caller),
      at: toBusinessIso(deps.clock.now()),
    });
    if (saved === 'case-moved') continue;
    if ('stale' in saved) throw new PreconditionFailed({ version: saved.stale });
    return { minutes: input.text, version: saved.version };
  }
  throw new Error(`case ${caseNumber} kept changing under the minutes`);
}

/** My inbox: the newest notices to my roster member (none for a login that is not one). */
export async function myNotices(deps: StaffWorkDeps, caller: Caller, limit = 30) {
  if (!deps.inbox || caller.rosterMemberId === null) return { notices: [] };
  const notices = await deps.inbox.list(caller.rosterMemberId, limit);
  return {
    notices: notices.map(({ at, caseNumber, purpose, text, sessionId }) => ({
      at: toBusinessIso(new Date(at)),
      caseNumber,
      purpose,
      text,
      sessionId: sessionId ?? null,
    })),
  };
}

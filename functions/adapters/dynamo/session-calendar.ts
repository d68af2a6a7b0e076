// A session's hold on its members' and room's calendars: the same busy buckets bookings take (BUSY#<member>), one agenda item per member, in the case change's own transaction.
import { busyBuckets } from '../../domain/availability.ts';
import type { CaseSession } from '../../domain/case.ts';
import type { ExtraItem } from './case-store.ts';

/** The calendar key of a service point's room: rooms are held in the same BUSY# partitions as people. */
export const roomKey = (servicePointId: string, roomId: string) =>
  `room.${servicePointId}.${roomId}`;

/** The calendars a session holds: every member's, and its room's when it meets in one. */
export function sessionCalendars(
  session: Pick<CaseSession, 'memberIds' | 'room'>,
): { key: string; memberId?: string }[] {
  return [
    ...session.memberIds.map((memberId) => ({ key: memberId, memberId })),
    ...(session.room ? [{ key: roomKey(session.room.servicePointId, session.room.roomId) }] : []),
  ];
}

const holderOf = (sessionId: string) => `SESSION#${sessionId}`;
const busyKey = (calendar: string, bucket: Date) => ({
  pk: `BUSY#${calendar}`,
  sk: bucket.toISOString(),
});
const agendaKey = (memberId: string, session: Pick<CaseSession, 'sessionId' | 'startsAt'>) => ({
  pk: `AGENDA#${memberId}`,
  sk: `${new Date(session.startsAt).toISOString()}#${session.sessionId}`,
});

/** One calendar's buckets over a session: which item of the change holds which calendar. */
export interface CalendarClaim {
  key: string;
  items: ExtraItem[];
}

type Timed = Pick<CaseSession, 'sessionId' | 'startsAt' | 'endsAt' | 'memberIds' | 'room'> &
  Partial<Pick<CaseSession, 'mode' | 'place'>>;

const bucketsOf = (session: Timed) =>
  busyBuckets(new Date(session.startsAt), new Date(session.endsAt));

/**
 * Takes a bucket only when nothing holds it (no booking, no other session): a booking's bucket is
 * shared by that slot's bookings alone, a session's by nobody.
 */
const claim = (calendar: string, bucket: Date, sessionId: string): ExtraItem => ({
  Update: {
    Key: busyKey(calendar, bucket),
    UpdateExpression: 'SET holder = :holder ADD busyCount :one',
    ConditionExpression: 'attribute_not_exists(holder) OR busyCount <= :zero',
    ExpressionAttributeValues: { ':holder': holderOf(sessionId), ':one': 1, ':zero': 0 },
  },
});

/** Gives a bucket back (only the session holding it can). */
const release = (calendar: string, bucket: Date, sessionId: string): ExtraItem => ({
  Update: {
    Key: busyKey(calendar, bucket),
    UpdateExpression: 'ADD busyCount :minus',
    ConditionExpression: 'holder = :holder AND busyCount > :zero',
    ExpressionAttributeValues: { ':holder': holderOf(sessionId), ':minus': -1, ':zero': 0 },
  },
});

const agendaPut = (memberId: string, caseNumber: string, session: Timed): ExtraItem => ({
  Put: {
    Item: {
      ...agendaKey(memberId, session),
      caseNumber,
      sessionId: session.sessionId,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      ...(session.mode ? { mode: session.mode } : {}),
      ...(session.place ? { place: session.place } : {}),
      ...(session.room ? { roomId: session.room.roomId } : {}),
    },
  },
});

const agendaDelete = (memberId: string, session: Timed): ExtraItem => ({
  Delete: { Key: agendaKey(memberId, session) },
});

/**
 * The items that move a session's holds from `before` (undefined: a new session) to `after`
 * (undefined: the session no longer holds anything). A bucket both times share is left as it
 * is (one transaction cannot touch an item twice); each claim is listed with its calendar so a
 * failed condition names whose time was taken.
 */
export function sessionCalendarChange(
  caseNumber: string,
  before: Timed | undefined,
  after: Timed | undefined,
): { claims: CalendarClaim[]; others: ExtraItem[] } {
  const held = new Map<string, Set<number>>();
  if (before)
    for (const { key } of sessionCalendars(before))
      held.set(key, new Set(bucketsOf(before).map((b) => b.getTime())));
  const wanted = new Map<string, Set<number>>();
  if (after)
    for (const { key } of sessionCalendars(after))
      wanted.set(key, new Set(bucketsOf(after).map((b) => b.getTime())));

  const claims: CalendarClaim[] = [];
  const others: ExtraItem[] = [];
  const sessionId = (after ?? before)?.sessionId ?? '';
  for (const [key, buckets] of wanted) {
    const kept = held.get(key) ?? new Set<number>();
    const items = [...buckets]
      .filter((t) => !kept.has(t))
      .map((t) => claim(key, new Date(t), sessionId));
    if (items.length) claims.push({ key, items });
  }
  for (const [key, buckets] of held) {
    const still = wanted.get(key) ?? new Set<number>();
    for (const t of buckets) if (!still.has(t)) others.push(release(key, new Date(t), sessionId));
  }
  // Agendas: the old start's items go (unless the same key is written again), the new ones come.
  const sameStart =
    before && after && new Date(before.startsAt).getTime() === new Date(after.startsAt).getTime();
  if (before)
    for (const memberId of before.memberIds)
      if (!(sameStart && after?.memberIds.includes(memberId)))
        others.push(agendaDelete(memberId, before));
  if (after)
    for (const memberId of after.memberIds) others.push(agendaPut(memberId, caseNumber, after));
  return { claims, others };
}

/** How many items a session's change writes: DynamoDB takes at most 100 in one transaction. */
export const calendarItemCount = (change: ReturnType<typeof sessionCalendarChange>) =>
  change.claims.reduce((n, c) => n + c.items.length, 0) + change.others.length;

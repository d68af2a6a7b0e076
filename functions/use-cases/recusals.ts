// Use cases: recusal (回避) of a member from a case — replaced on its scheduled session by a free member of the same kind, or as its mediator — and handover of a member's open cases during leave.
import { CaseChangeRejected, type ExtraItem } from '../adapters/dynamo/case-store.ts';
import { sessionCalendarChange } from '../adapters/dynamo/session-calendar.ts';
import type { CaseRecord, CaseSession } from '../domain/case.ts';
import {
  NotFound,
  PreconditionFailed,
  SlotFull,
  StageConflict,
  ValidationFailed,
} from '../domain/errors.ts';
import { type Busy, fairMembers, isMemberFree } from '../domain/panel-availability.ts';
import { redactPersonalNumbers } from '../domain/personal-data.ts';
import { businessDate, toBusinessIso } from '../domain/time.ts';
import type { Catalogue } from './bookings.ts';
import type { Actor } from './case-actions.ts';
import { type CaseDeps, tellMembers, tellParties } from './case-parties.ts';
import { sessionWhen } from './session-cancellation.ts';

type RosterMember = Catalogue['roster'][number];

export interface RecusalDeps extends CaseDeps {
  catalogue(): Promise<Catalogue>;
  /** A member's held intervals overlapping [from, to) (bookings, and sessions that hold calendars). */
  busy(memberId: string, from: Date, to: Date): Promise<Busy[]>;
  /** As in HandoverDeps: a member's open cases in a region (their load, when a mediator is drawn). */
  assignedOpenCases?(regionId: string, rosterMemberId: string): Promise<string[]>;
}

export interface HandoverDeps extends CaseDeps {
  catalogue(): Promise<Catalogue>;
  /** Numbers of the open cases a region handles whose assignee is this roster member (the region index, filtered). */
  assignedOpenCases(regionId: string, rosterMemberId: string): Promise<string[]>;
}

/** How an assignee who is a roster member is named when no sign-in is known for them. */
export const rosterAssignee = (member: Pick<RosterMember, 'id' | 'name'>) => ({
  rosterMemberId: member.id,
  name: member.name,
  subject: `roster:${member.id}`,
});

/**
 * The region and its ancestors, nearest first: a member whose home region is one of them serves
 * it (the value is how many levels up).
 */
function servedBy(regions: Catalogue['city']['regions'], regionId: string): Map<string, number> {
  const byId = new Map(regions.map((r) => [r.id, r] as const));
  const out = new Map<string, number>();
  for (
    let id: string | null | undefined = regionId;
    id && !out.has(id);
    id = byId.get(id)?.parentId
  )
    out.set(id, out.size);
  return out;
}

/** How far around a session a candidate's calendar counts as their load (the fair draw). */
const LOAD_WINDOW_MS = 7 * 86_400_000;

const onLeave = (member: RosterMember, date: string) =>
  member.leave?.some((l) => l.from <= date && date <= l.to) ?? false;

const MEDIATOR_KIND = 'people_mediator';

export interface RecusalInput {
  memberId: string;
  reason: string;
}

export interface RecusalResult {
  record: CaseRecord;
  replacements: { sessionId: string; memberId: string | null }[];
  assignee: { rosterMemberId: string | null; name: string } | null;
}

/**
 * Recuses a member from a case: off every scheduled session they sit on, each seat taken by a
 * member of the same kind who serves the case's region, is not on leave, not on the session and
 * free then (fairly drawn; the seat stays empty when nobody is); and, when they are the case's
 * mediator, a mediator who serves the region takes the case (none: it is unassigned again).
 * 409 when the member is not on the case or the case is closed; `authorize` refuses (403) a
 * caller who may not recuse this member, after that check. Parties are told.
 */
export async function recuse(
  deps: RecusalDeps,
  caseNumber: string,
  input: RecusalInput,
  actor: Actor | ((record: CaseRecord) => Actor),
  options: { expectedVersion?: number; authorize?(record: CaseRecord): void } = {},
): Promise<RecusalResult> {
  const { city, roster } = await deps.catalogue();
  const byId = new Map(roster.map((m) => [m.id, m] as const));
  for (let round = 0; ; round++) {
    const snapshot = await deps.cases.get(caseNumber);
    if (!snapshot) throw new NotFound();
    if (options.expectedVersion !== undefined && snapshot.version !== options.expectedVersion)
      throw new PreconditionFailed({ version: snapshot.version });
    const who = typeof actor === 'function' ? actor(snapshot) : actor;
    const sessions = snapshot.sessions.filter(
      (s) => s.status === 'scheduled' && s.memberIds.includes(input.memberId),
    );
    const isAssignee = snapshot.assignee?.rosterMemberId === input.memberId;
    if (snapshot.status === 'closed')
      throw new StageConflict({ reason: 'the case is closed', action: 'recusal' });
    if (sessions.length === 0 && !isAssignee)
      throw new StageConflict({
        reason: 'the member is not on this case',
        memberId: input.memberId,
      });
    options.authorize?.(snapshot);

    const recused = byId.get(input.memberId);
    const served = servedBy(city.regions, snapshot.handlingRegionId);
    const excluded = new Set([input.memberId, ...(snapshot.recusals ?? []).map((r) => r.memberId)]);
    const eligible = (m: RosterMember, kinds: readonly string[]) =>
      kinds.includes(m.kind) && served.has(m.regionId) && !excluded.has(m.id);

    const replacements: RecusalResult['replacements'] = [];
    for (const session of sessions) {
      const start = new Date(session.startsAt);
      const end = new Date(session.endsAt);
      const candidates = recused
        ? roster.filter((m) => eligible(m, [recused.kind]) && !session.memberIds.includes(m.id))
        : [];
      // Each candidate's calendar around the session: free over the session itself, and their
      // load (what they hold that fortnight) orders the fair draw, as panel proposals do.
      const busy = new Map(
        await Promise.all(
          candidates.map(
            async (m) =>
              [
                m.id,
                await deps.busy(
                  m.id,
                  new Date(start.getTime() - LOAD_WINDOW_MS),
                  new Date(end.getTime() + LOAD_WINDOW_MS),
                ),
              ] as const,
          ),
        ),
      );
      const free = fairMembers(candidates, (id) => busy.get(id)?.length ?? 0).find((m) =>
        isMemberFree(m, start.getTime(), end.getTime(), city.calendar, busy.get(m.id)),
      );
      replacements.push({ sessionId: session.sessionId, memberId: free?.id ?? null });
    }

    let assignee: CaseRecord['assignee'];
    if (isAssignee) {
      const today = businessDate(deps.clock.now());
      const kinds = [MEDIATOR_KIND, ...(recused ? [recused.kind] : [])];
      // The member who took the recused one's seat, if a mediator, keeps the case in one hand.
      const seated = replacements.map((r) => r.memberId && byId.get(r.memberId));
      const pool = roster.filter((m) => eligible(m, kinds) && !onLeave(m, today));
      const next =
        seated.find((m): m is RosterMember => !!m && pool.includes(m)) ??
        (await nearestFair(deps, pool, served, snapshot.handlingRegionId))[0];
      assignee = next ? rosterAssignee(next) : undefined;
    }

    const at = toBusinessIso(deps.clock.now());
    const replaced = new Map(replacements.map((r) => [r.sessionId, r.memberId] as const));
    /** Whose calendar each claim item of the change takes (its index among `extra`). */
    let owners: string[] = [];
    try {
      const { record } = await deps.cases.change(
        caseNumber,
        (current) => {
          // Every claim first (owners[i] is whose calendar extra[i] takes), then the releases.
          const claims: ExtraItem[] = [];
          const others: ExtraItem[] = [];
          owners = [];
          const swapped = (s: CaseSession): CaseSession => {
            if (!replaced.has(s.sessionId)) return s;
            const by = replaced.get(s.sessionId);
            const moved = {
              ...s,
              memberIds: s.memberIds.flatMap((id) =>
                id !== input.memberId ? [id] : by ? [by] : [],
              ),
            };
            // The seat's calendar holds move with it: the recused member's buckets and agenda
            // item given back, the replacement's taken (a session that held none holds none).
            if (s.holdsCalendars) {
              const change = sessionCalendarChange(current.caseNumber, s, moved);
              for (const claim of change.claims)
                for (const item of claim.items) {
                  owners.push(claim.key);
                  claims.push(item);
                }
              others.push(...change.others);
            }
            return moved;
          };
          const sessionsNow = current.sessions.map(swapped);
          const next: CaseRecord = {
            ...current,
            sessions: sessionsNow,
            recusals: [
              ...(current.recusals ?? []),
              { memberId: input.memberId, at, actorRole: who.role, reason: input.reason },
            ],
            updatedAt: at,
          };
          if (isAssignee) {
            if (assignee) next.assignee = assignee;
            else delete next.assignee;
          }
          return {
            record: next,
            extra: [...claims, ...others],
            events: [
              {
                type: 'recused',
                at,
                stage: current.stage,
                actorRole: who.role,
                data: {
                  sessions: sessions.length,
                  replaced: replacements.filter((r) => r.memberId).length,
                  mediator: isAssignee,
                  mediatorReplaced: isAssignee && assignee !== undefined,
                },
              },
            ],
          };
        },
        // Decided on the snapshot the replacements were chosen for: a change in between re-plans.
        { expectedVersion: snapshot.version },
      );
      await tellParties(
        deps,
        record,
        record.parties,
        'recusal',
        () =>
          `案件 ${record.caseNumber}：调解人员回避，${sessions.length > 0 ? '调解会人员已调整，时间地点不变' : '案件已由其他调解员承办'}。详情可在网上查看。`,
      );
      // The recused member is released; each replacement is invited to the seat.
      await tellMembers(
        deps,
        record.caseNumber,
        [input.memberId],
        'recused',
        `您已回避案件 ${record.caseNumber}${sessions.length > 0 ? '，不再参加其调解会' : ''}。`,
      );
      for (const { sessionId, memberId } of replacements) {
        const session = record.sessions.find((s) => s.sessionId === sessionId);
        if (memberId && session)
          await tellMembers(
            deps,
            record.caseNumber,
            [memberId],
            'session-invitation',
            `邀请您参加案件 ${record.caseNumber} 的调解会（替换回避人员）：${sessionWhen(session)}。`,
            sessionId,
          );
      }
      return {
        record,
        replacements,
        assignee: record.assignee
          ? { rosterMemberId: record.assignee.rosterMemberId, name: record.assignee.name }
          : null,
      };
    } catch (error) {
      if (error instanceof PreconditionFailed && options.expectedVersion === undefined && round < 4)
        continue;
      if (error instanceof CaseChangeRejected) {
        // A replacement's time was taken after it was chosen (a booking or another session).
        const taken = [...new Set(error.failed.map((i) => owners[i]).filter(Boolean))];
        throw new SlotFull(
          { memberIds: taken },
          'the replacement is no longer free at that time: try again',
        );
      }
      throw error;
    }
  }
}

/**
 * Mediators in the order a case is handed to them: the nearest level first (小事不出村), then
 * the fewest open cases in the case's region, then by id.
 */
async function nearestFair(
  deps: Pick<RecusalDeps, 'assignedOpenCases'>,
  pool: readonly RosterMember[],
  served: ReadonlyMap<string, number>,
  regionId: string,
): Promise<RosterMember[]> {
  const load = new Map(
    await Promise.all(
      pool.map(
        async (m) => [m.id, (await deps.assignedOpenCases?.(regionId, m.id))?.length ?? 0] as const,
      ),
    ),
  );
  const levels = (m: RosterMember) => served.get(m.regionId) ?? Number.MAX_SAFE_INTEGER;
  return [...pool].sort(
    (a, b) =>
      levels(a) - levels(b) ||
      (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) ||
      a.id.localeCompare(b.id),
  );
}

/** A case a handover left with its assignee, and why. */
export interface HandoverSkip {
  caseNumber: string;
  reason: 'recused' | 'not_served';
}

/**
 * Hands a member's open cases (assignee = the member) in the given handling regions to another
 * member of the same kind or a mediator: each case an audited change with a `handed_over`
 * event. A case the target was recused from, or whose region the target does not serve, stays
 * (listed in `skipped`). A re-run finds nothing left to move.
 */
export async function handOver(
  deps: HandoverDeps,
  input: { fromMemberId: string; toMemberId: string; reason: string; regionIds: readonly string[] },
  actor: Actor,
): Promise<{ moved: string[]; skipped: HandoverSkip[] }> {
  const { city, roster } = await deps.catalogue();
  const from = roster.find((m) => m.id === input.fromMemberId);
  if (!from) throw new NotFound({ memberId: input.fromMemberId });
  const to = roster.find((m) => m.id === input.toMemberId);
  if (!to) throw new ValidationFailed({ 'json.toMemberId': 'no such roster member' });
  if (to.id === from.id)
    throw new ValidationFailed({ 'json.toMemberId': 'another member than the one on leave' });
  if (to.kind !== from.kind && to.kind !== MEDIATOR_KIND)
    throw new ValidationFailed({ 'json.toMemberId': `a ${from.kind} or a people_mediator` });
  if (onLeave(to, businessDate(deps.clock.now())))
    throw new ValidationFailed({ 'json.toMemberId': 'on leave today' });

  const found = await Promise.all(input.regionIds.map((id) => deps.assignedOpenCases(id, from.id)));
  const moved: string[] = [];
  const skipped: HandoverSkip[] = [];
  const reason = redactPersonalNumbers(input.reason);
  for (const caseNumber of [...new Set(found.flat())].sort()) {
    const at = toBusinessIso(deps.clock.now());
    let skip: HandoverSkip['reason'] | undefined;
    const { changed } = await deps.cases.change(caseNumber, (current) => {
      skip = undefined;
      if (current.status === 'closed' || current.assignee?.rosterMemberId !== from.id)
        return undefined;
      // A recused member is never drawn for the case again, a handover included.
      if ((current.recusals ?? []).some((r) => r.memberId === to.id)) skip = 'recused';
      else if (!servedBy(city.regions, current.handlingRegionId).has(to.regionId))
        skip = 'not_served';
      if (skip) return undefined;
      return {
        record: { ...current, assignee: rosterAssignee(to), updatedAt: at },
        events: [
          {
            type: 'handed_over',
            at,
            stage: current.stage,
            actorRole: actor.role,
            data: { from: from.id, to: to.id, reason },
          },
        ],
      };
    });
    if (changed) moved.push(caseNumber);
    else if (skip) skipped.push({ caseNumber, reason: skip });
  }
  return { moved, skipped };
}

// Use cases: what staff and parties do at a case's open step; each change and its events in one write, then the step's answer to the workflow.
import { randomInt } from 'node:crypto';
import {
  CaseChangeRejected,
  type CounterBump,
  type ExtraItem,
} from '../adapters/dynamo/case-store.ts';
import { calendarItemCount, sessionCalendarChange } from '../adapters/dynamo/session-calendar.ts';
import type { RecoveryOtpStore } from '../adapters/party-contact-store.port.ts';
import {
  type ActorRole,
  acceptsAction,
  type CaseAction,
  type CaseEvent,
  type CaseRecord,
  type CaseSession,
  completesStep,
  type FollowUpResult,
  type PartyRole,
  type SessionOutcome,
  type StepAnswer,
  signingParties,
} from '../domain/case.ts';
import { NotFound, SlotFull, StageConflict, ValidationFailed } from '../domain/errors.ts';
import { maskMobile } from '../domain/personal-data.ts';
import { toBusinessIso } from '../domain/time.ts';
import type { ClosureType, RosterKind, ServiceMode } from '../domain/vocabulary.ts';
import {
  bump,
  type CaseDeps,
  type CityConfig,
  cityOf,
  partyBinding,
  partyCode,
  tellMembers,
  tellParties,
} from './case-parties.ts';
import { newSessionId } from './cases.ts';
import {
  cancelScheduledSessions,
  sessionWhen,
  tellSessionsCancelled,
} from './session-cancellation.ts';
import { sessionReminderItem } from './session-reminders.ts';
import { attemptsKey, reserveAttempt, type TrackingCodeDeps } from './tracking-codes.ts';

/** Who acts: a staff member (by role) or a party. */
export interface Actor {
  role: ActorRole;
  /** `issuer#sub` for staff, `party:<id>` for a party. */
  id: string;
  name: string;
  rosterMemberId?: string | null;
}

interface Decision {
  record: CaseRecord;
  events: Omit<CaseEvent, 'seq' | 'at' | 'stage' | 'actorRole'>[];
  counters?: CounterBump[];
  /** Further items of the same transaction (a session's reminder). */
  extra?: ExtraItem[];
  /** The step's answer to the workflow (completing actions only). */
  answer?: { decision: string; closureType: ClosureType | null; reason?: string };
}

/**
 * Applies an action to the open step: 412 when `expectedVersion` is stale, 409 when the step
 * does not take the action. The answer is stored with the step (so it can be delivered again
 * after a crash) and sent to the workflow after the write.
 */
async function act(
  deps: CaseDeps,
  caseNumber: string,
  action: CaseAction,
  /** Who acts; a party is resolved (and checked) on the record the change is decided on. */
  actor: Actor | ((current: CaseRecord) => Actor),
  expectedVersion: number | undefined,
  decide: (current: CaseRecord, at: string) => Decision,
): Promise<CaseRecord> {
  const at = toBusinessIso(deps.clock.now());
  const { record } = await deps.cases.change(
    caseNumber,
    (current) => {
      if (!acceptsAction(current, action))
        throw new StageConflict({
          stage: current.stage,
          step: current.openStep?.state ?? null,
          action,
        });
      const who = typeof actor === 'function' ? actor(current) : actor;
      const decision = decide(current, at);
      const step = current.openStep;
      const next: CaseRecord = { ...decision.record, updatedAt: at };
      if (decision.answer && completesStep(action) && step)
        next.openStep = { ...step, answer: answerOf(decision.answer, current.version + 1) };
      return {
        record: next,
        events: decision.events.map((e) => ({
          ...e,
          at,
          stage: current.stage,
          actorRole: who.role,
        })),
        counters: decision.counters ?? [],
        extra: decision.extra ?? [],
      };
    },
    expectedVersion === undefined ? {} : { expectedVersion },
  );
  const answer = record.openStep?.answer;
  if (answer && record.openStep) {
    // The answer is recorded: a failed delivery is not the caller's failure. The next staff GET
    // of the case delivers it again, and so does the step's `…Late` opening if it times out.
    await deps.workflow
      .complete(record.openStep.token, answer)
      .catch((error: unknown) => deps.reportError?.('delivering a step answer failed', error));
  }
  return record;
}

/**
 * Delivers an answer recorded but not yet received by the workflow (a crash between the write
 * and the call). Harmless when it was received: the token is closed and the call is refused.
 */
export async function redeliver(deps: CaseDeps, record: CaseRecord): Promise<void> {
  const step = record.openStep;
  if (step?.answer) await deps.workflow.complete(step.token, step.answer);
}

const closing = (closureType: ClosureType) => ({ decision: 'close', closureType });

const answerOf = (body: NonNullable<Decision['answer']>, version: number): StepAnswer => ({
  ...body,
  version,
});

// ---------------------------------------------------------------------------------------------
// Staff

export async function takeCase(deps: CaseDeps, caseNumber: string, actor: Actor, version: number) {
  const at = toBusinessIso(deps.clock.now());
  const { record } = await deps.cases.change(
    caseNumber,
    (current) => {
      if (current.status === 'closed')
        throw new StageConflict({ stage: current.stage, action: 'take' });
      return {
        record: {
          ...current,
          assignee: {
            rosterMemberId: actor.rosterMemberId ?? null,
            name: actor.name,
            subject: actor.id,
          },
          updatedAt: at,
        },
        events: [{ type: 'taken', at, stage: current.stage, actorRole: actor.role }],
      };
    },
    { expectedVersion: version },
  );
  return record;
}

export interface DiagnosisInput {
  mediable: boolean;
  respondentConsents: boolean;
  track: 'simple' | 'panel';
  panelKinds?: RosterKind[];
  notes?: string;
}

/** 问诊 recorded: mediate (simple or panel), or close as not mediable / consent declined. */
export function recordDiagnosis(
  deps: CaseDeps,
  caseNumber: string,
  actor: Actor,
  version: number,
  input: DiagnosisInput,
) {
  return act(deps, caseNumber, 'diagnosis', actor, version, (current, at) => {
    const mediate = input.mediable && input.respondentConsents;
    const next: CaseRecord = {
      ...current,
      // Mediation began (the success rate's denominator), whatever a later level decides.
      ...(mediate && !current.mediationBeganAt ? { mediationBeganAt: at } : {}),
      track: input.track,
      ...(input.panelKinds ? { panelKinds: input.panelKinds } : {}),
      diagnosis: {
        mediable: input.mediable,
        respondentConsents: input.respondentConsents,
        track: input.track,
        at,
        ...(input.notes ? { notes: input.notes } : {}),
      },
      ...(current.assignee
        ? {}
        : {
            assignee: {
              rosterMemberId: actor.rosterMemberId ?? null,
              name: actor.name,
              subject: actor.id,
            },
          }),
    };
    return {
      record: next,
      events: [
        {
          type: 'diagnosed',
          data: {
            mediate,
            mediable: input.mediable,
            consent: input.respondentConsents,
            track: input.track,
            ...(input.panelKinds ? { panelKinds: input.panelKinds } : {}),
          },
        },
      ],
      counters: [
        bump(
          next,
          'diagnosed',
          at,
          !input.mediable ? 'not_mediable' : !input.respondentConsents ? 'declined' : 'mediate',
        ),
      ],
      answer: mediate
        ? { decision: 'mediate', closureType: null }
        : closing(input.mediable ? 'consent_declined' : 'not_mediable'),
    };
  });
}

export interface SessionInput {
  startsAt: string;
  durationMinutes: number;
  mode: ServiceMode;
  place?: string;
  memberIds?: string[];
  /** A room of a service point (city config): held like a member's calendar; names the place. */
  roomId?: string;
}

function checkSessionTime(input: SessionInput, now: Date) {
  const start = new Date(input.startsAt);
  if (start <= now) throw new ValidationFailed({ startsAt: 'a time in the future' });
  if (input.mode === 'in_person' && !input.place && !input.roomId)
    throw new ValidationFailed({ place: 'where an in-person session meets (or a roomId)' });
  if (input.mode !== 'in_person' && input.roomId)
    throw new ValidationFailed({ roomId: 'only an in-person session meets in a room' });
}

/** The room a session asks for, with the place it names: 422 for a room the city does not have. */
function roomOf(city: CityConfig, roomId: string | undefined) {
  if (!roomId) return undefined;
  for (const point of city.servicePoints)
    for (const room of point.rooms ?? [])
      if (room.id === roomId)
        return {
          room: { servicePointId: point.id, roomId: room.id },
          place: `${point.name} ${room.name}`,
        };
  throw new ValidationFailed({ roomId: `no room '${roomId}' at any service point` });
}

/**
 * DynamoDB writes at most 100 items in one transaction: the case, its events and reminder take
 * a handful, the calendars the rest (one item per member per 15 minutes, plus each agenda).
 */
const MAX_CALENDAR_ITEMS = 80;

/**
 * The holds a session's change takes (every member's and the room's busy buckets, the members'
 * agendas), as items of the case change, and what a failed claim means: whose time was taken.
 */
function calendarHolds(
  caseNumber: string,
  before: CaseSession | undefined,
  after: CaseSession | undefined,
) {
  const change = sessionCalendarChange(
    caseNumber,
    before?.holdsCalendars ? before : undefined,
    after,
  );
  if (calendarItemCount(change) > MAX_CALENDAR_ITEMS)
    throw new ValidationFailed({
      memberIds: 'too many members for a session this long: seat fewer, or split it in two',
    });
  const owners: string[] = [];
  const items: ExtraItem[] = [];
  for (const claim of change.claims)
    for (const item of claim.items) {
      owners.push(claim.key);
      items.push(item);
    }
  return { items: [...items, ...change.others], owners };
}

/** A claim that failed: 409 SLOT_FULL naming the members (and room) no longer free then. */
async function holding<T>(owners: () => string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof CaseChangeRejected)) throw error;
    const taken = [...new Set(error.failed.map((i) => owners()[i]).filter(Boolean))] as string[];
    const rooms = taken.filter((k) => k.startsWith('room.'));
    throw new SlotFull(
      {
        memberIds: taken.filter((k) => !k.startsWith('room.')),
        ...(rooms.length ? { roomIds: rooms.map((k) => k.split('.').at(-1)) } : {}),
      },
      'a member or the room is no longer free at that time',
    );
  }
}

/** Schedules a session (the step stays open); every party is told. */
export async function scheduleSession(
  deps: CaseDeps,
  caseNumber: string,
  actor: Actor,
  version: number,
  input: SessionInput,
) {
  const now = deps.clock.now();
  checkSessionTime(input, now);
  const city = await cityOf(deps);
  const { leadHours } = city.reminders;
  const room = roomOf(city, input.roomId);
  let session: CaseSession | undefined;
  let owners: string[] = [];
  const record = await holding(
    () => owners,
    () =>
      act(deps, caseNumber, 'schedule', actor, version, (current) => {
        if (current.sessions.some((s) => s.status === 'scheduled'))
          throw new StageConflict({
            reason: 'a session is already scheduled: move it or record its outcome',
          });
        const recused = new Set((current.recusals ?? []).map((r) => r.memberId));
        const memberIds = [
          ...new Set([
            ...(actor.rosterMemberId ? [actor.rosterMemberId] : []),
            ...(input.memberIds ?? []),
          ]),
        ];
        const barred = memberIds.filter((id) => recused.has(id));
        if (barred.length)
          throw new ValidationFailed({ memberIds: `recused from this case: ${barred.join(', ')}` });
        const start = new Date(input.startsAt);
        session = {
          sessionId: newSessionId(),
          startsAt: toBusinessIso(start),
          endsAt: toBusinessIso(new Date(start.getTime() + input.durationMinutes * 60_000)),
          mode: input.mode,
          ...(input.place || room ? { place: input.place ?? room?.place } : {}),
          ...(room ? { room: room.room } : {}),
          memberIds,
          status: 'scheduled',
          holdsCalendars: true,
        };
        const holds = calendarHolds(current.caseNumber, undefined, session);
        owners = holds.owners;
        return {
          record: { ...current, sessions: [...current.sessions, session] },
          extra: [
            ...holds.items,
            ...sessionReminderItem(leadHours, current.caseNumber, session, now),
          ],
          events: [
            {
              type: 'session_scheduled',
              data: {
                sessionId: session.sessionId,
                startsAt: session.startsAt,
                mode: session.mode,
                members: session.memberIds.length,
              },
            },
          ],
        };
      }),
  );
  const set = session;
  if (set)
    await tellParties(
      deps,
      record,
      record.parties,
      'session-scheduled',
      () => `案件 ${record.caseNumber} 的调解会定于 ${sessionWhen(set)}，请准时参加。`,
    );
  if (set)
    await tellMembers(
      deps,
      record.caseNumber,
      set.memberIds.filter((id) => id !== actor.rosterMemberId),
      'session-invitation',
      `邀请您参加案件 ${record.caseNumber} 的调解会：${sessionWhen(set)}。`,
      set.sessionId,
    );
  return { record, session: set };
}

/** Moves a scheduled session; every party is told. */
export async function moveSession(
  deps: CaseDeps,
  caseNumber: string,
  actor: Actor,
  version: number,
  sessionId: string,
  input: Omit<SessionInput, 'memberIds'>,
) {
  const now = deps.clock.now();
  checkSessionTime(input, now);
  const city = await cityOf(deps);
  const { leadHours } = city.reminders;
  const room = roomOf(city, input.roomId);
  let moved: CaseSession | undefined;
  let owners: string[] = [];
  const record = await holding(
    () => owners,
    () =>
      act(deps, caseNumber, 'schedule', actor, version, (current) => {
        const found = current.sessions.find(
          (s) => s.sessionId === sessionId && s.status === 'scheduled',
        );
        if (!found) throw new NotFound({ sessionId });
        const start = new Date(input.startsAt);
        const { place: _place, room: _room, ...rest } = found;
        moved = {
          ...rest,
          startsAt: toBusinessIso(start),
          endsAt: toBusinessIso(new Date(start.getTime() + input.durationMinutes * 60_000)),
          mode: input.mode,
          // A moved session meets where the move says (online: nowhere), in its room if it names one.
          ...(input.place || room ? { place: input.place ?? room?.place } : {}),
          ...(room ? { room: room.room } : {}),
          holdsCalendars: true,
        };
        const changed = moved;
        // The buckets both times share stay held; the old-only ones are given back, the new taken.
        const holds = calendarHolds(current.caseNumber, found, changed);
        owners = holds.owners;
        return {
          record: {
            ...current,
            sessions: current.sessions.map((s) => (s.sessionId === sessionId ? changed : s)),
          },
          // The old time's reminder finds the session moved and sends nothing.
          extra: [
            ...holds.items,
            ...sessionReminderItem(leadHours, current.caseNumber, changed, now),
          ],
          events: [
            {
              type: 'session_moved',
              data: { sessionId, startsAt: changed.startsAt, from: found.startsAt },
            },
          ],
        };
      }),
  );
  const set = moved;
  if (set)
    await tellParties(
      deps,
      record,
      record.parties,
      'session-moved',
      () => `案件 ${record.caseNumber} 的调解会改至 ${sessionWhen(set)}，请准时参加。`,
    );
  if (set)
    await tellMembers(
      deps,
      record.caseNumber,
      set.memberIds.filter((id) => id !== actor.rosterMemberId),
      'session-moved',
      `案件 ${record.caseNumber} 的调解会改至 ${sessionWhen(set)}。`,
      set.sessionId,
    );
  return { record, session: set };
}

export interface OutcomeInput {
  sessionId: string;
  outcome: SessionOutcome;
  terms?: string[];
  minutes?: string;
  /** The parties signed the agreement on paper at the session: it takes effect now. */
  signedInPerson?: boolean;
}

/** A held session's outcome: agreement, no agreement, another session, escalate, refer. */
export async function recordOutcome(
  deps: CaseDeps,
  caseNumber: string,
  actor: Actor,
  version: number,
  input: OutcomeInput,
) {
  if (input.outcome === 'agreement' && !input.terms?.length)
    throw new ValidationFailed({ terms: 'the agreement’s terms, one or more' });
  const now = deps.clock.now();
  const record = await act(deps, caseNumber, 'outcome', actor, version, (current, at) => {
    const session = current.sessions.find((s) => s.sessionId === input.sessionId);
    if (!session) throw new NotFound({ sessionId: input.sessionId });
    if (session.status !== 'scheduled')
      throw new StageConflict({ reason: 'this session’s outcome is recorded already' });
    if (new Date(session.startsAt) > now)
      throw new StageConflict({
        reason: 'the session has not started yet',
        startsAt: session.startsAt,
      });
    const held: CaseSession = {
      ...session,
      status: 'held',
      outcome: input.outcome,
      ...(input.minutes ? { minutes: input.minutes } : {}),
    };
    const next: CaseRecord = {
      ...current,
      sessions: current.sessions.map((s) => (s.sessionId === held.sessionId ? held : s)),
    };
    const events: Decision['events'] = [
      { type: 'session_held', data: { sessionId: held.sessionId, outcome: input.outcome } },
    ];
    const counters: CounterBump[] = [];
    let answer: Decision['answer'];
    switch (input.outcome) {
      case 'agreement': {
        const inPerson = input.signedInPerson === true;
        next.agreement = {
          terms: input.terms ?? [],
          sessionId: held.sessionId,
          recordedAt: at,
          signedInPerson: inPerson,
          ...(inPerson ? { effectiveAt: at } : {}),
        };
        next.parties = current.parties.map(({ signedAt: _s, ...p }) => p);
        events.push({
          type: 'agreement_recorded',
          data: { terms: input.terms?.length ?? 0, signedInPerson: inPerson },
        });
        if (inPerson) events.push({ type: 'agreement_effective' });
        counters.push(bump(next, 'agreement_recorded', at));
        answer = { decision: inPerson ? 'agreement_effective' : 'agreement', closureType: null };
        break;
      }
      case 'another_session':
        answer = { decision: 'another_session', closureType: null };
        break;
      case 'no_agreement':
        answer = closing('no_agreement');
        break;
      case 'refer':
        events.push({ type: 'referred', data: { reason: 'outcome' } });
        answer = closing('referred_litigation');
        break;
      case 'escalate':
        answer = { decision: 'escalate', closureType: null };
        break;
    }
    return { record: next, events, counters, answer };
  });
  await tellParties(deps, record, record.parties, 'session-outcome', () =>
    input.outcome === 'agreement' && !input.signedInPerson
      ? `案件 ${record.caseNumber} 已达成调解协议，请在网上查看协议并确认签署。`
      : `案件 ${record.caseNumber} 的调解会结果已记录，请在网上查看。`,
  );
  return record;
}

/** Staff escalate, refer to litigation, or close a case the applicant withdrew, at diagnosis or sessions. */
export async function endStep(
  deps: CaseDeps,
  caseNumber: string,
  actor: Actor,
  version: number,
  input: { kind: 'escalate' | 'refer' | 'close'; reason: string },
) {
  let cancelled: CaseSession[] = [];
  const ended = await act(deps, caseNumber, input.kind, actor, version, (current) => {
    // The step ends: a session still scheduled is cancelled, its members' and room's time given back.
    const cancel = cancelScheduledSessions(current);
    const { sessions, extra } = cancel;
    cancelled = cancel.cancelled;
    return {
      record: { ...current, sessions },
      extra,
      events: input.kind === 'refer' ? [{ type: 'referred', data: { reason: 'staff' } }] : [],
      answer:
        input.kind === 'escalate'
          ? { decision: 'escalate', closureType: null, reason: input.reason }
          : closing(input.kind === 'refer' ? 'referred_litigation' : 'withdrawn'),
    };
  });
  await tellSessionsCancelled(deps, caseNumber, cancelled, actor.rosterMemberId);
  return ended;
}

/** A judge confirms the agreement (it becomes enforceable) or rejects it. */
export async function recordJudicialDecision(
  deps: CaseDeps,
  caseNumber: string,
  actor: Actor,
  version: number,
  input: { decision: 'confirmed' | 'rejected'; reasons: string },
) {
  const record = await act(deps, caseNumber, 'judicial_decision', actor, version, (current, at) => {
    const next: CaseRecord = {
      ...current,
      confirmation: {
        ...current.confirmation,
        decision: input.decision,
        reasons: input.reasons,
        decidedAt: at,
      },
    };
    const granted = input.decision === 'confirmed';
    return {
      record: next,
      events: [{ type: 'confirmation_decided', data: { granted } }],
      counters: [bump(next, 'confirmation_decided', at, granted ? 'granted' : 'rejected')],
      answer: { decision: 'decided', closureType: null },
    };
  });
  await tellParties(deps, record, signingParties(record), 'judicial-decision', () =>
    input.decision === 'confirmed'
      ? `案件 ${record.caseNumber}：法院已裁定确认调解协议有效，协议具有强制执行力。裁定书可在网上下载。`
      : `案件 ${record.caseNumber}：法院裁定驳回司法确认申请，理由见裁定书（可在网上下载）。`,
  );
  return record;
}

/** 复诊: is the agreement performed? Closes the case accordingly. */
export function recordFollowUp(
  deps: CaseDeps,
  caseNumber: string,
  actor: Actor,
  version: number,
  input: { result: FollowUpResult; notes?: string },
) {
  return act(deps, caseNumber, 'follow_up', actor, version, (current, at) => {
    const next: CaseRecord = {
      ...current,
      followUp: { result: input.result, at, ...(input.notes ? { notes: input.notes } : {}) },
    };
    return {
      record: next,
      events: [{ type: 'followed_up', data: { result: input.result } }],
      counters: [bump(next, 'followed_up', at, input.result)],
      answer: closing(
        input.result === 'performed' ? 'agreement_performed' : 'agreement_not_performed',
      ),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Parties

const partyOf = (record: CaseRecord, partyId: string) => {
  const party = record.parties.find((p) => p.partyId === partyId);
  if (!party) throw new NotFound();
  return party;
};

/** A party acting on its case, refused (409) when its role may not take the action. */
const partyActor =
  (partyId: string, mayAct: (role: PartyRole) => boolean, refusal: string) =>
  (record: CaseRecord): Actor => {
    const party = partyOf(record, partyId);
    if (!mayAct(party.role)) throw new StageConflict({ reason: refusal });
    return { role: party.role, id: `party:${partyId}`, name: party.name };
  };
const notAgent = (role: PartyRole) => role !== 'agent';

/** A respondent accepts or declines mediation online while the diagnosis is open. */
export async function respondToCase(
  deps: CaseDeps,
  caseNumber: string,
  partyId: string,
  input: { consent: boolean; reason?: string },
) {
  return act(
    deps,
    caseNumber,
    'response',
    partyActor(
      partyId,
      (role) => role === 'respondent' || role === 'co_respondent',
      'only the other party answers the request for mediation',
    ),
    undefined,
    (record, at) => {
      if (partyOf(record, partyId).consent)
        throw new StageConflict({ reason: 'this party has answered already' });
      return {
        record: {
          ...record,
          parties: record.parties.map((p) =>
            p.partyId === partyId
              ? {
                  ...p,
                  consent: {
                    given: input.consent,
                    at,
                    ...(input.reason ? { reason: input.reason } : {}),
                  },
                }
              : p,
          ),
        },
        events: [{ type: 'respondent_answered', data: { consent: input.consent } }],
      };
    },
  );
}

/** How long a signing code works, and how many a party may ask for per 15 minutes. */
const SIGNING_OTP_SECONDS = 10 * 60;
const MAX_SIGNING_SENDS = 3;

export interface SigningDeps extends CaseDeps, TrackingCodeDeps {
  otps: RecoveryOtpStore;
}

const otpScope = (caseNumber: string, partyId: string) => `sign:${caseNumber}:${partyId}`;

async function otpHash(deps: SigningDeps, caseNumber: string, partyId: string, otp: string) {
  return Buffer.from(
    await deps.codec.mac('recovery-otp', `${otpScope(caseNumber, partyId)}\n${otp}`),
  ).toString('base64url');
}

/** Sends this party a one-time code to sign the agreement with (its signature). */
export async function sendSigningCode(deps: SigningDeps, caseNumber: string, partyId: string) {
  const record = await deps.cases.get(caseNumber);
  if (!record) throw new NotFound();
  const party = partyOf(record, partyId);
  if (!acceptsAction(record, 'sign') || party.role === 'agent' || party.signedAt)
    throw new StageConflict({ reason: 'nothing for this party to sign now' });
  if (!party.sms || !party.phoneSealed)
    throw new StageConflict({ reason: 'no mobile on file: sign in person with the mediator' });
  await reserveAttempt(
    deps,
    await attemptsKey(deps.codec, otpScope(caseNumber, partyId), 'sign-send'),
    MAX_SIGNING_SENDS,
  );
  const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  await deps.otps.put(
    await attemptsKey(deps.codec, otpScope(caseNumber, partyId), 'otp'),
    await otpHash(deps, caseNumber, partyId, otp),
    now + SIGNING_OTP_SECONDS,
  );
  const mobile = await deps.codec.open(
    'mobile',
    party.phoneSealed,
    partyBinding(record.caseId, partyId),
  );
  await deps.notifier.send({
    channel: 'sms',
    to: mobile,
    purpose: 'agreement-signing-otp',
    text: `【${deps.cityName}】您正在确认签署案件 ${caseNumber} 的调解协议，验证码 ${otp}，10 分钟内有效。如非本人操作，请忽略。`,
  });
  return {
    sentTo: maskMobile(mobile),
    expiresAt: toBusinessIso(new Date((now + SIGNING_OTP_SECONDS) * 1000)),
  };
}

/** The party signs with its code; the last signature makes the agreement effective. */
export async function signAgreement(
  deps: SigningDeps,
  caseNumber: string,
  partyId: string,
  otp: string,
) {
  const key = await attemptsKey(deps.codec, otpScope(caseNumber, partyId), 'sign-verify');
  await reserveAttempt(deps, key);
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const ok =
    /^\d{6}$/.test(otp) &&
    (await deps.otps.consume(
      await attemptsKey(deps.codec, otpScope(caseNumber, partyId), 'otp'),
      await otpHash(deps, caseNumber, partyId, otp),
      now,
    ));
  if (!ok)
    throw new ValidationFailed({ otp: 'the code is wrong or has expired: ask for a new one' });
  await deps.attempts.refund(key);
  const signer = partyActor(partyId, notAgent, 'the parties themselves sign');
  return act(deps, caseNumber, 'sign', signer, undefined, (record, at) => {
    const parties = record.parties.map((p) =>
      p.partyId === partyId && !p.signedAt ? { ...p, signedAt: at } : p,
    );
    const next: CaseRecord = { ...record, parties };
    const all = signingParties(next).every((p) => p.signedAt);
    const events: Decision['events'] = [
      { type: 'agreement_signed', data: { partyRole: partyOf(record, partyId).role } },
    ];
    if (all && next.agreement) {
      next.agreement = { ...next.agreement, effectiveAt: at };
      events.push({ type: 'agreement_effective' });
    }
    return {
      record: next,
      events,
      ...(all ? { answer: { decision: 'signed', closureType: null } } : {}),
    };
  });
}

/** The party applies for judicial confirmation; when every party has, the application goes to the court. */
export async function applyForConfirmation(deps: CaseDeps, caseNumber: string, partyId: string) {
  return act(
    deps,
    caseNumber,
    'apply_confirmation',
    partyActor(partyId, notAgent, 'the parties themselves apply'),
    undefined,
    (record, at) => {
      if (partyOf(record, partyId).appliedAt)
        throw new StageConflict({ reason: 'this party has applied already' });
      const parties = record.parties.map((p) =>
        p.partyId === partyId ? { ...p, appliedAt: at } : p,
      );
      const next: CaseRecord = { ...record, parties };
      const all = signingParties(next).every((p) => p.appliedAt);
      if (all) next.confirmation = { ...next.confirmation, appliedAt: at };
      return {
        record: next,
        events: [
          {
            type: 'confirmation_applied',
            data: { partyRole: partyOf(record, partyId).role, joint: all },
          },
        ],
        ...(all ? { answer: { decision: 'applied', closureType: null } } : {}),
      };
    },
  );
}

/** After closing, each party may rate the service once (1–5): the `rated` event and its counters. */
export async function rateCase(
  deps: CaseDeps,
  caseNumber: string,
  partyId: string,
  input: { score: number; comment?: string },
) {
  const at = toBusinessIso(deps.clock.now());
  const { record } = await deps.cases.change(caseNumber, (current) => {
    const party = partyOf(current, partyId);
    if (current.status !== 'closed')
      throw new StageConflict({ reason: 'a case is rated once it is closed' });
    if (party.ratedAt)
      throw new StageConflict({ reason: 'this party has rated the service already' });
    const next: CaseRecord = {
      ...current,
      parties: current.parties.map((p) => (p.partyId === partyId ? { ...p, ratedAt: at } : p)),
      updatedAt: at,
    };
    return {
      record: next,
      events: [
        {
          type: 'rated',
          at,
          stage: current.stage,
          actorRole: party.role,
          // The comment is the party's own words: kept on the event for staff, never in statistics.
          data: { score: input.score, ...(input.comment ? { comment: input.comment } : {}) },
        },
      ],
      counters: [
        bump(next, 'rated', at, String(input.score)),
        bump(next, 'rated', at, 'sum', input.score),
      ],
    };
  });
  return record;
}

/**
 * Staff re-issue a party's code (a party without a mobile, or one who lost it), to hand over on a
 * printed notice: the code generation moves on (the old code stops working), and the act is
 * audited in the same transaction.
 */
export async function reissuePartyCode(
  deps: CaseDeps,
  caseNumber: string,
  partyId: string,
  actor: Actor & { roles: string[] },
  input: { reason: string; requestId?: string },
) {
  const at = toBusinessIso(deps.clock.now());
  const { record } = await deps.cases.change(caseNumber, (current) => {
    const party = partyOf(current, partyId);
    const next: CaseRecord = {
      ...current,
      parties: current.parties.map((p) =>
        p.partyId === partyId ? { ...p, codeVersion: p.codeVersion + 1 } : p,
      ),
      updatedAt: at,
    };
    return {
      record: next,
      events: [
        {
          type: 'code_reissued',
          at,
          stage: current.stage,
          actorRole: actor.role,
          data: { partyRole: party.role },
        },
      ],
      extra: [
        {
          Put: {
            Item: {
              pk: `AUDIT#${caseNumber}`,
              sk: `${at}#${partyId}#${next.version}`,
              reference: caseNumber,
              at,
              actor: actor.id,
              roles: actor.roles,
              action: 'reissue_tracking_code',
              field: partyId,
              reason: input.reason,
              ...(input.requestId ? { requestId: input.requestId } : {}),
            },
          },
        },
      ],
    };
  });
  const party = partyOf(record, partyId);
  return { partyId, trackingCode: await partyCode(deps, caseNumber, party) };
}

// ---------------------------------------------------------------------------------------------
// Lost codes: a one-time SMS code to the party's mobile on file trades for the party's code.

const RECOVERY_OTP_SECONDS = 10 * 60;
const MAX_RECOVERY_SENDS = 3;
const recoveryScope = (caseNumber: string) => `case-recovery:${caseNumber}`;

/** The party whose mobile on file is `phone` (each sealed number opened and compared). */
async function partyWithMobile(deps: CaseDeps, record: CaseRecord, phone: string) {
  for (const party of record.parties) {
    if (!party.sms || !party.phoneSealed) continue;
    const mobile = await deps.codec.open(
      'mobile',
      party.phoneSealed,
      partyBinding(record.caseId, party.partyId),
    );
    if (mobile === phone) return party;
  }
  return undefined;
}

/**
 * Sends a one-time code to `phone` if it is a party's mobile on the case; says nothing either
 * way (the answer is the same), and counts the sends per case (3 in 15 minutes).
 */
export async function requestCaseCodeRecovery(
  deps: SigningDeps,
  caseNumber: string,
  phone: string,
): Promise<void> {
  await reserveAttempt(
    deps,
    await attemptsKey(deps.codec, recoveryScope(caseNumber), 'recovery-send'),
    MAX_RECOVERY_SENDS,
  );
  const record = await deps.cases.get(caseNumber);
  const party = record && (await partyWithMobile(deps, record, phone));
  if (!record || !party) return;
  const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  await deps.otps.put(
    await attemptsKey(deps.codec, `${recoveryScope(caseNumber)}:${party.partyId}`, 'otp'),
    await otpHash(deps, caseNumber, `recover-${party.partyId}`, otp),
    now + RECOVERY_OTP_SECONDS,
  );
  await deps.notifier.send({
    channel: 'sms',
    to: phone,
    purpose: 'case-code-recovery-otp',
    text: `【${deps.cityName}】找回案件 ${caseNumber} 查询码的验证码 ${otp}，10 分钟内有效。如非本人操作，请忽略。`,
  });
}

/**
 * Trades a right one-time code for the party's tracking code. Anything wrong answers 404 and
 * counts as a wrong attempt on the case, like a wrong tracking code.
 */
export async function verifyCaseCodeRecovery(
  deps: SigningDeps,
  caseNumber: string,
  input: { phone: string; otp: string },
): Promise<{ caseNumber: string; partyId: string; trackingCode: string }> {
  const key = await attemptsKey(deps.codec, caseNumber);
  await reserveAttempt(deps, key);
  const record = await deps.cases.get(caseNumber);
  const party = record && (await partyWithMobile(deps, record, input.phone));
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const ok =
    record &&
    party &&
    /^\d{6}$/.test(input.otp) &&
    (await deps.otps.consume(
      await attemptsKey(deps.codec, `${recoveryScope(caseNumber)}:${party.partyId}`, 'otp'),
      await otpHash(deps, caseNumber, `recover-${party.partyId}`, input.otp),
      now,
    ));
  if (!ok || !record || !party) throw new NotFound();
  await deps.attempts.refund(key);
  return {
    caseNumber,
    partyId: party.partyId,
    trackingCode: await partyCode(deps, caseNumber, party),
  };
}

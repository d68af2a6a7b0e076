// A dispute case: its record, its parties, the human steps of the workflow and what each accepts, levels and deadlines.
import type { FlatRegion } from './region-tree.ts';
import { businessDate, businessInstant, toBusinessIso } from './time.ts';
import type {
  CaseStage,
  CaseStatus,
  ClosureType,
  HandlingLevel,
  RosterKind,
  ServiceMode,
} from './vocabulary.ts';
import { addDays } from './working-days.ts';

/** How a party stands in the case; each has its own tracking code. */
export type PartyRole = 'applicant' | 'co_applicant' | 'respondent' | 'co_respondent' | 'agent';

/** Who acted on a timeline entry: a party's role, a staff role, or the system (deadlines). */
export type ActorRole = PartyRole | 'mediator' | 'judge' | 'panel' | 'agency' | 'system';

export interface CaseParty {
  /** `applicant`, `co1`…, `respondent`, `r2`…, `agent`. */
  partyId: string;
  role: PartyRole;
  name: string;
  /** The number as sealed for storage (`v1.…`), bound to the case number and party. */
  phoneSealed?: string;
  phoneMasked?: string;
  /** Whether the phone is a mobile (SMS reaches it). */
  sms: boolean;
  idNumberSealed?: string;
  idNumberMasked?: string;
  address?: string;
  relation?: string;
  /** The generation of the party's tracking code (staff re-issue bumps it). */
  codeVersion: number;
  /** The respondent's answer to the request for mediation. */
  consent?: { given: boolean; at: string; reason?: string };
  /** When the party signed the agreement online (SMS code). */
  signedAt?: string;
  /** When the party applied for judicial confirmation. */
  appliedAt?: string;
  /** When the party rated the service (once, after closing). */
  ratedAt?: string;
}

export interface CaseSession {
  sessionId: string;
  startsAt: string;
  endsAt: string;
  mode: ServiceMode;
  place?: string;
  /** The service point's room it meets in (held on the room's calendar like a member's). */
  room?: { servicePointId: string; roomId: string };
  /** Holds its members' and room's busy calendars (sessions scheduled before that held none). */
  holdsCalendars?: true;
  videoUrl?: string;
  /** Roster members sitting on the session (the mediator first). */
  memberIds: string[];
  /** `cancelled`: the step ended (escalated, referred, closed) before it met. */
  status: 'scheduled' | 'held' | 'cancelled';
  outcome?: SessionOutcome;
  minutes?: string;
}

export const sessionOutcomes = [
  'agreement',
  'no_agreement',
  'another_session',
  'escalate',
  'refer',
] as const;
export type SessionOutcome = (typeof sessionOutcomes)[number];

export const followUpResults = ['performed', 'partly', 'not_performed'] as const;
export type FollowUpResult = (typeof followUpResults)[number];

/** The human step a case waits at: the ASL state, when it opened and is due, and its task token. */
export interface OpenStep {
  state: StepState;
  openedAt: string;
  dueAt: string;
  /** The callback token the API completes the step with (never shown to anyone). */
  token: string;
  /** The answer already given (kept so it can be delivered again after a crash). */
  answer?: StepAnswer;
}

/** What a completed human step sends back to the workflow. */
export interface StepAnswer {
  decision: string;
  /** The case version after the answer was recorded. */
  version: number;
  [key: string]: unknown;
}

export interface CaseRecord {
  caseNumber: string;
  /** Internal id fixed before numbering: sealed numbers are bound to it and the party. */
  caseId: string;
  category: string;
  description: string;
  mode: 'in_person' | 'video';
  /** Where the dispute arose (a village or grid region). */
  filedRegionId: string;
  /** The region handling the case now (a village, town or county region). */
  handlingRegionId: string;
  level: HandlingLevel;
  track?: 'simple' | 'panel';
  panelKinds?: RosterKind[];
  stage: CaseStage;
  status: CaseStatus;
  closureType?: ClosureType;
  /** Bumped by every change: the ETag staff send back in If-Match. */
  version: number;
  eventCount: number;
  /** The last workflow task that changed the case (a re-run recognises itself). */
  lastTaskKey?: string;
  parties: CaseParty[];
  attachments: { uploadId: string; fileName: string; contentType: string; size: number }[];
  assignee?: { rosterMemberId: string | null; name: string; subject: string };
  diagnosis?: {
    mediable: boolean;
    respondentConsents: boolean;
    track: 'simple' | 'panel';
    notes?: string;
    at: string;
  };
  sessions: CaseSession[];
  agreement?: {
    terms: string[];
    sessionId: string;
    recordedAt: string;
    signedInPerson: boolean;
    effectiveAt?: string;
  };
  confirmation?: {
    appliedAt?: string;
    decision?: 'confirmed' | 'rejected';
    reasons?: string;
    decidedAt?: string;
  };
  followUp?: { result: FollowUpResult; notes?: string; at: string };
  openStep?: OpenStep;
  escalations: number;
  filedAt: string;
  /** The first triage (the day the case was accepted). */
  acceptedAt?: string;
  /** Where and at which level it was accepted: the cohort figures count the case there (statistics). */
  acceptedRegionId?: string;
  acceptedLevel?: HandlingLevel;
  /** The first diagnosis that decided to mediate (mediable, consent given): mediation began. */
  mediationBeganAt?: string;
  closedAt?: string;
  updatedAt: string;
  filedBy: 'resident' | 'staff';
  bookingReference?: string;
  /** Members recused (回避) from the case: never drawn for it again. */
  recusals?: { memberId: string; at: string; actorRole: ActorRole; reason: string }[];
  /** When the retention job erased the parties' personal data (docs/supervision-and-retention.md). */
  personalDataErasedAt?: string;
}

export interface CaseEvent {
  seq: number;
  at: string;
  type: CaseEventType;
  stage: CaseStage;
  actorRole: ActorRole;
  /** Facts of the step (levels, decisions, times); never personal data. */
  data?: Record<string, unknown>;
}

/** The named events statistics read (DOMAIN.md), and the other steps of the timeline. */
export const statisticsEvents = [
  'triaged',
  'diagnosed',
  'escalated',
  'agreement_recorded',
  'confirmation_decided',
  'followed_up',
  'closed',
  'rated',
] as const;
export type StatisticsEvent = (typeof statisticsEvents)[number];

export type CaseEventType =
  | StatisticsEvent
  | 'filed'
  | 'taken'
  | 'step_opened'
  | 'respondent_answered'
  | 'session_scheduled'
  | 'session_moved'
  | 'session_held'
  | 'agreement_signed'
  | 'agreement_effective'
  | 'confirmation_applied'
  | 'follow_up_scheduled'
  | 'code_reissued'
  | 'supervision'
  | 'referred'
  | 'recused'
  | 'handed_over'
  | 'personal_data_erased';

// ---------------------------------------------------------------------------------------------
// The human steps

/** The ASL states that wait for people (callback tasks), and what each one is. */
export const stepStates = {
  Diagnosis: { stage: 'diagnosis', status: 'open', actor: 'staff' },
  DiagnosisLate: { stage: 'diagnosis', status: 'overdue', actor: 'staff' },
  Session: { stage: 'sessions', status: 'open', actor: 'staff' },
  SessionLate: { stage: 'sessions', status: 'overdue', actor: 'staff' },
  Signing: { stage: 'sessions', status: 'waiting_party', actor: 'party' },
  ConfirmationWindow: { stage: 'judicial_confirmation', status: 'waiting_party', actor: 'party' },
  JudicialReview: { stage: 'judicial_confirmation', status: 'open', actor: 'staff' },
  JudicialReviewLate: { stage: 'judicial_confirmation', status: 'overdue', actor: 'staff' },
  FollowUp: { stage: 'follow_up', status: 'open', actor: 'staff' },
  FollowUpLate: { stage: 'follow_up', status: 'overdue', actor: 'staff' },
} as const satisfies Record<
  string,
  { stage: CaseStage; status: CaseStatus; actor: 'staff' | 'party' }
>;
export type StepState = keyof typeof stepStates;
export const isStepState = (state: string): state is StepState => state in stepStates;

/** Every action on a case, by staff or by a party. */
export type CaseAction =
  | 'diagnosis'
  | 'response'
  | 'schedule'
  | 'outcome'
  | 'escalate'
  | 'refer'
  | 'close'
  | 'sign'
  | 'apply_confirmation'
  | 'judicial_decision'
  | 'follow_up';

const mediationActions: CaseAction[] = ['escalate', 'refer', 'close'];

/** Which actions each open step takes; anything else answers 409 STAGE_CONFLICT. */
export const stepActions: Record<StepState, readonly CaseAction[]> = {
  Diagnosis: ['diagnosis', 'response', ...mediationActions],
  DiagnosisLate: ['diagnosis', 'response', ...mediationActions],
  Session: ['schedule', 'outcome', ...mediationActions],
  SessionLate: ['schedule', 'outcome', ...mediationActions],
  Signing: ['sign'],
  ConfirmationWindow: ['apply_confirmation'],
  JudicialReview: ['judicial_decision'],
  JudicialReviewLate: ['judicial_decision'],
  FollowUp: ['follow_up'],
  FollowUpLate: ['follow_up'],
};

/** Actions that do not complete the step (the case stays at it). */
const nonCompleting: readonly CaseAction[] = ['response', 'schedule'];

/** Does the open step of this case take this action now? */
export function acceptsAction(record: CaseRecord, action: CaseAction): boolean {
  const step = record.openStep;
  if (!step || step.answer) return false;
  if (!stepActions[step.state].includes(action)) return false;
  return true;
}

export const completesStep = (action: CaseAction) => !nonCompleting.includes(action);

// ---------------------------------------------------------------------------------------------
// Levels

/** The region that handles a case placed in `regionId`: a grid's village, else the region itself. */
export function handlingRegionOf(
  regions: readonly FlatRegion[],
  regionId: string,
): FlatRegion | undefined {
  const region = regions.find((r) => r.id === regionId);
  if (!region) return undefined;
  if (region.level === 'grid') return regions.find((r) => r.id === region.parentId);
  return region.level === 'village' ? region : undefined;
}

/**
 * One level up: the nearest ancestor at a handling level above the current one (village → town
 * → county). Undefined above the highest handling level: the case is referred out.
 */
export function escalationTarget(
  regions: readonly FlatRegion[],
  regionId: string,
): FlatRegion | undefined {
  const byId = new Map(regions.map((r) => [r.id, r] as const));
  let parent = byId.get(byId.get(regionId)?.parentId ?? '');
  while (parent) {
    if (parent.level === 'town' || parent.level === 'county') return parent;
    if (parent.level === 'city') return undefined;
    parent = byId.get(parent.parentId ?? '');
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Deadlines

/** A day's work is due by 18:00, business time. */
const DUE_AT = '18:00';

export interface StepDeadline {
  dueAt: string;
  /** From now to due, in whole seconds (at least one minute): the ASL's TimeoutSecondsPath. */
  timeoutSeconds: number;
}

/** Due at 18:00 business time, `days` calendar days after `from`'s business date. */
export function deadlineAfter(from: Date, days: number): StepDeadline {
  const due = businessInstant(addDays(businessDate(from), days), DUE_AT);
  return {
    dueAt: toBusinessIso(due),
    timeoutSeconds: Math.max(60, Math.round((due.getTime() - from.getTime()) / 1000)),
  };
}

/** Exactly `days` × 24 h after `from` (the legal windows: 30 days to apply for confirmation). */
export function windowAfter(from: Date, days: number): StepDeadline {
  const due = new Date(from.getTime() + days * 86_400_000);
  return { dueAt: toBusinessIso(due), timeoutSeconds: days * 86_400 };
}

// ---------------------------------------------------------------------------------------------
// Case numbers and masking

/** `WZ-2026-000123`: the city's prefix, the business year, a number without gaps. */
export function formatCaseNumber(prefix: string, year: string, n: number): string {
  return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
}

export const CASE_NUMBER_PATTERN = /^[A-Z]{2,4}-\d{4}-\d{6}$/;

/** A name as other parties see it: the first character, then asterisks (张**, 阿**). */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

/** The parties on each side who must sign an agreement and apply for confirmation (not the agent). */
export const signingParties = (record: CaseRecord) =>
  record.parties.filter((p) => p.role !== 'agent');

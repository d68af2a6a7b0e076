// Use cases: filing a case (numbered without gaps, parties' numbers sealed), the views parties and staff see, the codes that open them.
import { ulid } from 'ulid';
import { CaseChangeRejected, type ExtraItem } from '../adapters/dynamo/case-store.ts';
import {
  type CaseEvent,
  type CaseParty,
  type CaseRecord,
  formatCaseNumber,
  handlingRegionOf,
  maskName,
  type PartyRole,
  signingParties,
} from '../domain/case.ts';
import { NotFound, ValidationFailed } from '../domain/errors.ts';
import { maskIdNumber, maskMobile } from '../domain/personal-data.ts';
import { toBusinessIso } from '../domain/time.ts';
import type { CaseStage, ClosureType, HandlingLevel } from '../domain/vocabulary.ts';
import {
  type CaseDeps,
  type CityConfig,
  caseFor,
  cityOf,
  partyBinding,
  partyCode,
} from './case-parties.ts';
import type { PartyCode } from './tracking-codes.ts';

export interface PartyInput {
  name: string;
  /** 11-digit mobile, or a landline `0xxx-xxxxxxx` (respondents only). */
  phone?: string;
  idNumber?: string;
  address?: string;
  relation?: string;
}

export interface CaseIntake {
  category: string;
  description: string;
  applicant: PartyInput;
  coApplicants?: PartyInput[];
  respondent: PartyInput;
  otherRespondents?: PartyInput[];
  agent?: PartyInput & { relation: string };
  regionId: string;
  mode: 'in_person' | 'video';
  attachmentIds?: string[];
}

export interface Attachment {
  uploadId: string;
  fileName: string;
  contentType: string;
  size: number;
}

export interface IntakeOptions {
  /** The request's idempotency scope: a retry after a crash finds the case it created. */
  intakeKey: string;
  filedBy: 'resident' | 'staff';
  /** The staff member entering it for a walk-in resident. */
  staff?: { name: string; subject: string; rosterMemberId: string | null };
  bookingReference?: string;
  /** Checks the uploads named (uploaded, unattached, within limits). */
  checkAttachments?(ids: string[]): Promise<Attachment[]>;
  /** Marks the stored files as evidence of a case (abandoned uploads expire, these never do). */
  keepAttachments?(ids: string[]): Promise<void>;
}

const isMobile = (phone: string) => /^1[3-9]\d{9}$/.test(phone);

/** A landline as others see it: the area code, then the last three digits (0953-****348). */
function maskPhone(phone: string): string {
  if (isMobile(phone)) return maskMobile(phone);
  const [area, number = ''] = phone.split('-');
  return `${area}-****${number.slice(-3)}`;
}

async function sealParty(
  deps: Pick<CaseDeps, 'codec'>,
  caseId: string,
  partyId: string,
  role: PartyRole,
  input: PartyInput,
): Promise<CaseParty> {
  const bound = partyBinding(caseId, partyId);
  return {
    partyId,
    role,
    name: input.name,
    sms: Boolean(input.phone && isMobile(input.phone)),
    codeVersion: 1,
    ...(input.phone
      ? {
          phoneSealed: await deps.codec.seal('mobile', input.phone, bound),
          phoneMasked: maskPhone(input.phone),
        }
      : {}),
    ...(input.idNumber
      ? {
          idNumberSealed: await deps.codec.seal('id_number', input.idNumber, bound),
          idNumberMasked: maskIdNumber(input.idNumber),
        }
      : {}),
    ...(input.address ? { address: input.address } : {}),
    ...(input.relation ? { relation: input.relation } : {}),
  };
}

function checkIntake(city: CityConfig, input: CaseIntake) {
  const problems: Record<string, string> = {};
  if (!city.categories.some((c) => c.id === input.category))
    problems.category = 'not a category of this city';
  const region = city.regions.find((r) => r.id === input.regionId);
  if (!region || (region.level !== 'village' && region.level !== 'grid'))
    problems.regionId = 'a village (村/社区) or grid (网格) region of this city';
  const respondents = [input.respondent, ...(input.otherRespondents ?? [])];
  respondents.forEach((r, i) => {
    if (!r.phone && !r.address)
      problems[i === 0 ? 'respondent' : `otherRespondents.${i - 1}`] =
        'a phone number or an address, so the other party can be reached';
  });
  if ((input.coApplicants?.length ?? 0) + (input.otherRespondents?.length ?? 0) > 48)
    problems.coApplicants = 'at most 50 parties';
  if (Object.keys(problems).length > 0) throw new ValidationFailed(problems);
  const handling = handlingRegionOf(city.regions, input.regionId);
  if (!handling) throw new ValidationFailed({ regionId: 'no village handles this region' });
  return handling;
}

/**
 * Files a case: the next number of the city's year series, the parties with sealed numbers, the
 * attachments marked attached, a `filed` event, all in one transaction; then the workflow starts
 * (named after the case, so a retry starts nothing twice). Returns the applicant's code.
 */
export async function fileCase(
  deps: CaseDeps,
  input: CaseIntake,
  options: IntakeOptions,
): Promise<{ caseNumber: string; trackingCode: string }> {
  const city = await cityOf(deps);
  const handling = checkIntake(city, input);
  // A retry of an intake a crash interrupted (same key) finishes it instead of filing again.
  const filed = await deps.cases.findIntake(options.intakeKey);
  if (filed) return finishIntake(deps, filed, input, options);
  const attachments = input.attachmentIds?.length
    ? ((await options.checkAttachments?.(input.attachmentIds)) ??
      (() => {
        throw new ValidationFailed({ attachmentIds: 'uploads are not available here' });
      })())
    : [];
  const now = deps.clock.now();
  const at = toBusinessIso(now);
  const year = at.slice(0, 4);
  const prefix = city.city.caseNumberPrefix;

  // Numbers are sealed bound to the case's internal id (fixed before numbering) and the party.
  const caseId = ulid();
  const plan: [string, PartyRole, PartyInput][] = [
    ['applicant', 'applicant', input.applicant],
    ...(input.coApplicants ?? []).map((p, i): [string, PartyRole, PartyInput] => [
      `co${i + 1}`,
      'co_applicant',
      p,
    ]),
    ['respondent', 'respondent', input.respondent],
    ...(input.otherRespondents ?? []).map((p, i): [string, PartyRole, PartyInput] => [
      `r${i + 2}`,
      'co_respondent',
      p,
    ]),
    ...(input.agent ? [['agent', 'agent', input.agent] as [string, PartyRole, PartyInput]] : []),
  ];
  const parties = await Promise.all(
    plan.map(([id, role, party]) => sealParty(deps, caseId, id, role, party)),
  );
  const { caseNumber } = await createCase(deps, {
    series: `${prefix}-${year}`,
    intake: options.intakeKey,
    numberOf: (n) => formatCaseNumber(prefix, year, n),
    build: (n) => {
      const number = formatCaseNumber(prefix, year, n);
      const record: CaseRecord = {
        caseNumber: number,
        caseId,
        category: input.category,
        description: input.description,
        mode: input.mode,
        filedRegionId: input.regionId,
        handlingRegionId: handling.id,
        level: handling.level as HandlingLevel,
        stage: 'received',
        status: 'open',
        version: 1,
        eventCount: 0,
        parties,
        attachments,
        sessions: [],
        escalations: 0,
        filedAt: at,
        updatedAt: at,
        filedBy: options.filedBy,
        ...(options.bookingReference ? { bookingReference: options.bookingReference } : {}),
        ...(options.staff
          ? {
              assignee: {
                rosterMemberId: options.staff.rosterMemberId,
                name: options.staff.name,
                subject: options.staff.subject,
              },
            }
          : {}),
      };
      const extra: ExtraItem[] = attachments.map((a) => ({
        Update: {
          Key: { pk: `UPLOAD#${a.uploadId}`, sk: 'UPLOAD' },
          UpdateExpression: 'SET caseNumber = :n REMOVE expiresAt',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(caseNumber)',
          ExpressionAttributeValues: { ':n': number },
        },
      }));
      return {
        record,
        events: [
          {
            type: 'filed',
            at,
            stage: 'received',
            actorRole:
              options.filedBy === 'staff' ? 'mediator' : input.agent ? 'agent' : 'applicant',
            data: {
              parties: parties.length,
              attachments: attachments.length,
              regionId: input.regionId,
              ...(options.bookingReference ? { fromBooking: true } : {}),
            },
          },
        ],
        extra,
      };
    },
  });
  return finishIntake(deps, caseNumber, input, options);
}

/** The store's create, with an attachment taken by another case meanwhile answered as a field error. */
async function createCase(deps: CaseDeps, input: Parameters<CaseDeps['cases']['create']>[0]) {
  try {
    return await deps.cases.create(input);
  } catch (error) {
    if (error instanceof CaseChangeRejected)
      throw new ValidationFailed({
        attachmentIds: 'an attachment was taken by another case meanwhile',
      });
    throw error;
  }
}

/** After the case is written: its files kept, its workflow started (both idempotent), the applicant's code. */
async function finishIntake(
  deps: CaseDeps,
  caseNumber: string,
  input: CaseIntake,
  options: IntakeOptions,
): Promise<{ caseNumber: string; trackingCode: string }> {
  if (input.attachmentIds?.length) await options.keepAttachments?.(input.attachmentIds);
  await deps.workflow.start(caseNumber, { caseId: caseNumber, step: { version: 1 } });
  const record = await deps.cases.get(caseNumber);
  const applicant = record?.parties.find((p) => p.partyId === 'applicant');
  if (!record || !applicant) throw new Error(`case ${caseNumber} vanished after filing`);
  return { caseNumber, trackingCode: await partyCode(deps, caseNumber, applicant) };
}

// ---------------------------------------------------------------------------------------------
// Codes and views

/** The parties (and their code generations) of a case, for the X-Tracking-Code check. */
export function casePartyCodes(deps: Pick<CaseDeps, 'cases'>) {
  return async (reference: string): Promise<PartyCode[] | undefined> => {
    const record = await deps.cases.get(reference);
    return record?.parties.map(({ partyId, codeVersion }) => ({ partyId, codeVersion }));
  };
}

const stageNames: Record<CaseStage, string> = {
  received: '已提交',
  triage: '受理分流',
  diagnosis: '问诊',
  sessions: '会诊调解',
  judicial_confirmation: '司法确认',
  follow_up: '复诊回访',
  closed: '已办结',
};

const eventText: Partial<Record<CaseEvent['type'], (e: CaseEvent) => string>> = {
  filed: () => '提交调解申请',
  triaged: (e) =>
    e.data?.first === false
      ? `在${levelNames[e.data?.level as HandlingLevel] ?? ''}重新受理`
      : `由${levelNames[e.data?.level as HandlingLevel] ?? ''}受理`,
  taken: () => '调解员接手案件',
  step_opened: (e) => `进入${stepNames[e.data?.state as string] ?? '下一步'}`,
  respondent_answered: (e) => (e.data?.consent ? '被申请人同意调解' : '被申请人不同意调解'),
  diagnosed: (e) =>
    e.data?.mediate
      ? `问诊完成：同意调解，${e.data?.track === 'panel' ? '组织联合调解（三官一顾问+N）' : '由调解员调解'}`
      : '问诊完成：不进入调解',
  session_scheduled: () => '安排调解会',
  session_moved: () => '调解会时间变更',
  session_held: (e) => `调解会已召开：${outcomeNames[e.data?.outcome as string] ?? ''}`,
  agreement_recorded: () => '达成调解协议',
  agreement_signed: () => '一方当事人确认签署协议',
  agreement_effective: () => '调解协议生效',
  confirmation_applied: () => '当事人申请司法确认',
  confirmation_decided: (e) => (e.data?.granted ? '法院裁定确认协议有效' : '法院裁定驳回确认申请'),
  follow_up_scheduled: (e) =>
    `调解协议生效，将于 ${String(e.data?.opensAt ?? '').slice(0, 10)} 起回访履行情况`,
  followed_up: (e) => `回访：${followUpNames[e.data?.result as string] ?? ''}`,
  supervision: () => '办理超期，已向上级督办',
  escalated: (e) =>
    `升级至${levelNames[e.data?.toLevel as HandlingLevel] ?? '上一级'}调解${e.data?.trigger === 'deadline' ? '（超期未办）' : ''}`,
  referred: () => '引导通过诉讼等途径解决',
  closed: (e) => `案件办结：${closureNames[e.data?.closureType as ClosureType] ?? ''}`,
  rated: () => '当事人评价服务',
  code_reissued: () => '工作人员为一方当事人补发查询码',
  recused: () => '调解人员回避，已作调整',
  handed_over: () => '案件移交其他调解员承办',
};

const levelNames: Record<HandlingLevel, string> = {
  village: '村（社区）',
  town: '乡镇（街道）',
  county: '县（区）',
};
const stepNames: Record<string, string> = {
  Diagnosis: '问诊',
  DiagnosisLate: '问诊（督办中）',
  Session: '会诊调解',
  SessionLate: '会诊调解（督办中）',
  Signing: '协议签署',
  ConfirmationWindow: '司法确认申请期',
  JudicialReview: '法院审查',
  JudicialReviewLate: '法院审查（督办中）',
  FollowUp: '复诊回访',
  FollowUpLate: '复诊回访（督办中）',
};
const outcomeNames: Record<string, string> = {
  agreement: '达成协议',
  no_agreement: '未达成协议',
  another_session: '需再次调解',
  escalate: '升级调解',
  refer: '引导诉讼',
};
const followUpNames: Record<string, string> = {
  performed: '协议已履行',
  partly: '协议部分履行',
  not_performed: '协议未履行',
};
export const closureNames: Record<ClosureType, string> = {
  agreement_performed: '调解成功，协议已履行',
  agreement_not_performed: '调解成功，协议未完全履行',
  no_agreement: '调解未达成协议',
  consent_declined: '对方不同意调解',
  not_mediable: '不属于调解受理范围',
  referred_litigation: '引导诉讼',
  withdrawn: '申请人撤回',
};

export interface NextAction {
  kind:
    | 'respond'
    | 'sign_agreement'
    | 'apply_confirmation'
    | 'attend_session'
    | 'rate'
    | 'wait'
    | 'none';
  dueAt: string | null;
}

function nextActionFor(record: CaseRecord, party: CaseParty, now: Date): NextAction {
  const step = record.openStep;
  if (record.status === 'closed')
    return { kind: party.role !== 'agent' && !party.ratedAt ? 'rate' : 'none', dueAt: null };
  const isRespondent = party.role === 'respondent' || party.role === 'co_respondent';
  if (
    step &&
    (step.state === 'Diagnosis' || step.state === 'DiagnosisLate') &&
    isRespondent &&
    !party.consent
  )
    return { kind: 'respond', dueAt: step.dueAt };
  if (step?.state === 'Signing' && party.role !== 'agent' && !party.signedAt && !step.answer)
    return { kind: 'sign_agreement', dueAt: step.dueAt };
  if (
    step?.state === 'ConfirmationWindow' &&
    party.role !== 'agent' &&
    !party.appliedAt &&
    !step.answer
  )
    return { kind: 'apply_confirmation', dueAt: step.dueAt };
  const session = nextSession(record, now);
  if (session) return { kind: 'attend_session', dueAt: session.startsAt };
  return { kind: 'wait', dueAt: null };
}

function nextSession(record: CaseRecord, now: Date) {
  return record.sessions
    .filter((s) => s.status === 'scheduled' && new Date(s.endsAt) > now)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
}

export interface TrackingView {
  caseNumber: string;
  party: { partyId: string; role: PartyRole; name: string };
  category: string;
  categoryName: string;
  stage: CaseStage;
  stageName: string;
  status: CaseRecord['status'];
  level: HandlingLevel;
  regionName: string;
  filedAt: string;
  closureType: ClosureType | null;
  timeline: { at: string; type: string; stage: CaseStage; actorRole: string; text: string }[];
  nextSession: {
    startsAt: string;
    endsAt: string;
    mode: string;
    place: string | null;
    videoUrl: string | null;
  } | null;
  nextAction: NextAction;
  agreement: {
    terms: string[];
    effectiveAt: string | null;
    signatures: { partyId: string; role: PartyRole; signed: boolean }[];
  } | null;
  confirmation: {
    appliedAt: string | null;
    decision: string | null;
    decidedAt: string | null;
  } | null;
  documents: { id: string; title: string }[];
}

/** What one party sees of its case: steps with times and roles, never another party's numbers. */
export async function trackingView(
  deps: Pick<CaseDeps, 'cases' | 'cities' | 'cityId' | 'clock'>,
  caseNumber: string,
  partyId: string,
): Promise<TrackingView> {
  const [record, events, city] = await Promise.all([
    caseFor(deps, caseNumber),
    deps.cases.events(caseNumber),
    cityOf(deps),
  ]);
  const party = record.parties.find((p) => p.partyId === partyId);
  if (!party) throw new NotFound();
  const session = nextSession(record, deps.clock.now());
  const documents = [{ id: 'acceptance', title: '受理通知书' }];
  if (record.agreement) documents.push({ id: 'agreement', title: '人民调解协议书' });
  if (record.confirmation?.decision)
    documents.push({ id: 'confirmation', title: '司法确认裁定书' });
  return {
    caseNumber: record.caseNumber,
    party: { partyId: party.partyId, role: party.role, name: party.name },
    category: record.category,
    categoryName: city.categories.find((c) => c.id === record.category)?.name ?? record.category,
    stage: record.stage,
    stageName: stageNames[record.stage],
    status: record.status,
    level: record.level,
    regionName: city.regions.find((r) => r.id === record.handlingRegionId)?.name ?? '',
    filedAt: record.filedAt,
    closureType: record.closureType ?? null,
    timeline: events.map((e) => ({
      at: e.at,
      type: e.type,
      stage: e.stage,
      actorRole: e.actorRole,
      text: eventText[e.type]?.(e) ?? e.type,
    })),
    nextSession: session
      ? {
          startsAt: session.startsAt,
          endsAt: session.endsAt,
          mode: session.mode,
          place: session.place ?? null,
          videoUrl: session.videoUrl ?? null,
        }
      : null,
    nextAction: nextActionFor(record, party, deps.clock.now()),
    agreement: record.agreement
      ? {
          terms: record.agreement.terms,
          effectiveAt: record.agreement.effectiveAt ?? null,
          signatures: signingParties(record).map((p) => ({
            partyId: p.partyId,
            role: p.role,
            signed: Boolean(p.signedAt) || record.agreement?.signedInPerson === true,
          })),
        }
      : null,
    confirmation: record.confirmation
      ? {
          appliedAt: record.confirmation.appliedAt ?? null,
          decision: record.confirmation.decision ?? null,
          decidedAt: record.confirmation.decidedAt ?? null,
        }
      : null,
    documents,
  };
}

/** Parties as staff see them: masked numbers, names in full (they handle the case). */

/** Other parties' names as a party sees them. */
export const maskedName = maskName;

export const newSessionId = () => `S${ulid()}`;

// Kept in case-parties.ts (loaded by every case route without this module); named here too.
export { caseFor, staffParties } from './case-parties.ts';

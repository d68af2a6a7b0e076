// Use cases shared by every case step: parties' codes, messages to parties, the city's config, triage suggestions.
import type { CaseWorkflow } from '../adapters/case-workflow.port.ts';
import type { CityRuntime, CityStore } from '../adapters/city-store.port.ts';
import type { CaseStore, CounterBump } from '../adapters/dynamo/case-store.ts';
import type { MemberInbox } from '../adapters/member-inbox.port.ts';
import type { Notifier } from '../adapters/notifier.port.ts';
import type { PersonalDataCodec } from '../adapters/personal-data.port.ts';
import type { CaseParty, CaseRecord } from '../domain/case.ts';
import { NotFound, ServiceUnavailable } from '../domain/errors.ts';
import { qualifiers } from '../domain/statistics-counters.ts';
import type { Clock } from '../domain/time.ts';
import { deriveTrackingCode } from './tracking-codes.ts';

export interface CaseDeps {
  cityId: string;
  cities: Pick<CityStore, 'readCity'>;
  cases: CaseStore;
  codec: PersonalDataCodec;
  notifier: Notifier;
  workflow: CaseWorkflow;
  clock: Clock;
  /** For messages: "【吴忠市】…". */
  cityName: string;
  /** Where a failure that does not fail the request is reported (the logs). */
  reportError?(what: string, error: unknown): void;
  /** The roster members' portal inbox (invitations, changes, reminders); none: members are not told. */
  inbox?: MemberInbox;
}

export type CityConfig = Omit<CityRuntime, 'roster'>;

export async function cityOf(deps: Pick<CaseDeps, 'cities' | 'cityId'>): Promise<CityConfig> {
  const city = await deps.cities.readCity(deps.cityId);
  if (!city) throw new ServiceUnavailable();
  return city;
}

/** What a party's sealed numbers are bound to: a copy on another party or case no longer opens. */
export const partyBinding = (caseId: string, partyId: string) => `CASE#${caseId}#${partyId}`;

export function partyCode(deps: Pick<CaseDeps, 'codec'>, caseNumber: string, party: CaseParty) {
  return deriveTrackingCode(deps.codec, caseNumber, party);
}

/**
 * Sends each party (with a mobile on file) its message; a failure is reported, never thrown:
 * the step has happened whether or not an SMS got through, and the tracking page shows it.
 */
export async function tellParties(
  deps: Pick<CaseDeps, 'codec' | 'notifier' | 'cityName' | 'reportError'>,
  record: CaseRecord,
  parties: readonly CaseParty[],
  purpose: string,
  text: (party: CaseParty) => Promise<string> | string,
): Promise<void> {
  await Promise.all(
    parties.map(async (party) => {
      if (!party.sms || !party.phoneSealed) return;
      try {
        const to = await deps.codec.open(
          'mobile',
          party.phoneSealed,
          partyBinding(record.caseId, party.partyId),
        );
        await deps.notifier.send({
          channel: 'sms',
          to,
          purpose,
          text: `【${deps.cityName}】${await text(party)}`,
        });
      } catch (error) {
        deps.reportError?.(`case message ${purpose} to ${party.partyId} failed`, error);
      }
    }),
  );
}

/**
 * Posts a notice to each member's portal inbox (invitations, changes, cancellations, reminders);
 * like the parties' messages, a failure is reported, never thrown.
 */
export async function tellMembers(
  deps: Pick<CaseDeps, 'inbox' | 'clock' | 'reportError'>,
  caseNumber: string,
  memberIds: readonly string[],
  purpose: string,
  text: string,
  sessionId?: string,
): Promise<void> {
  if (!deps.inbox || memberIds.length === 0) return;
  const at = deps.clock.now().toISOString();
  try {
    await deps.inbox.post(
      [...new Set(memberIds)].map((memberId) => ({
        memberId,
        at,
        caseNumber,
        purpose,
        text,
        ...(sessionId ? { sessionId } : {}),
      })),
    );
  } catch (error) {
    deps.reportError?.(`member notice ${purpose} on ${caseNumber} failed`, error);
  }
}

/** A party's own code, in a message that tells them what it opens. */
export async function codeMessage(
  deps: Pick<CaseDeps, 'codec'>,
  record: CaseRecord,
  party: CaseParty,
  lead: string,
): Promise<string> {
  const code = await partyCode(deps, record.caseNumber, party);
  return `${lead}案件编号 ${record.caseNumber}，您的查询码 ${code}（请勿告诉他人），可在网上查询进度。`;
}

/** Categories whose disputes usually need the panel (三官一顾问+N) and start at town level. */
const panelCategories = new Set([
  'land_homestead',
  'construction',
  'medical',
  'commercial',
  'labour_wages',
  'traffic_accident',
]);

/**
 * Triage's suggestion (DOMAIN.md: start at the lowest level able to handle it): a group claim
 * (5 or more applicants), or a category that needs the panel, takes the panel track; a case
 * escalated before keeps the panel. The mediator confirms or overrides it at diagnosis.
 */
export function suggestTrack(record: CaseRecord): 'simple' | 'panel' {
  const applicants = record.parties.filter(
    (p) => p.role === 'applicant' || p.role === 'co_applicant',
  ).length;
  if (applicants >= 5 || record.escalations > 0 || panelCategories.has(record.category))
    return 'panel';
  return 'simple';
}

/** A statistics counter for one of the case's named events, where the case is handled now. */
export const bump = (
  record: CaseRecord,
  event: CounterBump['event'],
  at: string,
  qualifier?: string,
  by?: number,
): CounterBump => ({
  event,
  at,
  regionId: record.handlingRegionId,
  level: record.level,
  category: record.category,
  ...(qualifier ? { qualifier } : {}),
  ...(by !== undefined ? { by } : {}),
});

/**
 * A cohort counter (the closure and escalation rates' numerators): in the month the case was
 * accepted, where and at the level it was accepted, like the `accepted` figure it is divided by.
 */
export const cohortBump = (record: CaseRecord, event: CounterBump['event']): CounterBump => ({
  event,
  at: record.acceptedAt ?? record.filedAt,
  regionId: record.acceptedRegionId ?? record.handlingRegionId,
  level: record.acceptedLevel ?? record.level,
  category: record.category,
  qualifier: qualifiers.cohort,
});

/** The case, or 404. */
export async function caseFor(deps: Pick<CaseDeps, 'cases'>, caseNumber: string) {
  const record = await deps.cases.get(caseNumber);
  if (!record) throw new NotFound();
  return record;
}

/** The parties as staff see them: numbers masked. */
export function staffParties(record: CaseRecord) {
  return record.parties.map((p) => ({
    partyId: p.partyId,
    role: p.role,
    name: p.name,
    phone: p.phoneMasked ?? null,
    idNumber: p.idNumberMasked ?? null,
    address: p.address ?? null,
    relation: p.relation ?? null,
    consent: p.consent ?? null,
    signedAt: p.signedAt ?? null,
    appliedAt: p.appliedAt ?? null,
  }));
}

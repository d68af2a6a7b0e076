// The audit log's entries (who did what, when, to what, before and after) and how personal data is kept out of them.
import { type CaseRecord, maskName } from './case.ts';
import { maskIdNumber, maskMobile, redactPersonalNumbers } from './personal-data.ts';

export type AuditTargetType =
  | 'case'
  | 'contact'
  | 'booking'
  | 'roster_member'
  | 'region'
  // The agency's setup (admin-setup.ts): a part of the city's config, a service point, a login.
  | 'city_config'
  | 'service_point'
  | 'staff_account';

export interface AuditEntry {
  /** ULID: unique, and sorts with `at`. */
  id: string;
  /** Business time (+08:00). */
  at: string;
  /** Business date of `at`: the log's partition. */
  date: string;
  actor: {
    /** The token's `sub` for staff; `party:<partyId>` for a resident party. */
    subject: string;
    issuer?: string;
    name: string;
    roles: string[];
    rosterMemberId?: string | null;
  };
  /** `cases.diagnosis`, `contacts.unmask`, `roster.handover`… */
  action: string;
  method: string;
  /** The route's pattern (`/api/staff/cases/:caseNumber/diagnosis`). */
  route: string;
  target: { type: AuditTargetType; id: string } | null;
  /** Case changes: the version and the changed top-level fields; others: null. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Other actions: what was asked, personal numbers masked. */
  summary?: Record<string, unknown>;
  status?: number;
  requestId?: string;
}

const LONG = 300;
/** Fields that hold sealed numbers or their keyed hashes: never copied anywhere. */
const SECRET_KEY = /(Sealed|Index|token|otp|trackingCode|code)$/i;
const PHONE_KEY = /^(phone|mobile)$/i;
const ID_KEY = /^idNumber$/i;
const NAME_KEY = /^(name|applicantName)$/;

/**
 * A value as the log may hold it: sealed numbers, hashes, tokens and codes dropped; phones and ID
 * numbers masked (by key, and anywhere in free text); residents' names masked (`maskNames`); long
 * text cut; depth bounded.
 */
export function scrub(value: unknown, maskNames = false, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') {
    const text = redactPersonalNumbers(value);
    return text.length > LONG ? `${text.slice(0, LONG)}…` : text;
  }
  if (typeof value !== 'object') return value;
  if (depth > 5) return '…';
  if (Array.isArray(value)) return value.slice(0, 60).map((v) => scrub(v, maskNames, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key) || key === 'address') continue;
    if (typeof v === 'string' && PHONE_KEY.test(key))
      out[key] = /^1[3-9]\d{9}$/.test(v) ? maskMobile(v) : redactPersonalNumbers(v);
    else if (typeof v === 'string' && ID_KEY.test(key))
      out[key] = /^\d{17}[\dX]$/i.test(v) ? maskIdNumber(v) : redactPersonalNumbers(v);
    else if (typeof v === 'string' && maskNames && NAME_KEY.test(key)) out[key] = maskName(v);
    else out[key] = scrub(v, maskNames, depth + 1);
  }
  return out;
}

/** Bookkeeping fields every change moves: not worth a line in the log. */
const UNTRACKED = new Set(['version', 'eventCount', 'updatedAt', 'lastTaskKey']);

/** A case's parties as the log shows them: role and masked name and numbers, nothing sealed. */
const loggedParties = (parties: CaseRecord['parties']) =>
  parties.map(({ partyId, role, name, phoneMasked, idNumberMasked, ...rest }) => ({
    partyId,
    role,
    name: maskName(name),
    ...(phoneMasked ? { phone: phoneMasked } : {}),
    ...(idNumberMasked ? { idNumber: idNumberMasked } : {}),
    ...(scrub(rest, true) as Record<string, unknown>),
  }));

const loggedField = (key: string, value: unknown) =>
  key === 'parties' && Array.isArray(value)
    ? loggedParties(value as CaseRecord['parties'])
    : scrub(value);

/**
 * Before and after of a case change: the versions, and each top-level field that changed, with
 * personal data removed or masked. `before` undefined: the case is new.
 */
export function caseDiff(
  before: CaseRecord | undefined,
  after: CaseRecord,
): { before: Record<string, unknown> | null; after: Record<string, unknown> } {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = { version: after.version };
  if (before) was.version = before.version;
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const key of keys) {
    if (UNTRACKED.has(key)) continue;
    const a = (before as unknown as Record<string, unknown> | undefined)?.[key];
    const b = (after as unknown as Record<string, unknown>)[key];
    if (before && JSON.stringify(a) === JSON.stringify(b)) continue;
    if (before) was[key] = a === undefined ? null : loggedField(key, a);
    now[key] = b === undefined ? null : loggedField(key, b);
  }
  return { before: before ? was : null, after: now };
}

/** `/api/staff/cases/:caseNumber/sessions/:sessionId/reschedule` → `cases.sessions.reschedule`. */
export function actionOf(method: string, route: string): string {
  const words = route
    .replace(/^\/api\/(staff|admin)\//, '')
    .split('/')
    .filter((part) => part && !part.startsWith(':'));
  const name = words.join('.') || 'root';
  return method === 'POST' ? name : `${name}.${method.toLowerCase()}`;
}

/** What a request acts on: the path's case, contact, booking or roster member, else the created one's Location. */
export function targetOf(
  route: string,
  params: Record<string, string>,
  location?: string | null,
): AuditEntry['target'] {
  if (params.caseNumber) return { type: 'case', id: params.caseNumber.trim().toUpperCase() };
  if (params.reference)
    return {
      type: route.includes('/bookings/') ? 'booking' : 'contact',
      id: params.reference.trim().toUpperCase(),
    };
  if (params.memberId) return { type: 'roster_member', id: params.memberId };
  if (params.providerId) return { type: 'roster_member', id: params.providerId };
  if (params.regionId) return { type: 'region', id: params.regionId };
  const created = location && /^\/api\/staff\/(cases|contacts|bookings)\/([^/?#]+)$/.exec(location);
  if (created) {
    const type = ({ cases: 'case', contacts: 'contact', bookings: 'booking' } as const)[
      created[1] as 'cases' | 'contacts' | 'bookings'
    ];
    return { type, id: decodeURIComponent(created[2] ?? '') };
  }
  return null;
}

/** The per-target key an entry is also found by (`case:WZ-2026-000001`). */
export const targetKey = (target: NonNullable<AuditEntry['target']>) =>
  `${target.type}:${target.id}`;

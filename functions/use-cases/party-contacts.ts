// Use cases: party contacts — create (numbers sealed), views with masked numbers, audited unmask and re-issue, code recovery.
import { randomInt } from 'node:crypto';
import type { Notifier } from '../adapters/notifier.port.ts';
import type {
  AttemptStore,
  AuditEntry,
  PartyContactRecord,
  PartyContactStore,
  RecoveryOtpStore,
} from '../adapters/party-contact-store.port.ts';
import type { PersonalDataCodec, PersonalField } from '../adapters/personal-data.port.ts';
import type { Caller } from '../domain/access.ts';
import { NotFound } from '../domain/errors.ts';
import { maskIdNumber, maskMobile } from '../domain/personal-data.ts';
import { type Clock, toBusinessIso } from '../domain/time.ts';
import { normalizeReference, TRACKING_CODE_ALPHABET } from '../domain/tracking-code.ts';
import {
  attemptsKey,
  deriveTrackingCode,
  isWellFormedReference,
  reserveAttempt,
} from './tracking-codes.ts';

export interface ContactDeps {
  contacts: PartyContactStore;
  codec: PersonalDataCodec;
  notifier: Notifier;
  attempts: AttemptStore;
  otps: RecoveryOtpStore;
  clock: Clock;
  /** For messages: "【吴忠市】…". */
  cityName: string;
  /** Where a failure that does not fail the request is reported (the logs). */
  reportError?(what: string, error: unknown): void;
}

/** The one party of a contact; cases will have several. */
export const CONTACT_PARTY = 'p1';

export interface ContactView {
  reference: string;
  name: string;
  regionId: string;
  mobile: string | null;
  idNumber: string | null;
  createdAt: string;
}

export function contactView(record: PartyContactRecord): ContactView {
  return {
    reference: record.reference,
    name: record.name,
    regionId: record.regionId,
    mobile: record.mobileMasked ?? null,
    idNumber: record.idNumberMasked ?? null,
    createdAt: record.createdAt,
  };
}

const actorOf = (caller: Caller) => `${caller.issuer}#${caller.subject}`;

function newReference(): string {
  let suffix = '';
  for (let i = 0; i < 8; i++)
    suffix += TRACKING_CODE_ALPHABET[randomInt(TRACKING_CODE_ALPHABET.length)];
  return `PC${suffix}`;
}

/** Staff record a person: numbers sealed and hashed, and the code sent by SMS when there is a mobile. */
export async function createContact(
  deps: ContactDeps,
  caller: Caller,
  input: { name: string; regionId: string; mobile?: string; idNumber?: string },
): Promise<ContactView & { codeDelivery: 'sms' | 'print' | 'sms_failed' }> {
  const reference = newReference();
  const { codec } = deps;
  const record: PartyContactRecord = {
    reference,
    partyId: CONTACT_PARTY,
    regionId: input.regionId,
    name: input.name,
    codeVersion: 0,
    createdAt: toBusinessIso(deps.clock.now()),
    createdBy: actorOf(caller),
  };
  if (input.mobile) {
    record.mobileSealed = await codec.seal('mobile', input.mobile, reference);
    record.mobileMasked = maskMobile(input.mobile);
    record.mobileIndex = await codec.blindIndex('mobile', input.mobile);
  }
  if (input.idNumber) {
    record.idNumberSealed = await codec.seal('id_number', input.idNumber, reference);
    record.idNumberMasked = maskIdNumber(input.idNumber);
    record.idNumberIndex = await codec.blindIndex('id_number', input.idNumber);
  }
  await deps.contacts.create(record);
  if (!input.mobile) return { ...contactView(record), codeDelivery: 'print' };
  const code = await deriveTrackingCode(codec, reference, record);
  try {
    await deps.notifier.send({
      channel: 'sms',
      to: input.mobile,
      purpose: 'tracking-code',
      text: `【${deps.cityName}】您的编号 ${reference}，查询码 ${code}。凭编号和查询码可在线查看办理进度，请妥善保管。`,
    });
  } catch (error) {
    deps.reportError?.('tracking-code SMS not sent', error);
    // The contact exists: failing the create would make a retry record the person twice. Staff
    // see the failure and re-issue a code on paper (or the resident recovers it later).
    return { ...contactView(record), codeDelivery: 'sms_failed' };
  }
  return { ...contactView(record), codeDelivery: 'sms' };
}

export async function findContact(
  deps: Pick<ContactDeps, 'contacts'>,
  reference: string,
): Promise<PartyContactRecord> {
  const record = isWellFormedReference(reference)
    ? await deps.contacts.get(normalizeReference(reference))
    : undefined;
  if (!record) throw new NotFound();
  return record;
}

/** Contacts with this mobile (found by keyed hash, never by decrypting). */
export async function searchByMobile(
  deps: Pick<ContactDeps, 'contacts' | 'codec'>,
  mobile: string,
): Promise<PartyContactRecord[]> {
  return deps.contacts.findByMobile(await deps.codec.blindIndex('mobile', mobile));
}

const sealedField = {
  mobile: { field: 'mobile', sealed: 'mobileSealed' },
  idNumber: { field: 'id_number', sealed: 'idNumberSealed' },
} as const satisfies Record<string, { field: PersonalField; sealed: keyof PartyContactRecord }>;

/** The full number, for a stated reason; the audit entry is written before anything is shown. */
export async function unmask(
  deps: Pick<ContactDeps, 'contacts' | 'codec' | 'clock'>,
  caller: Caller,
  record: PartyContactRecord,
  input: { field: 'mobile' | 'idNumber'; reason: string; requestId?: string },
): Promise<string | null> {
  const { field, sealed } = sealedField[input.field];
  const value = record[sealed];
  await deps.contacts.audit({
    reference: record.reference,
    at: toBusinessIso(deps.clock.now()),
    actor: actorOf(caller),
    roles: caller.roles,
    action: 'unmask',
    field: input.field,
    reason: input.reason,
    requestId: input.requestId,
  });
  if (!value) return null;
  return deps.codec.open(field, value, record.reference);
}

/** A new code for printing (a party without a mobile): the old one stops working. Audited. */
export async function reissueCode(
  deps: Pick<ContactDeps, 'contacts' | 'codec' | 'clock'>,
  caller: Caller,
  record: PartyContactRecord,
  input: { reason: string; requestId?: string },
): Promise<{ trackingCode: string; codeVersion: number }> {
  const audit: AuditEntry = {
    reference: record.reference,
    at: toBusinessIso(deps.clock.now()),
    actor: actorOf(caller),
    roles: caller.roles,
    action: 'reissue_tracking_code',
    reason: input.reason,
    requestId: input.requestId,
  };
  const codeVersion = await deps.contacts.bumpCodeVersion(
    record.reference,
    record.codeVersion,
    audit,
  );
  const trackingCode = await deriveTrackingCode(deps.codec, record.reference, {
    partyId: record.partyId,
    codeVersion,
  });
  return { trackingCode, codeVersion };
}

const OTP_TTL_SECONDS = 10 * 60;
/** Recovery messages per reference per window: enough for a typo, too few to bomb a phone. */
const MAX_RECOVERY_SENDS = 3;

/**
 * Sends a one-time code to the phone on file. Answers the same whether the reference exists,
 * has a mobile, or not; the sends are limited per reference string like wrong codes.
 */
export async function requestRecovery(deps: ContactDeps, reference: string): Promise<void> {
  const key = await attemptsKey(deps.codec, reference, 'recovery-send');
  await reserveAttempt(deps, key, MAX_RECOVERY_SENDS);
  const record = isWellFormedReference(reference)
    ? await deps.contacts.get(normalizeReference(reference))
    : undefined;
  if (!record?.mobileSealed) return;
  const mobile = await deps.codec.open('mobile', record.mobileSealed, record.reference);
  const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  await deps.otps.put(
    await attemptsKey(deps.codec, record.reference, 'otp'),
    await otpHash(deps.codec, record.reference, otp),
    now + OTP_TTL_SECONDS,
  );
  await deps.notifier.send({
    channel: 'sms',
    to: mobile,
    purpose: 'recovery-otp',
    text: `【${deps.cityName}】找回查询码的验证码 ${otp}，10 分钟内有效。如非本人操作，请忽略。`,
  });
}

async function otpHash(codec: PersonalDataCodec, reference: string, otp: string): Promise<string> {
  return Buffer.from(await codec.mac('recovery-otp', `${reference}\n${otp}`)).toString('base64url');
}

/**
 * Trades a right one-time code for the tracking code. A wrong one counts as a wrong attempt
 * on the reference (the same counter as codes) and answers 404 like every other failure.
 */
export async function verifyRecovery(
  deps: ContactDeps,
  reference: string,
  otp: string,
): Promise<{ reference: string; trackingCode: string }> {
  const normalized = normalizeReference(reference);
  const key = await attemptsKey(deps.codec, normalized);
  await reserveAttempt(deps, key);
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const otpKey = await attemptsKey(deps.codec, normalized, 'otp');
  const ok =
    /^\d{6}$/.test(otp) &&
    (await deps.otps.consume(otpKey, await otpHash(deps.codec, normalized, otp), now));
  const record = ok ? await deps.contacts.get(normalized) : undefined;
  if (!record) throw new NotFound();
  await deps.attempts.refund(key);
  await deps.contacts.audit({
    reference: record.reference,
    at: toBusinessIso(deps.clock.now()),
    actor: 'resident',
    roles: [],
    action: 'recover_tracking_code',
  });
  return {
    reference: record.reference,
    trackingCode: await deriveTrackingCode(deps.codec, record.reference, record),
  };
}

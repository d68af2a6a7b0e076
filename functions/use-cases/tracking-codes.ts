// Use cases: derive a party's tracking code, and check one a resident sends, counting wrong attempts.
import { timingSafeEqual } from 'node:crypto';
import type { AttemptStore } from '../adapters/party-contact-store.port.ts';
import type { PersonalDataCodec } from '../adapters/personal-data.port.ts';
import { NotFound, TooManyAttempts } from '../domain/errors.ts';
import type { Clock } from '../domain/time.ts';
import {
  ATTEMPT_WINDOW_SECONDS,
  codeFromMac,
  MAX_WRONG_ATTEMPTS,
  normalizeReference,
  normalizeTrackingCode,
  trackingCodeMessage,
} from '../domain/tracking-code.ts';

/** What a reference's record says about its parties' codes. */
export interface PartyCode {
  partyId: string;
  codeVersion: number;
}

export interface TrackingCodeDeps {
  codec: PersonalDataCodec;
  attempts: AttemptStore;
  clock: Clock;
}

/** References are ASCII upper-case letters, digits and dashes (after normalisation). */
const REFERENCE_PATTERN = /^[A-Z0-9][A-Z0-9-]{3,39}$/;

export function isWellFormedReference(reference: string): boolean {
  return REFERENCE_PATTERN.test(normalizeReference(reference));
}

export async function deriveTrackingCode(
  codec: PersonalDataCodec,
  reference: string,
  party: PartyCode,
): Promise<string> {
  return codeFromMac(
    await codec.mac(
      'tracking-code',
      trackingCodeMessage(reference, party.partyId, party.codeVersion),
    ),
  );
}

/** The counter key of a reference string, existing or not: a keyed hash, so the table lists no references. */
export async function attemptsKey(
  codec: PersonalDataCodec,
  reference: string,
  scope = 'code',
): Promise<string> {
  const mac = await codec.mac('reference-attempts', `${scope}\n${normalizeReference(reference)}`);
  return Buffer.from(mac).toString('base64url');
}

/** Takes one attempt for the reference or throws 429 with how long to wait. */
export async function reserveAttempt(
  deps: TrackingCodeDeps,
  key: string,
  max = MAX_WRONG_ATTEMPTS,
): Promise<void> {
  const outcome = await deps.attempts.reserve({
    key,
    max,
    windowSeconds: ATTEMPT_WINDOW_SECONDS,
    nowSeconds: Math.floor(deps.clock.now().getTime() / 1000),
  });
  if (!outcome.ok) throw new TooManyAttempts(outcome.retryAfterSeconds);
}

const PLACEHOLDER = Buffer.alloc(8, 0);
const DUMMY: PartyCode[] = [{ partyId: '-', codeVersion: 0 }];

/**
 * Checks `code` for `reference`: the party it opens, or NotFound for every failure alike
 * (missing, malformed or wrong code; unknown or malformed reference), each counted as a wrong
 * attempt per reference string. The 6th in 15 minutes throws TooManyAttempts, right code or not.
 * An unknown reference does the same work against a dummy party, so timing tells nothing.
 */
export async function checkTrackingCode(
  deps: TrackingCodeDeps & { parties(reference: string): Promise<PartyCode[] | undefined> },
  input: { reference: string; code: string | undefined | null },
): Promise<{ reference: string; partyId: string }> {
  const reference = normalizeReference(input.reference);
  const key = await attemptsKey(deps.codec, reference);
  await reserveAttempt(deps, key);

  const code = normalizeTrackingCode(input.code);
  const wellFormed = REFERENCE_PATTERN.test(reference);
  const parties = (await deps.parties(wellFormed ? reference : 'MALFORMED')) ?? undefined;
  const candidates = wellFormed && parties && parties.length > 0 ? parties : DUMMY;
  const given = code ? Buffer.from(code) : PLACEHOLDER;
  let opened: string | undefined;
  for (const party of candidates) {
    const expected = Buffer.from(await deriveTrackingCode(deps.codec, reference, party));
    // Every candidate is compared, in constant time, whatever the earlier ones gave.
    if (timingSafeEqual(expected, given) && code && candidates !== DUMMY) opened ??= party.partyId;
  }
  if (opened === undefined) throw new NotFound();
  // A right code is not a wrong attempt: give back what it reserved (the window is not reset).
  await deps.attempts.refund(key);
  return { reference, partyId: opened };
}

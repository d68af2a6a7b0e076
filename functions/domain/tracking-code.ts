// Residents' tracking codes (CONTRACT.md): the alphabet, normalisation, and the code a MAC becomes.

/** No look-alikes: no 0/O, 1/I/L. */
export const TRACKING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const TRACKING_CODE_LENGTH = 8;

/** Wrong attempts allowed per reference in one window; the next one answers 429. */
export const MAX_WRONG_ATTEMPTS = 5;
export const ATTEMPT_WINDOW_SECONDS = 15 * 60;

const CODE_PATTERN = new RegExp(`^[${TRACKING_CODE_ALPHABET}]{${TRACKING_CODE_LENGTH}}$`);

/** References are trimmed and upper-cased before lookup and hashing. */
export function normalizeReference(reference: string): string {
  return reference.trim().toUpperCase();
}

/** A code as typed (any case, surrounding spaces) in canonical form, or undefined if malformed. */
export function normalizeTrackingCode(input: string | undefined | null): string | undefined {
  if (input === undefined || input === null) return undefined;
  const code = input.trim().toUpperCase();
  return CODE_PATTERN.test(code) ? code : undefined;
}

/**
 * Turns a MAC (at least 8 bytes) into a code: its first 64 bits read as a number in base 31.
 * 31^8 ≈ 8.5e11 ≪ 2^64, so the bias is negligible.
 */
export function codeFromMac(mac: Uint8Array): string {
  if (mac.length < 8) throw new Error('a tracking code needs at least 64 bits of MAC');
  let n = 0n;
  for (let i = 0; i < 8; i++) n = (n << 8n) | BigInt(mac[i]!);
  const base = BigInt(TRACKING_CODE_ALPHABET.length);
  let code = '';
  for (let i = 0; i < TRACKING_CODE_LENGTH; i++) {
    code += TRACKING_CODE_ALPHABET[Number(n % base)];
    n /= base;
  }
  return code;
}

/** What the MAC of a party's code covers: the reference, the party, and the code's generation. */
export function trackingCodeMessage(reference: string, partyId: string, version: number): string {
  return `${normalizeReference(reference)}\n${partyId}\n${version}`;
}

// Port: envelope encryption of personal numbers, keyed hashes to find them, MACs for residents' codes.

/** Which personal number a value is; each has its own blind-index key. */
export type PersonalField = 'mobile' | 'id_number';

/** Separate keys (derived from one root secret) so one purpose's outputs say nothing of another's. */
export type MacPurpose = 'tracking-code' | 'reference-attempts' | 'recovery-otp' | 'calendar-link';

export interface PersonalDataCodec {
  /**
   * Encrypts a value for storage. `boundTo` (e.g. the record's reference) is authenticated with
   * it, so a ciphertext copied onto another record or field no longer opens.
   */
  seal(field: PersonalField, value: string, boundTo: string): Promise<string>;
  open(field: PersonalField, sealed: string, boundTo: string): Promise<string>;
  /** A keyed hash to look a value up by (never reversible without the key). */
  blindIndex(field: PersonalField, value: string): Promise<string>;
  /** HMAC-SHA256 under the purpose's key. */
  mac(purpose: MacPurpose, message: string): Promise<Uint8Array>;
}

/**
 * Where data keys come from: KMS on AWS, a key file in DATA_DIR locally. A wrapped key is what
 * the table stores next to the data it encrypted.
 */
export interface DataKeySource {
  generateDataKey(purpose: 'personal-data' | 'hmac-root'): Promise<{
    plaintext: Uint8Array;
    wrapped: string;
  }>;
  unwrap(purpose: 'personal-data' | 'hmac-root', wrapped: string): Promise<Uint8Array>;
}

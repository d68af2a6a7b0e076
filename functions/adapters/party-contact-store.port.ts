// Port: party contacts — a person a case or booking is about, with personal numbers sealed.

/** As stored: numbers sealed (ciphertext), with masked copies and keyed hashes beside them. */
export interface PartyContactRecord {
  reference: string;
  /** Parties of the reference; one for a contact, several for a case later. */
  partyId: string;
  regionId: string;
  name: string;
  mobileSealed?: string;
  mobileMasked?: string;
  mobileIndex?: string;
  idNumberSealed?: string;
  idNumberMasked?: string;
  idNumberIndex?: string;
  /** Generation of the tracking code: a re-issue bumps it, so the old code stops working. */
  codeVersion: number;
  createdAt: string;
  createdBy: string;
}

export interface AuditEntry {
  reference: string;
  at: string;
  actor: string;
  roles: string[];
  action: 'unmask' | 'reissue_tracking_code' | 'recover_tracking_code';
  field?: string;
  reason?: string;
  requestId?: string;
}

export interface PartyContactStore {
  create(record: PartyContactRecord): Promise<void>;
  get(reference: string): Promise<PartyContactRecord | undefined>;
  /** References of contacts with this mobile (by keyed hash). */
  findByMobile(mobileIndex: string): Promise<PartyContactRecord[]>;
  /** Bumps the code's generation and records who did it, in one transaction. */
  bumpCodeVersion(reference: string, expected: number, audit: AuditEntry): Promise<number>;
  audit(entry: AuditEntry): Promise<void>;
  listAudit(reference: string): Promise<AuditEntry[]>;
}

/** Per-reference counters: wrong tracking codes, recovery messages sent. */
export interface AttemptStore {
  /**
   * Takes one attempt from the window of `key` (a hash), or says how long until the window ends
   * when `max` attempts are already used.
   */
  reserve(input: {
    key: string;
    max: number;
    windowSeconds: number;
    nowSeconds: number;
  }): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
  /** Gives a reserved attempt back (the code was right). */
  refund(key: string): Promise<void>;
}

/** One-time recovery codes, stored hashed, single use. */
export interface RecoveryOtpStore {
  /** Replaces any earlier code for `key`. */
  put(key: string, otpHash: string, expiresAtSeconds: number): Promise<void>;
  /** Deletes the code if it is `otpHash` and unexpired: true exactly once for the right code. */
  consume(key: string, otpHash: string, nowSeconds: number): Promise<boolean>;
}

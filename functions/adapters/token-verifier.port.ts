// Port: checks a staff ID token and says whose it is; what they may do is the account's business.

export interface VerifiedToken {
  issuer: string;
  subject: string;
}

export interface TokenVerifier {
  /** Resolves for a valid token; rejects for anything else (expired, wrong signer, audience…). */
  verify(token: string): Promise<VerifiedToken>;
}

// Port: the portal inbox of roster members — invitations to sessions, changes, cancellations and reminders.

export interface MemberNotice {
  memberId: string;
  at: string;
  caseNumber: string;
  /** `session-invitation`, `session-moved`, `session-cancelled`, `session-reminder`, `recused`… */
  purpose: string;
  text: string;
  sessionId?: string;
}

export interface MemberInbox {
  /** Posts each notice to its member's inbox (kept 180 days). */
  post(notices: readonly MemberNotice[]): Promise<void>;
  /** A member's notices, newest first. */
  list(memberId: string, limit: number): Promise<MemberNotice[]>;
}

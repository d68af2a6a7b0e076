// Port: messages to residents and staff (SMS, e-mail), through the channel the city config chooses.

export interface OutgoingMessage {
  channel: 'sms' | 'email';
  /** An 11-digit mobile for SMS, an address for e-mail. */
  to: string;
  text: string;
  /** What the message is for (`tracking-code`, `recovery-otp`…), for the outbox and the logs. */
  purpose: string;
  subject?: string;
}

export interface Notifier {
  send(message: OutgoingMessage): Promise<void>;
}

/** A message as the local outbox keeps it: the recipient masked, never in clear. */
export interface OutboxEntry {
  id: string;
  sentAt: string;
  channel: 'sms' | 'email';
  recipient: string;
  purpose: string;
  subject?: string;
  text: string;
}

export interface OutboxReader {
  /** The newest messages first. */
  list(limit: number): Promise<OutboxEntry[]>;
}

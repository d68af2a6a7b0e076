// Port: bookings, the slots' capacity counters and providers' busy calendars, written together.
import type { BusyBucket } from '../domain/availability.ts';
import type { BookingStatus, ServiceMode } from '../domain/vocabulary.ts';

export interface BookingRecord {
  reference: string;
  status: BookingStatus;
  servicePointId: string;
  serviceId: string;
  providerId: string;
  /** The capacity item's key (see `slotKeyOf`); busy buckets name it as their holder. */
  slotKey: string;
  /** ISO instants (UTC) of the slot. */
  start: string;
  end: string;
  mode: ServiceMode;
  applicantName: string;
  /** The mobile sealed (bound to the reference) and masked; never in clear. */
  mobileSealed: string;
  mobileMasked: string;
  category?: string;
  note?: string;
  /** The tracking code's generation (the code itself is derived, never stored). */
  codeVersion: number;
  /** `resident`, or the staff actor who booked on a resident's behalf. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  cancelReason?: string;
  consultationNote?: string;
  /** When the reminder is due (ISO), cleared once sent or when the booking is cancelled. */
  remindAt?: string;
}

/** What a booking occupies: the slot's counter and the provider's busy buckets. */
export interface SlotClaim {
  servicePointId: string;
  slotKey: string;
  providerId: string;
  start: Date;
  capacity: number;
  buckets: Date[];
}

export interface DueReminder {
  reference: string;
  remindAt: string;
}

export interface BookingStore {
  get(reference: string): Promise<BookingRecord | undefined>;
  /** Bookings taken per slot key at a point, for slots starting in [from, to). */
  slotUsage(servicePointId: string, from: Date, to: Date): Promise<Map<string, number>>;
  /** A provider's busy buckets in [from, to), by bucket start (ms). */
  busy(providerId: string, from: Date, to: Date): Promise<Map<number, BusyBucket>>;
  /** A provider's bookings on a business date (every status), by start. */
  providerDay(providerId: string, date: string): Promise<BookingRecord[]>;
  /**
   * Writes the booking, takes one place of the slot (under its capacity) and the provider's busy
   * buckets, in one transaction; conflicts are retried. Returns false when the slot is full or the
   * provider busy (a failed condition), writing nothing.
   */
  create(record: BookingRecord, claim: SlotClaim): Promise<boolean>;
  /** Confirmed → cancelled, giving its place back, in one transaction. False if not confirmed. */
  cancel(record: BookingRecord, fields: { reason: string; updatedAt: string }): Promise<boolean>;
  /**
   * Moves a confirmed booking to another slot in one transaction: the new place taken and the old
   * one given back, or neither. 'full' when the new slot has no room, 'changed' when the booking
   * was no longer confirmed on its old slot.
   */
  reschedule(
    record: BookingRecord,
    next: {
      claim: SlotClaim;
      providerId: string;
      start: string;
      end: string;
      updatedAt: string;
      remindAt?: string;
    },
    previous: SlotClaim,
  ): Promise<'ok' | 'full' | 'changed'>;
  /** Reminders due at or before `now` (a table-driven scheduler; see docs/bookings.md). */
  dueReminders(now: Date): Promise<DueReminder[]>;
  /** Takes a due reminder: true for exactly one caller. */
  claimReminder(reminder: DueReminder): Promise<boolean>;
  /** After a reminder went out, schedules the booking's next one (a shorter lead), if unchanged. */
  scheduleNextReminder(reference: string, sent: string, next: string): Promise<void>;
  /** Puts a claimed reminder back when its message could not be sent. */
  restoreReminder(reminder: DueReminder): Promise<void>;
  /** Confirmed (or already marked) → completed or no_show, with an optional note; false if cancelled. */
  markAttendance(
    reference: string,
    status: 'completed' | 'no_show',
    fields: { updatedAt: string; consultationNote?: string },
  ): Promise<boolean>;
  /** A short consultation note on a booking of any status. */
  setNote(reference: string, note: string, updatedAt: string): Promise<boolean>;
}

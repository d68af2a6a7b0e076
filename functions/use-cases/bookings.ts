// Use cases: service points, providers and slots residents see; booking, cancelling and rescheduling with capacity and busy calendars.
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { BookingRecord, BookingStore, SlotClaim } from '../adapters/booking-store.port.ts';
import type { CityRuntime } from '../adapters/city-store.port.ts';
import type { Notifier } from '../adapters/notifier.port.ts';
import type {
  AttemptStore,
  AuditEntry,
  RecoveryOtpStore,
} from '../adapters/party-contact-store.port.ts';
import type { PersonalDataCodec } from '../adapters/personal-data.port.ts';
import {
  busyBuckets,
  fairOrder,
  isFree,
  modesAt,
  parseSlotId,
  providerSlots,
  type Slot,
  servesAt,
  slotIdOf,
  slotKeyOf,
} from '../domain/availability.ts';
import { BookingNotChangeable, NotFound, SlotFull, ValidationFailed } from '../domain/errors.ts';
import { maskMobile } from '../domain/personal-data.ts';
import { businessDate, type Clock, toBusinessIso } from '../domain/time.ts';
import { normalizeReference, TRACKING_CODE_ALPHABET } from '../domain/tracking-code.ts';
import type { HandlingLevel, ServiceMode } from '../domain/vocabulary.ts';
import type { ContactDeps } from './party-contacts.ts';
import { deriveTrackingCode, isWellFormedReference } from './tracking-codes.ts';

/** The run-time config bookings read: the city (points, services, calendar, policy) and its roster. */
export interface Catalogue {
  city: Omit<CityRuntime, 'roster'>;
  roster: CityRuntime['roster'];
}

export interface BookingDeps {
  catalogue(): Promise<Catalogue>;
  bookings: BookingStore;
  codec: PersonalDataCodec;
  notifier: Notifier;
  clock: Clock;
  /** For messages: "【吴忠市】…". */
  cityName: string;
  reportError?(what: string, error: unknown): void;
}

/** The one party of a booking: the applicant. */
export const BOOKING_PARTY = 'applicant';
const DAY_MS = 86_400_000;
/** Default window of a slots query, and the longest one allowed. */
export const DEFAULT_WINDOW_DAYS = 14;
export const MAX_WINDOW_DAYS = 60;
/** How long a signed calendar link works. */
const CALENDAR_LINK_SECONDS = 30 * 24 * 3600;

// ---------------------------------------------------------------------------------------------
// Reading the catalogue

export interface ServicePointView {
  id: string;
  name: string;
  nameEn: string;
  level: HandlingLevel;
  regionId: string;
  address: string;
  addressEn: string;
  phone: string;
  online: boolean;
  services: string[];
  hours: { weekday: number; open: string; close: string }[];
}

export async function listServicePoints(
  deps: Pick<BookingDeps, 'catalogue'>,
  filter: { level?: string; regionId?: string; serviceId?: string },
): Promise<ServicePointView[]> {
  const { city } = await deps.catalogue();
  return city.servicePoints
    .filter(
      (p) =>
        (!filter.level || p.level === filter.level) &&
        (!filter.regionId || p.regionId === filter.regionId) &&
        (!filter.serviceId || p.services.includes(filter.serviceId)),
    )
    .map((p) => ({
      id: p.id,
      name: p.name,
      nameEn: p.nameEn,
      level: p.level,
      regionId: p.regionId,
      address: p.address,
      addressEn: p.addressEn,
      phone: p.phone,
      online: p.online,
      services: [...p.services],
      hours: p.hours.map(({ weekday, open, close }) => ({ weekday, open, close })),
    }));
}

export interface SlotView {
  slotId: string;
  start: string;
  end: string;
  servicePointId: string;
  serviceId: string;
  providerId: string | null;
  capacity: number;
  remaining: number;
  modes: ServiceMode[];
}

interface FreeSlot extends Slot {
  remaining: number;
}

/** Every slot of the given providers (full ones with remaining 0) at a point for a service in [from, to), with what remains. */
async function freeSlots(
  deps: Pick<BookingDeps, 'bookings' | 'clock'>,
  catalogue: Catalogue,
  query: {
    servicePointId: string;
    serviceId: string;
    providerIds?: string[];
    from: Date;
    to: Date;
  },
): Promise<FreeSlot[]> {
  const { city, roster } = catalogue;
  const point = city.servicePoints.find((p) => p.id === query.servicePointId);
  const service = city.services.find((s) => s.id === query.serviceId);
  if (!point || !service) return [];
  const providers = roster.filter(
    (m) =>
      servesAt(m, point.id, service.id) && (!query.providerIds || query.providerIds.includes(m.id)),
  );
  const now = deps.clock.now();
  const generated = providers.map((provider) =>
    providerSlots({
      point,
      service,
      provider,
      calendar: city.calendar,
      from: query.from,
      to: query.to,
      now,
      leadMinutes: city.bookings.leadMinutes,
    }).filter((slot) => !onLeave(provider, slot.start)),
  );
  if (generated.every((list) => list.length === 0)) return [];
  // Busy buckets reach back to the earliest bucket a slot in the window touches.
  const longest = service.durationMinutes * 60_000;
  const [usage, ...busy] = await Promise.all([
    deps.bookings.slotUsage(point.id, query.from, query.to),
    ...providers.map((p, i) =>
      generated[i]!.length === 0
        ? Promise.resolve(new Map())
        : deps.bookings.busy(
            p.id,
            new Date(query.from.getTime() - DAY_MS),
            new Date(query.to.getTime() + longest),
          ),
    ),
  ]);
  const free: FreeSlot[] = [];
  generated.forEach((slots, i) => {
    for (const slot of slots) {
      const key = slotKeyOf(slot);
      const remaining = slot.capacity - (usage.get(key) ?? 0);
      // A full slot stays listed (remaining 0); one the provider's calendar blocks is not a slot.
      if (!isFree(key, slot, busy[i]!)) continue;
      free.push({ ...slot, remaining: Math.max(0, remaining) });
    }
  });
  return free.sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.providerId.localeCompare(b.providerId),
  );
}

function slotView(slot: Slot & { remaining: number }, providerId: string | null): SlotView {
  return {
    slotId: slotIdOf({ ...slot, providerId: providerId ?? undefined }),
    start: toBusinessIso(slot.start),
    end: toBusinessIso(slot.end),
    servicePointId: slot.servicePointId,
    serviceId: slot.serviceId,
    providerId,
    capacity: slot.capacity,
    remaining: slot.remaining,
    modes: slot.modes,
  };
}

/** The query window: `from` inclusive, `to` exclusive; default the next 14 days, at most 60. */
export function slotWindow(now: Date, from?: Date, to?: Date): { from: Date; to: Date } {
  const start = from ?? now;
  const end = to ?? new Date(start.getTime() + DEFAULT_WINDOW_DAYS * DAY_MS);
  if (end.getTime() <= start.getTime()) {
    throw new ValidationFailed({ 'query.to': 'must be after from' });
  }
  if (end.getTime() - start.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw new ValidationFailed({ 'query.to': `at most ${MAX_WINDOW_DAYS} days after from` });
  }
  return { from: start, to: end };
}

export async function findSlots(
  deps: Pick<BookingDeps, 'catalogue' | 'bookings' | 'clock'>,
  query: { servicePointId: string; serviceId: string; providerId?: string; from?: Date; to?: Date },
): Promise<SlotView[]> {
  const catalogue = await deps.catalogue();
  const { city, roster } = catalogue;
  const details: Record<string, string> = {};
  if (!city.servicePoints.some((p) => p.id === query.servicePointId))
    details['query.servicePointId'] = 'unknown service point';
  if (!city.services.some((s) => s.id === query.serviceId))
    details['query.serviceId'] = 'unknown service';
  if (query.providerId && !roster.some((m) => m.id === query.providerId))
    details['query.providerId'] = 'unknown provider';
  if (Object.keys(details).length > 0) throw new ValidationFailed(details);
  const window = slotWindow(deps.clock.now(), query.from, query.to);
  const slots = await freeSlots(deps, catalogue, {
    ...query,
    providerIds: query.providerId ? [query.providerId] : undefined,
    ...window,
  });
  if (query.providerId) return slots.map((s) => slotView(s, s.providerId));
  // "Any provider": the same start at a point is one slot, capacity and remaining summed.
  const merged = new Map<number, FreeSlot & { capacitySum: number }>();
  for (const slot of slots) {
    const at = merged.get(slot.start.getTime());
    if (!at) merged.set(slot.start.getTime(), { ...slot, capacitySum: slot.capacity });
    else {
      at.capacitySum += slot.capacity;
      at.remaining += slot.remaining;
    }
  }
  return [...merged.values()].map((s) => slotView({ ...s, capacity: s.capacitySum }, null));
}

export interface ProviderView {
  id: string;
  name: string;
  nameEn: string;
  kind: string;
  specialties: string[];
  bio: string;
  bioEn: string;
  languages: string[];
  servicePoints: string[];
  services: string[];
  nextAvailable: string | null;
}

export async function listProviders(
  deps: Pick<BookingDeps, 'catalogue' | 'bookings' | 'clock'>,
  filter: { servicePointId?: string; serviceId?: string },
): Promise<ProviderView[]> {
  const catalogue = await deps.catalogue();
  const { city, roster } = catalogue;
  const members = roster.filter(
    (m) =>
      (!filter.servicePointId || m.servicePoints.includes(filter.servicePointId)) &&
      (!filter.serviceId || m.services.includes(filter.serviceId)),
  );
  const window = slotWindow(deps.clock.now());
  return Promise.all(
    members.map(async (m) => {
      let next: Date | undefined;
      for (const pointId of m.servicePoints) {
        if (filter.servicePointId && pointId !== filter.servicePointId) continue;
        for (const serviceId of m.services) {
          if (filter.serviceId && serviceId !== filter.serviceId) continue;
          const point = city.servicePoints.find((p) => p.id === pointId);
          const service = city.services.find((s) => s.id === serviceId);
          if (!point || !service || modesAt(point, service).length === 0) continue;
          const [first] = await freeSlots(deps, catalogue, {
            servicePointId: pointId,
            serviceId,
            providerIds: [m.id],
            ...window,
          });
          if (first && (!next || first.start < next)) next = first.start;
        }
      }
      return {
        id: m.id,
        name: m.name,
        nameEn: m.nameEn,
        kind: m.kind,
        specialties: m.services.map((id) => city.services.find((s) => s.id === id)?.name ?? id),
        bio: m.bio,
        bioEn: m.bioEn,
        // The roster does not record languages yet: every provider speaks Mandarin.
        languages: ['zh'],
        servicePoints: [...m.servicePoints],
        services: [...m.services],
        nextAvailable: next ? toBusinessIso(next) : null,
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Bookings

export interface BookingView {
  reference: string;
  status: BookingRecord['status'];
  servicePointId: string;
  servicePointName: string;
  serviceId: string;
  serviceName: string;
  providerId: string;
  providerName: string;
  start: string;
  end: string;
  mode: ServiceMode;
  applicant: { name: string; phone: string };
  category: string | null;
  note: string | null;
  cancelReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export function bookingView(record: BookingRecord, catalogue: Catalogue): BookingView {
  const point = catalogue.city.servicePoints.find((p) => p.id === record.servicePointId);
  const service = catalogue.city.services.find((s) => s.id === record.serviceId);
  const provider = catalogue.roster.find((m) => m.id === record.providerId);
  return {
    reference: record.reference,
    status: record.status,
    servicePointId: record.servicePointId,
    servicePointName: point?.name ?? record.servicePointId,
    serviceId: record.serviceId,
    serviceName: service?.name ?? record.serviceId,
    providerId: record.providerId,
    providerName: provider?.name ?? record.providerId,
    start: toBusinessIso(new Date(record.start)),
    end: toBusinessIso(new Date(record.end)),
    mode: record.mode,
    applicant: { name: record.applicantName, phone: record.mobileMasked },
    category: record.category ?? null,
    note: record.note ?? null,
    cancelReason: record.cancelReason ?? null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function newReference(): string {
  let suffix = '';
  for (let i = 0; i < 8; i++)
    suffix += TRACKING_CODE_ALPHABET[randomInt(TRACKING_CODE_ALPHABET.length)];
  return `BK${suffix}`;
}

export interface BookingInput {
  slotId: string;
  serviceId: string;
  providerId?: string;
  mode: ServiceMode;
  applicant: { name: string; phone: string };
  category?: string;
  note?: string;
}

/** The candidates (one per provider) of a slot id that are open now, or a 400 naming the field. */
async function openCandidates(
  deps: Pick<BookingDeps, 'bookings' | 'clock'>,
  catalogue: Catalogue,
  input: { slotId: string; serviceId: string; providerId?: string; mode?: ServiceMode },
): Promise<FreeSlot[]> {
  const ref = parseSlotId(input.slotId);
  if (!ref) throw new ValidationFailed({ 'json.slotId': 'not a slot id' });
  if (ref.serviceId !== input.serviceId) {
    throw new ValidationFailed({ 'json.serviceId': 'not the service of this slot' });
  }
  if (input.providerId && ref.providerId && input.providerId !== ref.providerId) {
    throw new ValidationFailed({ 'json.providerId': 'not the provider of this slot' });
  }
  const providerId = ref.providerId ?? input.providerId;
  const { city, roster } = catalogue;
  const point = city.servicePoints.find((p) => p.id === ref.servicePointId);
  const service = city.services.find((s) => s.id === ref.serviceId);
  if (!point || !service)
    throw new ValidationFailed({ 'json.slotId': 'unknown service point or service' });
  // Every slot of that start, full or not, to tell "not open" (400) from "full" (409).
  const now = deps.clock.now();
  const at = { from: ref.start, to: new Date(ref.start.getTime() + 1) };
  const atStart = roster
    .filter((m) => servesAt(m, point.id, service.id))
    .flatMap((provider) =>
      providerSlots({
        point,
        service,
        provider,
        calendar: city.calendar,
        ...at,
        now,
        leadMinutes: city.bookings.leadMinutes,
      }),
    );
  if (atStart.length === 0) {
    throw new ValidationFailed({
      'json.slotId':
        'not an open slot: it has started, starts inside the lead time, or is outside the hours and shifts',
    });
  }
  const offered = providerId ? atStart.filter((s) => s.providerId === providerId) : atStart;
  if (offered.length === 0) {
    throw new ValidationFailed({ 'json.providerId': 'this provider does not give this slot' });
  }
  if (input.mode && !offered[0]!.modes.includes(input.mode)) {
    throw new ValidationFailed({ 'json.mode': `one of ${offered[0]!.modes.join(', ')}` });
  }
  const free = await freeSlots(deps, catalogue, {
    servicePointId: point.id,
    serviceId: service.id,
    providerIds: offered.map((s) => s.providerId),
    ...at,
  });
  const open = free.filter((s) => s.remaining > 0);
  if (open.length === 0) throw new SlotFull();
  return open;
}

function claimFor(slot: FreeSlot): SlotClaim {
  return {
    servicePointId: slot.servicePointId,
    slotKey: slotKeyOf(slot),
    providerId: slot.providerId,
    start: slot.start,
    capacity: slot.capacity,
    buckets: busyBuckets(slot.start, slot.end),
  };
}

/** Fair order among a slot's candidates: the least loaded that day first, ties in turn. */
async function inFairOrder(
  deps: Pick<BookingDeps, 'bookings'>,
  slots: FreeSlot[],
): Promise<FreeSlot[]> {
  if (slots.length < 2) return slots;
  const date = businessDate(slots[0]!.start);
  const loads = await Promise.all(
    slots.map(async (slot) => ({
      slot,
      providerId: slot.providerId,
      load: (await deps.bookings.providerDay(slot.providerId, date)).filter(
        (b) => b.status !== 'cancelled',
      ).length,
    })),
  );
  return fairOrder(loads).map((c) => c.slot);
}

/** When the (next) reminder is due: the longest lead before the start still ahead (and after `after`). */
function remindAtFor(
  catalogue: Catalogue,
  start: Date,
  now: Date,
  after?: string,
): string | undefined {
  const hours = [...catalogue.city.reminders.leadHours].sort((a, b) => b - a);
  for (const lead of hours) {
    const at = new Date(start.getTime() - lead * 3_600_000);
    if (at > now && (!after || at.toISOString() > after)) return at.toISOString();
  }
  return undefined;
}

export async function trackingCodeOf(
  deps: Pick<BookingDeps, 'codec'>,
  record: Pick<BookingRecord, 'reference' | 'codeVersion'>,
): Promise<string> {
  return deriveTrackingCode(deps.codec, record.reference, {
    partyId: BOOKING_PARTY,
    codeVersion: record.codeVersion,
  });
}

/** A roster member's leave covers the business date of an instant (whole dates, inclusive). */
function onLeave(member: { leave?: readonly { from: string; to: string }[] }, at: Date): boolean {
  const date = businessDate(at);
  return member.leave?.some((l) => l.from <= date && date <= l.to) ?? false;
}

/** Books a slot: the place, the provider's busy calendar and the booking in one transaction. */
export async function createBooking(
  deps: BookingDeps,
  input: BookingInput,
  createdBy = 'resident',
): Promise<{
  reference: string;
  trackingCode: string;
  booking: BookingView;
  record: BookingRecord;
}> {
  const catalogue = await deps.catalogue();
  if (input.category && !catalogue.city.categories.some((c) => c.id === input.category)) {
    throw new ValidationFailed({ 'json.category': 'unknown category' });
  }
  const candidates = await inFairOrder(deps, await openCandidates(deps, catalogue, input));
  const reference = newReference();
  const now = deps.clock.now();
  const mobileSealed = await deps.codec.seal('mobile', input.applicant.phone, reference);
  for (const slot of candidates) {
    const record: BookingRecord = {
      reference,
      status: 'confirmed',
      servicePointId: slot.servicePointId,
      serviceId: slot.serviceId,
      providerId: slot.providerId,
      slotKey: slotKeyOf(slot),
      start: slot.start.toISOString(),
      end: slot.end.toISOString(),
      mode: input.mode,
      applicantName: input.applicant.name,
      mobileSealed,
      mobileMasked: maskMobile(input.applicant.phone),
      ...(input.category ? { category: input.category } : {}),
      ...(input.note ? { note: input.note } : {}),
      codeVersion: 0,
      createdBy,
      createdAt: toBusinessIso(now),
      updatedAt: toBusinessIso(now),
      ...(remindAtFor(catalogue, slot.start, now)
        ? { remindAt: remindAtFor(catalogue, slot.start, now) }
        : {}),
    };
    if (await deps.bookings.create(record, claimFor(slot))) {
      const trackingCode = await trackingCodeOf(deps, record);
      const booking = bookingView(record, catalogue);
      await notify(
        deps,
        record,
        'booking-confirmation',
        confirmationText(deps, booking, trackingCode),
      );
      return { reference, trackingCode, booking, record };
    }
  }
  throw new SlotFull();
}

function confirmationText(
  deps: Pick<BookingDeps, 'cityName'>,
  b: BookingView,
  code: string,
): string {
  return `【${deps.cityName}】预约成功：${b.serviceName}，${b.start.slice(0, 16).replace('T', ' ')}，${b.servicePointName}，${b.providerName}。编号 ${b.reference}，查询码 ${code}，凭此可查看、改期或取消。`;
}

/** Sends an SMS to the booking's mobile; a failure is reported, never fails the booking. */
async function notify(
  deps: BookingDeps,
  record: BookingRecord,
  purpose: string,
  text: string,
): Promise<void> {
  try {
    const to = await deps.codec.open('mobile', record.mobileSealed, record.reference);
    await deps.notifier.send({ channel: 'sms', to, purpose, text });
  } catch (error) {
    deps.reportError?.(`${purpose} SMS not sent`, error);
  }
}

export async function findBooking(
  deps: Pick<BookingDeps, 'bookings'>,
  reference: string,
): Promise<BookingRecord> {
  const record = isWellFormedReference(reference)
    ? await deps.bookings.get(normalizeReference(reference))
    : undefined;
  if (!record) throw new NotFound();
  return record;
}

export async function cancelBooking(
  deps: BookingDeps,
  reference: string,
  reason: string,
): Promise<BookingView> {
  const catalogue = await deps.catalogue();
  const record = await findBooking(deps, reference);
  if (record.status !== 'confirmed') throw new BookingNotChangeable({ status: record.status });
  const updatedAt = toBusinessIso(deps.clock.now());
  if (!(await deps.bookings.cancel(record, { reason, updatedAt }))) {
    throw new BookingNotChangeable({ status: (await findBooking(deps, reference)).status });
  }
  const cancelled: BookingRecord = {
    ...record,
    status: 'cancelled',
    cancelReason: reason,
    updatedAt,
  };
  const view = bookingView(cancelled, catalogue);
  await notify(
    deps,
    cancelled,
    'booking-cancelled',
    `【${deps.cityName}】您的预约 ${view.reference}（${view.serviceName}，${view.start.slice(0, 16).replace('T', ' ')}）已取消。`,
  );
  return view;
}

export async function rescheduleBooking(
  deps: BookingDeps,
  reference: string,
  slotId: string,
): Promise<BookingView> {
  const catalogue = await deps.catalogue();
  const record = await findBooking(deps, reference);
  const now = deps.clock.now();
  if (record.status !== 'confirmed' || new Date(record.start) <= now) {
    throw new BookingNotChangeable({ status: record.status });
  }
  const ref = parseSlotId(slotId);
  if (ref && ref.servicePointId !== record.servicePointId) {
    throw new ValidationFailed({ 'json.slotId': 'a slot at the same service point' });
  }
  const candidates = await inFairOrder(
    deps,
    (
      await openCandidates(deps, catalogue, {
        slotId,
        serviceId: record.serviceId,
        mode: record.mode,
      })
    ).filter((s) => slotKeyOf(s) !== record.slotKey),
  );
  const previous = claimFor({
    ...parseSlotId(record.slotKey)!,
    start: new Date(record.start),
    end: new Date(record.end),
    providerId: record.providerId,
    servicePointId: record.servicePointId,
    serviceId: record.serviceId,
    capacity: 0,
    modes: [],
    remaining: 0,
  });
  const updatedAt = toBusinessIso(now);
  for (const slot of candidates) {
    const remindAt = remindAtFor(catalogue, slot.start, now);
    const outcome = await deps.bookings.reschedule(
      record,
      {
        claim: claimFor(slot),
        providerId: slot.providerId,
        start: slot.start.toISOString(),
        end: slot.end.toISOString(),
        updatedAt,
        ...(remindAt ? { remindAt } : {}),
      },
      { ...previous, slotKey: record.slotKey },
    );
    if (outcome === 'changed') throw new BookingNotChangeable();
    if (outcome === 'ok') {
      const moved: BookingRecord = {
        ...record,
        providerId: slot.providerId,
        slotKey: slotKeyOf(slot),
        start: slot.start.toISOString(),
        end: slot.end.toISOString(),
        updatedAt,
      };
      const view = bookingView(moved, catalogue);
      await notify(
        deps,
        moved,
        'booking-rescheduled',
        `【${deps.cityName}】您的预约 ${view.reference} 已改到 ${view.start.slice(0, 16).replace('T', ' ')}，${view.servicePointName}，${view.providerName}。`,
      );
      return view;
    }
  }
  throw new SlotFull();
}

// ---------------------------------------------------------------------------------------------
// Reminders: a table-driven scheduler. Each booking's due reminder is an item written in the same
// transaction as the booking (moved on reschedule, deleted on cancel); a scheduled run (every few
// minutes) sends what is due. Nothing waits in a process that must stay up.

/** Sends every reminder due by now; returns how many were sent. Safe to run concurrently. */
export async function sendDueReminders(deps: BookingDeps): Promise<number> {
  const now = deps.clock.now();
  const catalogue = await deps.catalogue();
  let sent = 0;
  for (const reminder of await deps.bookings.dueReminders(now)) {
    if (!(await deps.bookings.claimReminder(reminder))) continue;
    const record = await deps.bookings.get(reminder.reference);
    // Cancelled, attended or already started: nothing to remind.
    if (record?.status !== 'confirmed' || new Date(record.start) <= now) continue;
    // A reminder left over from before a reschedule: the booking has its own.
    if (record.remindAt !== reminder.remindAt) continue;
    const view = bookingView(record, catalogue);
    try {
      const to = await deps.codec.open('mobile', record.mobileSealed, record.reference);
      await deps.notifier.send({
        channel: 'sms',
        to,
        purpose: 'booking-reminder',
        text: `【${deps.cityName}】提醒：您预约的${view.serviceName}在 ${view.start.slice(0, 16).replace('T', ' ')}，${view.servicePointName}，${view.providerName}。编号 ${view.reference}。`,
      });
      sent++;
      // The next lead (e.g. two hours before, after the day-before one), if still ahead.
      const next = remindAtFor(catalogue, new Date(record.start), now, reminder.remindAt);
      if (next) await deps.bookings.scheduleNextReminder(record.reference, reminder.remindAt, next);
    } catch (error) {
      deps.reportError?.('booking-reminder SMS not sent', error);
      await deps.bookings.restoreReminder(reminder);
    }
  }
  return sent;
}

// ---------------------------------------------------------------------------------------------
// Lost codes: the same one-time-code recovery as party contacts, over the booking's mobile.

/** Contact-shaped view of bookings, so `requestRecovery`/`verifyRecovery` serve them as they are. */
export function bookingRecoveryDeps(
  deps: BookingDeps,
  more: { attempts: AttemptStore; otps: RecoveryOtpStore; audit(entry: AuditEntry): Promise<void> },
): ContactDeps {
  const unsupported = () => Promise.reject(new Error('not a contact'));
  return {
    ...deps,
    ...more,
    contacts: {
      async get(reference) {
        const record = await deps.bookings.get(reference);
        return (
          record && {
            reference: record.reference,
            partyId: BOOKING_PARTY,
            regionId: record.servicePointId,
            name: record.applicantName,
            mobileSealed: record.mobileSealed,
            mobileMasked: record.mobileMasked,
            codeVersion: record.codeVersion,
            createdAt: record.createdAt,
            createdBy: record.createdBy,
          }
        );
      },
      audit: more.audit,
      create: unsupported,
      findByMobile: unsupported,
      bumpCodeVersion: unsupported,
      listAudit: unsupported,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Signed calendar links (a link cannot send X-Tracking-Code)

async function calendarSignature(
  deps: Pick<BookingDeps, 'codec'>,
  reference: string,
  expires: number,
) {
  const mac = await deps.codec.mac('calendar-link', `${normalizeReference(reference)}\n${expires}`);
  return Buffer.from(mac).subarray(0, 18).toString('base64url');
}

export async function calendarUrl(
  deps: Pick<BookingDeps, 'codec' | 'clock'>,
  reference: string,
): Promise<string> {
  const expires = Math.floor(deps.clock.now().getTime() / 1000) + CALENDAR_LINK_SECONDS;
  const sig = await calendarSignature(deps, reference, expires);
  return `/api/bookings/${reference}/calendar.ics?expires=${expires}&sig=${sig}`;
}

/** Whether a calendar link's signature is right and unexpired. */
export async function calendarLinkValid(
  deps: Pick<BookingDeps, 'codec' | 'clock'>,
  reference: string,
  expires: number,
  sig: string,
): Promise<boolean> {
  if (!Number.isSafeInteger(expires) || expires < deps.clock.now().getTime() / 1000) return false;
  const expected = Buffer.from(await calendarSignature(deps, reference, expires));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

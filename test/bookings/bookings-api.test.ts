// Bookings over HTTP: slots, 200 concurrent bookings on a slot of capacity 3, idempotent replays, residents' cancel and reschedule, the calendar file.
import { execFileSync } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoBookingStore } from '../../functions/adapters/dynamo/booking-store.ts';
import { dynamoCityStore } from '../../functions/adapters/dynamo/city-store.ts';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import { identityFromEnvironment } from '../../functions/api/identity-environment.ts';
import { sendDueReminders } from '../../functions/use-cases/bookings.ts';
import { type Api, apiFor, idempotencyKey } from '../identity/helpers.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let api: Api;
const POINT = 'wz-litong-center';
const SERVICE = 'legal_consultation';
const LAWYER = 'wz-wang-lixin';

interface SlotView {
  slotId: string;
  start: string;
  end: string;
  providerId: string | null;
  capacity: number;
  remaining: number;
  modes: string[];
}

const doc = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));

beforeAll(async () => {
  server = await startTestServer();
  api = apiFor(server);
  // An admin's run-time edit: consultations in groups of 3, before the app first reads the config.
  await doc().send(
    new UpdateCommand({
      TableName: server.tableName,
      Key: { pk: 'CITY#wuzhong', sk: `SERVICE#${SERVICE}` },
      UpdateExpression: 'SET #capacity = :three',
      ExpressionAttributeNames: { '#capacity': 'capacity' },
      ExpressionAttributeValues: { ':three': 3 },
    }),
  );
});
afterAll(async () => {
  await server?.close();
});

async function slots(query: string): Promise<SlotView[]> {
  const res = await api(`/api/slots?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { slots: SlotView[] }).slots;
}
const lawyerSlots = () =>
  slots(`servicePointId=${POINT}&serviceId=${SERVICE}&providerId=${LAWYER}`);

let phones = 0;
function book(slotId: string, key = idempotencyKey(), extra: Record<string, unknown> = {}) {
  return api('/api/bookings', {
    method: 'POST',
    headers: { 'Idempotency-Key': key },
    body: JSON.stringify({
      slotId,
      serviceId: SERVICE,
      mode: 'in_person',
      applicant: {
        name: '阿依古丽·买买提',
        phone: `+86 139-9511-${String(phones++ % 10000).padStart(4, '0')}`,
      },
      ...extra,
    }),
  });
}

describe('catalogue', () => {
  it('lists service points, providers with next availability, and slots', async () => {
    const points = (
      await (await api(`/api/service-points?serviceId=${SERVICE}&level=county`)).json()
    ).servicePoints as { id: string; phone: string }[];
    expect(points.map((p) => p.id)).toContain(POINT);
    const providers = (
      await (await api(`/api/providers?servicePointId=${POINT}&serviceId=${SERVICE}`)).json()
    ).providers as { id: string; nextAvailable: string | null }[];
    const lawyer = providers.find((p) => p.id === LAWYER)!;
    expect(lawyer.nextAvailable).toMatch(/\+08:00$/);
    expect(JSON.stringify(providers)).not.toMatch(/1[3-9]\d{9}/);
    const mine = await lawyerSlots();
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ providerId: LAWYER, capacity: 3, remaining: 3 });
    expect(mine[0]!.modes).toEqual(['in_person', 'phone', 'video']);
    expect(mine[0]!.start).toBe(lawyer.nextAvailable);
    // Lawyer's shifts here are afternoons 14:30–18:00 business time, 30-minute slots.
    for (const s of mine) expect(s.start.slice(11)).toMatch(/^(1[4-7]):(00|30):00\+08:00$/);
    const any = await slots(`servicePointId=${POINT}&serviceId=${SERVICE}`);
    expect(any.every((s) => s.providerId === null && s.slotId.endsWith('.any'))).toBe(true);
  });

  it('refuses windows over 60 days and unknown ids with field details', async () => {
    const res = await api(
      `/api/slots?servicePointId=${POINT}&serviceId=${SERVICE}&from=2026-12-01T00:00:00%2B08:00&to=2027-03-01T00:00:00%2B08:00`,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.details).toHaveProperty(['query.to']);
    const unknown = await api(`/api/slots?servicePointId=nowhere&serviceId=${SERVICE}`);
    expect((await unknown.json()).error.details).toHaveProperty(['query.servicePointId']);
  });
});

describe('booking under load', () => {
  it('200 concurrent bookings on a slot of capacity 3: exactly 3 × 201, 197 × 409 SLOT_FULL', async () => {
    const [slot] = await lawyerSlots();
    const responses = await Promise.all(
      Array.from({ length: 200 }, () =>
        book(slot!.slotId).then(async (r) => ({ status: r.status, body: await r.json() })),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(197);
    expect(
      responses.filter((r) => r.status === 409).every((r) => r.body.error.code === 'SLOT_FULL'),
    ).toBe(true);
    const after = await slots(
      `servicePointId=${POINT}&serviceId=${SERVICE}&providerId=${LAWYER}&from=${encodeURIComponent(slot!.start)}&to=${encodeURIComponent(slot!.end)}`,
    );
    expect(after.find((s) => s.slotId === slot!.slotId)).toMatchObject({
      capacity: 3,
      remaining: 0,
    });
  }, 60_000);

  it('the same Idempotency-Key 10 times at once: one booking, identical responses', async () => {
    const [, slot] = await lawyerSlots();
    const key = idempotencyKey();
    phones = 500;
    const results = await Promise.all(
      Array.from({ length: 10 }, async () => {
        phones = 500;
        const res = await book(slot!.slotId, key);
        return { status: res.status, text: await res.text() };
      }),
    );
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    const body = JSON.parse(results[0]!.text);
    expect(body.trackingCode).toMatch(/^[2-9A-Z]{8}$/);
    const [again] = (await lawyerSlots()).filter((s) => s.slotId === slot!.slotId);
    expect(again!.remaining).toBe(2);
    // The replay record holds the response without the code, which is never stored.
    const stored = await doc().send(
      new GetCommand({
        TableName: server.tableName,
        Key: { pk: `IDEM#POST /api/bookings#${key}`, sk: 'IDEM' },
      }),
    );
    expect(JSON.stringify(stored.Item)).toContain(body.reference);
    expect(JSON.stringify(stored.Item)).not.toContain(body.trackingCode);
  }, 30_000);
});

describe('a resident’s booking', () => {
  it('is read, rescheduled, downloaded as .ics and cancelled with the tracking code', async () => {
    const list = await lawyerSlots();
    const first = list[3]!;
    const second = list[4]!;
    const res = await book(first.slotId);
    expect(res.status).toBe(201);
    const created = await res.json();
    const { reference, trackingCode } = created;
    expect(created.booking.applicant.phone).toMatch(/^139\*{4}\d{4}$/);
    expect(JSON.stringify(created)).not.toMatch(/1399511\d{4}/);

    expect((await api(`/api/bookings/${reference}`)).status).toBe(404);
    const read = await api(`/api/bookings/${reference}`, { code: trackingCode });
    expect(read.status).toBe(200);
    expect((await read.json()).start).toBe(first.start);

    const moved = await api(`/api/bookings/${reference}/reschedule`, {
      method: 'POST',
      code: trackingCode,
      body: JSON.stringify({ slotId: second.slotId }),
    });
    expect(moved.status).toBe(200);
    expect((await moved.json()).start).toBe(second.start);
    const now = await lawyerSlots();
    expect(now.find((s) => s.slotId === first.slotId)!.remaining).toBe(3);
    expect(now.find((s) => s.slotId === second.slotId)!.remaining).toBe(2);

    const ics = await fetch(`${server.url}${created.calendarUrl}`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    const parsed = parseIcs(await ics.text());
    expect(parsed.start).toBe(new Date(second.start).toISOString());
    expect(parsed.end).toBe(new Date(second.end).toISOString());
    expect(
      (
        await fetch(
          `${server.url}${created.calendarUrl.replace(/expires=(\d+)/, (_: string, e: string) => `expires=${Number(e) + 1}`)}`,
        )
      ).status,
    ).toBe(404);

    const cancel = (reason: string) =>
      api(`/api/bookings/${reference}/cancel`, {
        method: 'POST',
        code: trackingCode,
        body: JSON.stringify({ reason }),
      });
    const cancelled = await cancel('临时有事');
    expect(cancelled.status).toBe(200);
    expect((await cancelled.json()).status).toBe('cancelled');
    const twice = await cancel('再次取消');
    expect(twice.status).toBe(409);
    expect((await twice.json()).error.code).toBe('BOOKING_NOT_CHANGEABLE');
    expect((await lawyerSlots()).find((s) => s.slotId === second.slotId)!.remaining).toBe(3);
    const late = await api(`/api/bookings/${reference}/reschedule`, {
      method: 'POST',
      code: trackingCode,
      body: JSON.stringify({ slotId: first.slotId }),
    });
    expect((await late.json()).error.code).toBe('BOOKING_NOT_CHANGEABLE');
    const outbox = (await (await api('/api/dev/outbox')).json()).items as {
      purpose: string;
      text: string;
    }[];
    const mine = outbox.filter((m) => m.text.includes(reference)).map((m) => m.purpose);
    expect(mine).toEqual(
      expect.arrayContaining(['booking-confirmation', 'booking-rescheduled', 'booking-cancelled']),
    );
  });

  it('refuses a slot inside the lead time, a provider not on the slot, and a bad phone', async () => {
    const [slot] = await lawyerSlots();
    const wrongProvider = await book(slot!.slotId, idempotencyKey(), { providerId: 'wz-li-jing' });
    expect(wrongProvider.status).toBe(400);
    expect((await wrongProvider.json()).error.details).toHaveProperty(['json.providerId']);
    const soon = new Date(Date.now() + 30 * 60_000);
    const stamp = new Date(soon.getTime() + 8 * 3_600_000).toISOString();
    const id = `${POINT}.${SERVICE}.${stamp.slice(0, 4)}${stamp.slice(5, 7)}${stamp.slice(8, 10)}T${stamp.slice(11, 13)}00.${LAWYER}`;
    const inLead = await book(id);
    expect(inLead.status).toBe(400);
    expect((await inLead.json()).error.details).toHaveProperty(['json.slotId']);
    const badPhone = await api('/api/bookings', {
      method: 'POST',
      headers: { 'Idempotency-Key': idempotencyKey() },
      body: JSON.stringify({
        slotId: slot!.slotId,
        serviceId: SERVICE,
        mode: 'in_person',
        applicant: { name: '马', phone: '12345' },
      }),
    });
    expect((await badPhone.json()).error.details).toHaveProperty(['json.applicant.phone']);
  });
});

describe('a lost code', () => {
  it('comes back through a one-time code sent to the booking’s phone', async () => {
    const list = await lawyerSlots();
    const created = await (await book(list[8]!.slotId)).json();
    const sent = await api(`/api/bookings/${created.reference}/code-recovery`, { method: 'POST' });
    expect(sent.status).toBe(202);
    const outbox = (await (await api('/api/dev/outbox')).json()).items as {
      purpose: string;
      text: string;
    }[];
    const otp = /验证码 (\d{6})/.exec(outbox.find((m) => m.purpose === 'recovery-otp')!.text)![1]!;
    const wrong = await api(`/api/bookings/${created.reference}/code-recovery/verify`, {
      method: 'POST',
      body: JSON.stringify({ otp: otp === '000000' ? '111111' : '000000' }),
    });
    expect(wrong.status).toBe(404);
    const right = await api(`/api/bookings/${created.reference}/code-recovery/verify`, {
      method: 'POST',
      body: JSON.stringify({ otp }),
    });
    expect(right.status).toBe(200);
    expect(await right.json()).toEqual({
      reference: created.reference,
      trackingCode: created.trackingCode,
    });
  });
});

describe('staff side', () => {
  it('books for a walk-in resident, lists the provider’s day, marks attendance and a note', async () => {
    const room = 'wz-litong-gjq-gjqc-room';
    const provider = 'wz-ma-yongfu';
    const open = await slots(
      `servicePointId=${room}&serviceId=mediation_request&providerId=${provider}`,
    );
    const res = await api('/api/staff/bookings', {
      method: 'POST',
      as: 'demo-mediator-gjqc',
      headers: { 'Idempotency-Key': idempotencyKey() },
      body: JSON.stringify({
        slotId: open[0]!.slotId,
        serviceId: 'mediation_request',
        mode: 'in_person',
        applicant: { name: '马秀英', phone: '13995110001' },
      }),
    });
    expect(res.status).toBe(201);
    const { reference, trackingCode, booking } = await res.json();
    expect(trackingCode).toMatch(/^[2-9A-Z]{8}$/);
    const date = booking.start.slice(0, 10);
    const day = await api(`/api/staff/providers/${provider}/bookings?date=${date}`, {
      as: 'demo-mediator-gjqc',
    });
    const listed = (await day.json()).bookings as {
      reference: string;
      applicant: { phone: string };
    }[];
    expect(listed.find((b) => b.reference === reference)!.applicant.phone).toBe('139****0001');
    // Another village's mediator sees nothing of it.
    const other = await api(`/api/staff/providers/${provider}/bookings?date=${date}`, {
      as: 'demo-mediator-zyc',
    });
    expect((await other.json()).bookings).toEqual([]);
    const marked = await api(`/api/staff/bookings/${reference}/attendance`, {
      method: 'POST',
      as: 'demo-mediator-gjqc',
      body: JSON.stringify({ status: 'completed', note: '已解答，建议申请调解' }),
    });
    expect(marked.status).toBe(200);
    expect((await marked.json()).status).toBe('completed');
    const note = await api(`/api/staff/bookings/${reference}/note`, {
      method: 'POST',
      as: 'demo-mediator-gjqc',
      body: JSON.stringify({ note: '双方同意下周面谈' }),
    });
    expect(note.status).toBe(200);
    const late = await api(`/api/bookings/${reference}/cancel`, {
      method: 'POST',
      code: trackingCode,
      body: JSON.stringify({ reason: '已完成' }),
    });
    expect((await late.json()).error.code).toBe('BOOKING_NOT_CHANGEABLE');
  });
});

describe('reminders (table-driven scheduler)', () => {
  it('sends each lead’s reminder once when due, none for a cancelled booking', async () => {
    // Slots more than a day ahead, so the 24-hour lead is still to come whatever the time now
    // (on a Sunday evening the first ones open on Monday morning, under a day away).
    const list = (await lawyerSlots()).filter(
      (s) => new Date(s.start).getTime() > Date.now() + 26 * 3_600_000,
    );
    const kept = await (await book(list[6]!.slotId)).json();
    const dropped = await (await book(list[7]!.slotId)).json();
    await api(`/api/bookings/${dropped.reference}/cancel`, {
      method: 'POST',
      code: dropped.trackingCode,
      body: JSON.stringify({ reason: '不需要了' }),
    });
    const table = createTable(server.tableName);
    // A scheduled run as it happens 25 hours before the appointment (lead hours 24 and 2).
    const at = new Date(new Date(kept.booking.start).getTime() - 23.5 * 3_600_000);
    const clock = { now: () => at };
    const identity = identityFromEnvironment({ cityId: 'wuzhong', table, clock });
    const cities = dynamoCityStore(table);
    const deps = {
      catalogue: async () => ({
        city: (await cities.readCity('wuzhong'))!,
        roster: await cities.readRoster('wuzhong'),
      }),
      bookings: dynamoBookingStore(table),
      codec: identity.codec!,
      notifier: identity.notifier,
      clock,
      cityName: '吴忠市',
    };
    const [first, second] = await Promise.all([sendDueReminders(deps), sendDueReminders(deps)]);
    expect(first + second).toBeGreaterThanOrEqual(1);
    expect(await sendDueReminders(deps)).toBe(0);
    const outbox = (await (await api('/api/dev/outbox')).json()).items as {
      purpose: string;
      text: string;
    }[];
    const reminders = outbox.filter((m) => m.purpose === 'booking-reminder');
    expect(reminders.filter((m) => m.text.includes(kept.reference))).toHaveLength(1);
    expect(reminders.filter((m) => m.text.includes(dropped.reference))).toHaveLength(0);
    // The second lead (2 hours before) was scheduled when the first went out.
    const later = new Date(new Date(kept.booking.start).getTime() - 1.5 * 3_600_000);
    await sendDueReminders({ ...deps, clock: { now: () => later } });
    const after = (await (await api('/api/dev/outbox')).json()).items as {
      purpose: string;
      text: string;
    }[];
    expect(
      after.filter((m) => m.purpose === 'booking-reminder' && m.text.includes(kept.reference)),
    ).toHaveLength(2);
  });
});

/** DTSTART and DTEND as a real iCalendar parser reads them (python3-icalendar). */
function parseIcs(text: string): { start: string; end: string } {
  // Debian's interpreter, where apt installed the parser (another python3 may come first on PATH).
  const out = execFileSync(
    '/usr/bin/python3',
    [
      '-c',
      'import sys,icalendar;c=icalendar.Calendar.from_ical(sys.stdin.read());e=[x for x in c.walk("VEVENT")][0];import datetime;f=lambda d:d.dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z");print(f(e["DTSTART"]));print(f(e["DTEND"]))',
    ],
    { input: text, encoding: 'utf8' },
  );
  const [start, end] = out.trim().split('\n');
  return { start: start!, end: end! };
}

// The agency's setup, roster and staff accounts on the real server: edits apply to the next query, under If-Match, validated as the config is, audited, within the admin's region.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiFor, idempotencyKey } from '../identity/helpers.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let api: Api;
const ADMIN = 'demo-agency-admin';
const POINT = 'wz-litong-center';
const LAWYER = 'wz-wang-lixin';

beforeAll(async () => {
  server = await startTestServer('wuzhong');
  api = apiFor(server);
});
afterAll(async () => {
  await server?.close();
});

type Json = Record<string, unknown>;
interface Setup extends Json {
  version: number;
  servicePoints: (Json & {
    id: string;
    hours: { weekday: number; open: string; close: string }[];
  })[];
  regions: (Json & { id: string; parentId: string | null })[];
  retentionDays: number;
}
interface Member extends Json {
  id: string;
  leave?: { from: string; to: string; reason?: string }[];
}

async function setup(as = ADMIN): Promise<{ etag: string | null; body: Setup }> {
  const res = await api('/api/admin/setup', { as });
  expect(res.status).toBe(200);
  return { etag: res.headers.get('ETag'), body: (await res.json()) as Setup };
}

const put = (path: string, body: unknown, version: number | string | undefined, as = ADMIN) =>
  api(path, {
    method: 'PUT',
    as,
    headers: version === undefined ? {} : { 'If-Match': `"${version}"` },
    body: JSON.stringify(body),
  });

async function slots(query: string): Promise<{ start: string; end: string; providerId: string }[]> {
  const to = new Date(Date.now() + 28 * 86_400_000).toISOString();
  const res = await api(`/api/slots?${query}&to=${encodeURIComponent(to)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { slots: { start: string; end: string; providerId: string }[] })
    .slots;
}

/** The wall-clock time of a business-time ISO string (`2026-05-11T15:30:00+08:00` → `15:30`). */
const clock = (iso: string) => iso.slice(11, 16);

describe('service point hours', () => {
  it('follow in the next slot query: the afternoons close at 16:00, no slot ends later', async () => {
    const before = await slots(
      `servicePointId=${POINT}&serviceId=legal_consultation&providerId=${LAWYER}`,
    );
    expect(before.some((s) => clock(s.end) > '16:00')).toBe(true);

    const { etag, body } = await setup();
    expect(etag).toBe(`"${body.version}"`);
    const point = body.servicePoints.find((p) => p.id === POINT)!;
    const hours = point.hours.map((h) => (h.open === '14:30' ? { ...h, close: '16:00' } : h));
    const res = await put(
      `/api/admin/setup/service-points/${POINT}`,
      { ...point, hours },
      body.version,
    );
    expect(res.status).toBe(200);
    const written = await res.json();
    expect(written.version).toBe(body.version + 1);
    expect(res.headers.get('ETag')).toBe(`"${body.version + 1}"`);
    expect(written.servicePoint.hours).toEqual(hours);
    // The members whose 14:30–18:00 shifts now run past closing are named, not refused.
    expect(written.warnings.map((w: { path: string }) => w.path)).toContain(
      'roster.wz-wang-lixin.shifts.0',
    );

    const after = await slots(
      `servicePointId=${POINT}&serviceId=legal_consultation&providerId=${LAWYER}`,
    );
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((s) => clock(s.end) > '16:00')).toEqual([]);
    expect((await setup()).body.servicePoints.find((p) => p.id === POINT)!.hours).toEqual(hours);
  });

  it('is audited with the point before and after', async () => {
    const res = await api(
      `/api/admin/audit?target=${encodeURIComponent(`service_point:${POINT}`)}`,
      {
        as: ADMIN,
      },
    );
    expect(res.status).toBe(200);
    const { entries } = await res.json();
    const entry = entries[0];
    expect(entry.action).toBe('setup.service-points.put');
    expect(entry.actor.subject).toBe(ADMIN);
    expect(
      entry.before.servicePoint.hours.some((h: { close: string }) => h.close === '18:00'),
    ).toBe(true);
    expect(entry.after.servicePoint.hours.some((h: { close: string }) => h.close === '18:00')).toBe(
      false,
    );
    expect(entry.after.version).toBe(entry.before.version + 1);
  });

  it('refuses a stale or missing If-Match with 412 and writes nothing', async () => {
    const { body } = await setup();
    const point = body.servicePoints.find((p) => p.id === POINT)!;
    const changed = { ...point, name: '改过的名字' };
    const stale = await put(`/api/admin/setup/service-points/${POINT}`, changed, body.version - 1);
    expect(stale.status).toBe(412);
    expect((await stale.json()).error.code).toBe('PRECONDITION_FAILED');
    const missing = await put(`/api/admin/setup/service-points/${POINT}`, changed, undefined);
    expect(missing.status).toBe(412);
    const now = await setup();
    expect(now.body.version).toBe(body.version);
    expect(now.body.servicePoints.find((p) => p.id === POINT)!.name).toBe(point.name);
  });

  it('refuses an invalid point or part with 400 and field details, writing nothing', async () => {
    const { body } = await setup();
    const point = body.servicePoints.find((p) => p.id === POINT)!;
    const path = `/api/admin/setup/service-points/${POINT}`;
    const cases: [unknown, string][] = [
      // The schema's own checks…
      [
        { ...point, hours: [{ weekday: 8, open: '09:00', close: '12:00' }] },
        'json.hours.0.weekday',
      ],
      [{ ...point, surprise: true }, 'json'],
      // …and those across the config.
      [{ ...point, regionId: 'wz-nowhere' }, 'json.regionId'],
      [{ ...point, services: ['legal_consultation', 'no-such-service'] }, 'json.services.1'],
      [{ ...point, hours: [{ weekday: 1, open: '12:00', close: '09:00' }] }, 'json.hours.0.close'],
      [
        { ...point, rooms: [{ id: 'gjqc-tiaojie', name: '重名', nameEn: 'Same id' }] },
        'servicePoints[].rooms',
      ],
    ];
    for (const [invalid, field] of cases) {
      const res = await put(path, invalid, body.version);
      expect(res.status, field).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(
        Object.keys(error.details).some((key) => key.startsWith(field)),
        JSON.stringify(error.details),
      ).toBe(true);
    }
    // A regions tree with a second root; a service dropped that points still offer.
    const roots = await put(
      '/api/admin/setup/regions',
      body.regions.map((r) => (r.id === 'wz-qtx' ? { ...r, parentId: null } : r)),
      body.version,
    );
    expect(roots.status).toBe(400);
    expect(Object.keys((await roots.json()).error.details)).toContain(
      `json.${body.regions.findIndex((r) => r.id === 'wz-qtx')}.parentId`,
    );
    const policy = await put('/api/admin/setup/policy', { retentionDays: 0 }, body.version);
    expect(policy.status).toBe(400);
    const after = await setup();
    expect(after.body).toEqual(body);
  });

  it('replaces a whole part: the holiday calendar closes a day for bookings', async () => {
    const { body } = await setup();
    const open = await slots(`servicePointId=${POINT}&serviceId=legal_consultation`);
    const date = open[0]!.start.slice(0, 10);
    const calendar = body.calendar as { holidays: Json[]; makeupWorkdays: Json[] };
    const res = await put(
      '/api/admin/setup/calendar',
      {
        ...calendar,
        holidays: [...calendar.holidays, { date, name: '测试假日', nameEn: 'Test holiday' }],
      },
      body.version,
    );
    expect(res.status).toBe(200);
    const after = await slots(`servicePointId=${POINT}&serviceId=legal_consultation`);
    expect(after.filter((s) => s.start.startsWith(date))).toEqual([]);
    expect(after.length).toBeGreaterThan(0);
  });
});

describe('roster', () => {
  it('puts a member on leave: their slots are gone from the next query', async () => {
    expect(
      (await slots(`servicePointId=${POINT}&serviceId=legal_consultation&providerId=${LAWYER}`))
        .length,
    ).toBeGreaterThan(0);
    const res = await api('/api/admin/roster', { as: ADMIN });
    expect(res.status).toBe(200);
    const { version, members } = (await res.json()) as { version: number; members: Member[] };
    expect(res.headers.get('ETag')).toBe(`"${version}"`);
    const lawyer = members.find((m) => m.id === LAWYER)!;
    const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const leave = [{ from, to, reason: '年假' }];
    const written = await put(`/api/admin/roster/${LAWYER}`, { ...lawyer, leave }, version);
    expect(written.status).toBe(200);
    expect((await written.json()).member.leave).toEqual(leave);
    expect(
      await slots(`servicePointId=${POINT}&serviceId=legal_consultation&providerId=${LAWYER}`),
    ).toEqual([]);
    // Others at the point still take bookings.
    expect(
      (await slots(`servicePointId=${POINT}&serviceId=legal_consultation`)).length,
    ).toBeGreaterThan(0);
  });

  it('refuses a member whose point is unknown or whose shift lies outside the hours', async () => {
    const { version, members } = (await (await api('/api/admin/roster', { as: ADMIN })).json()) as {
      version: number;
      members: Member[];
    };
    const member = members.find((m) => m.id === 'wz-zhang-wenbo')!;
    const unknown = await put(
      '/api/admin/roster/wz-zhang-wenbo',
      { ...member, servicePoints: [...(member.servicePoints as string[]), 'wz-no-point'] },
      version,
    );
    expect(unknown.status).toBe(400);
    expect(Object.keys((await unknown.json()).error.details)).toContain('json.servicePoints.1');
    const late = await put(
      '/api/admin/roster/wz-zhang-wenbo',
      { ...member, shifts: [{ weekday: 7, start: '09:00', end: '12:00', servicePointId: POINT }] },
      version,
    );
    expect(late.status).toBe(400);
    expect(Object.keys((await late.json()).error.details)).toContain('json.shifts.0');
  });
});

describe('staff accounts', () => {
  const create = (body: Json, as = ADMIN) =>
    api('/api/admin/staff-accounts', {
      method: 'POST',
      as,
      headers: { 'Idempotency-Key': idempotencyKey() },
      body: JSON.stringify(body),
    });

  it('creates an account by sub (the external and local issuer): its token reaches /api/staff/me', async () => {
    const res = await create({
      name: '新调解员',
      roles: ['mediator'],
      regionId: 'wz-litong-gjq',
      rosterMemberId: 'wz-ma-jianguo',
      subject: 'setup-new-mediator',
    });
    expect(res.status).toBe(201);
    const { account } = await res.json();
    expect(account).toMatchObject({
      issuer: server.identity.issuer,
      subject: 'setup-new-mediator',
      enabled: true,
    });
    const me = await api('/api/staff/me', { as: 'setup-new-mediator' });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      name: '新调解员',
      roles: ['mediator'],
      rosterMemberId: 'wz-ma-jianguo',
    });
    // The local issuer (the stand-in for the agency's) signs it in like a demo account.
    const issued = await fetch(`${server.url}/dev/oidc/dev-token`, {
      method: 'POST',
      body: new URLSearchParams({ subject: 'setup-new-mediator' }),
    });
    expect(issued.status).toBe(200);
    const { id_token } = (await issued.json()) as { id_token: string };
    const signedIn = await fetch(`${server.url}/api/staff/me`, {
      headers: { Authorization: `Bearer ${id_token}` },
    });
    expect(signedIn.status).toBe(200);
    const login = await (await fetch(`${server.url}/dev/oidc/authorize`)).text();
    expect(login).toContain('setup-new-mediator');
    const list = await (await api('/api/admin/staff-accounts', { as: ADMIN })).json();
    // The page asks for a `sub`, not an e-mail: this issuer is not Cognito.
    expect(list.signInBy).toBe('subject');
    expect(list.accounts.map((a: { subject: string }) => a.subject)).toEqual(
      expect.arrayContaining(['setup-new-mediator', 'demo-judge']),
    );
    // A second account for the same sub is refused.
    const again = await create({
      name: '重复',
      roles: ['agency_admin'],
      regionId: 'wz',
      subject: 'setup-new-mediator',
    });
    expect(again.status).toBe(400);
  });

  it('refuses at once a disabled account, and lets it in again when enabled', async () => {
    const disable = await api('/api/admin/staff-accounts/setup-new-mediator/disable', {
      method: 'POST',
      as: ADMIN,
    });
    expect(disable.status).toBe(200);
    expect((await disable.json()).account.enabled).toBe(false);
    const refused = await api('/api/staff/me', { as: 'setup-new-mediator' });
    // Tokens authenticate, the table authorizes: a disabled account is refused like an unknown one.
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('UNAUTHORIZED');
    const enable = await api('/api/admin/staff-accounts/setup-new-mediator/enable', {
      method: 'POST',
      as: ADMIN,
    });
    expect(enable.status).toBe(200);
    expect((await api('/api/staff/me', { as: 'setup-new-mediator' })).status).toBe(200);
    const audit = await (
      await api(
        `/api/admin/audit?target=${encodeURIComponent('staff_account:setup-new-mediator')}`,
        { as: ADMIN },
      )
    ).json();
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual([
      'staff-accounts.enable',
      'staff-accounts.disable',
      'staff-accounts',
    ]);
    expect(audit.entries[1].before).toEqual({ enabled: true });
    expect(audit.entries[1].after).toEqual({ enabled: false });
  });

  it('refuses bodies that do not fit the issuer or the roster', async () => {
    const missing = await create({ name: '缺主体', roles: ['agency_admin'], regionId: 'wz' });
    expect(missing.status).toBe(400);
    expect(Object.keys((await missing.json()).error.details)).toContain('json.subject');
    const noMember = await create({
      name: '缺成员',
      roles: ['judge'],
      regionId: 'wz-litong',
      subject: 'x-1',
    });
    expect(Object.keys((await noMember.json()).error.details)).toContain('json.rosterMemberId');
    const self = await api(`/api/admin/staff-accounts/${ADMIN}/disable`, {
      method: 'POST',
      as: ADMIN,
    });
    expect(self.status).toBe(400);
    expect(
      (await api('/api/admin/staff-accounts/nobody/disable', { method: 'POST', as: ADMIN })).status,
    ).toBe(404);
  });
});

describe('an admin of one county', () => {
  const COUNTY_ADMIN = 'setup-litong-admin';
  beforeAll(async () => {
    const res = await api('/api/admin/staff-accounts', {
      method: 'POST',
      as: ADMIN,
      headers: { 'Idempotency-Key': idempotencyKey() },
      body: JSON.stringify({
        name: '利通区管理员',
        roles: ['agency_admin'],
        regionId: 'wz-litong',
        subject: COUNTY_ADMIN,
      }),
    });
    expect(res.status).toBe(201);
  });

  it('edits a point of that county, but none outside it and no city-wide part', async () => {
    const { body } = await setup(COUNTY_ADMIN);
    const own = body.servicePoints.find((p) => p.id === 'wz-litong-jj-station')!;
    const other = body.servicePoints.find((p) => p.id === 'wz-qtx-center')!;
    const outside = await put(
      '/api/admin/setup/service-points/wz-qtx-center',
      { ...other, name: '越权' },
      body.version,
      COUNTY_ADMIN,
    );
    expect(outside.status).toBe(403);
    // Nor move its own point into the other county.
    const moved = await put(
      '/api/admin/setup/service-points/wz-litong-jj-station',
      { ...own, regionId: 'wz-qtx-ys' },
      body.version,
      COUNTY_ADMIN,
    );
    expect(moved.status).toBe(403);
    const policy = await put(
      '/api/admin/setup/policy',
      { sla: body.sla, reminders: body.reminders, bookings: body.bookings, retentionDays: 365 },
      body.version,
      COUNTY_ADMIN,
    );
    expect(policy.status).toBe(403);
    const mine = await put(
      '/api/admin/setup/service-points/wz-litong-jj-station',
      { ...own, phone: '0953-2012349' },
      body.version,
      COUNTY_ADMIN,
    );
    expect(mine.status).toBe(200);
  });

  it('lists and manages only the roster and accounts of that county', async () => {
    const roster = await (await api('/api/admin/roster', { as: COUNTY_ADMIN })).json();
    const regions = new Set(
      roster.members.map((m: { regionId: string }) => m.regionId.split('-').slice(0, 2).join('-')),
    );
    expect([...regions]).toEqual(['wz-litong']);
    const accounts = await (await api('/api/admin/staff-accounts', { as: COUNTY_ADMIN })).json();
    expect(accounts.accounts.map((a: { subject: string }) => a.subject)).not.toContain(ADMIN);
    const outside = await api('/api/admin/staff-accounts', {
      method: 'POST',
      as: COUNTY_ADMIN,
      headers: { 'Idempotency-Key': idempotencyKey() },
      body: JSON.stringify({
        name: '越权',
        roles: ['agency_admin'],
        regionId: 'wz',
        subject: 'setup-escalated',
      }),
    });
    expect(outside.status).toBe(403);
    const disable = await api(`/api/admin/staff-accounts/${ADMIN}/disable`, {
      method: 'POST',
      as: COUNTY_ADMIN,
    });
    expect(disable.status).toBe(403);
  });
});

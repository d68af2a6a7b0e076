// Every route the app registers × every staff role and anonymous: the access rules hold, and none is missing.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TrieRouter } from 'hono/router/trie-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStaffAccountStore } from '../../functions/adapters/dynamo/staff-account-store.ts';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import { accessRules } from '../../functions/api/access-rules.ts';
import { loadCity } from '../../functions/config/cities.ts';
import type { AccessRule } from '../../functions/domain/access.ts';
import { type StaffRole, staffRoles } from '../../functions/domain/vocabulary.ts';
import { fileCase, sampleIntake } from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { type Api, apiFor, createContact, idempotencyKey } from './helpers.ts';

let server: TestServer;
let api: Api;
/** A contact in grid 1 of 郭家桥村: inside the region of every account below. */
let reference: string;
/** A booking at 郭家桥村's room (village), inside the region of every account below but the grid worker's. */
let bookingReference: string;
/** Open slots at that room, one handed to each staff booking the matrix makes. */
let roomSlots: string[] = [];
/** The first booked slot, and its business date (the provider's day the matrix asks for). */
let bookedSlot = '';
let bookingDate = '';
/** A case filed in 郭家桥村 (its handling region), inside every case handler's region below. */
let caseNumber: string;
const ROOM = 'wz-litong-gjq-gjqc-room';
const ROOM_PROVIDER = 'wz-ma-yongfu';

/** The seeded run-time config: valid bodies for the setup routes. */
const runtime = loadCity('wuzhong').runtime;

/** One demo account per role, each with a region containing that grid. */
const accountFor: Record<StaffRole, string> = {
  mediator: 'demo-mediator-gjqc',
  judge: 'demo-judge',
  prosecutor: 'demo-prosecutor',
  police: 'demo-police',
  legal_advisor: 'demo-legal-advisor',
  panel_member: 'demo-panel-member',
  agency_admin: 'demo-agency-admin',
  grid_worker: 'demo-grid-worker',
};
const GRID = 'wz-litong-gjq-gjqc-g1';

/**
 * The same roles in 青铜峡市 (another county), outside the region of the matrix's case, contact
 * and booking. The agency admin's region is the whole city: it has no outside.
 */
const OUTSIDE = 'wz-qtx';
const outsiderRoles = staffRoles.filter((role) => role !== 'agency_admin');
const outsiderFor = (role: StaffRole) => `matrix-outsider-${role}`;

beforeAll(async () => {
  // Cases run on the workflow engine: filing one starts its execution.
  server = await startTestServer('wuzhong', { workflow: true });
  api = apiFor(server);
  const accounts = dynamoStaffAccountStore(createTable(server.tableName, new DynamoDBClient({})));
  // The account the admin routes disable and enable (no one signs in with it).
  await accounts.put({
    issuer: server.identity.issuer,
    subject: 'matrix-account',
    name: '矩阵账号',
    roles: ['grid_worker'],
    regionId: GRID,
    rosterMemberId: null,
    enabled: true,
  });
  for (const role of outsiderRoles)
    await accounts.put({
      issuer: server.identity.issuer,
      subject: outsiderFor(role),
      name: `区外${role}`,
      roles: [role],
      regionId: role === 'grid_worker' ? 'wz-qtx-ys-dsc' : OUTSIDE,
      rosterMemberId: null,
      enabled: true,
    });
  ({ reference } = await createContact(api, 'demo-agency-admin', {
    name: '马秀英',
    regionId: GRID,
    mobile: '13995112233',
  }));
  const to = new Date(Date.now() + 59 * 86_400_000).toISOString();
  const found = await api(
    `/api/slots?servicePointId=${ROOM}&serviceId=mediation_request&providerId=${ROOM_PROVIDER}&to=${encodeURIComponent(to)}`,
  );
  roomSlots = ((await found.json()) as { slots: { slotId: string }[] }).slots.map((s) => s.slotId);
  const booked = await api('/api/bookings', {
    method: 'POST',
    headers: { 'Idempotency-Key': idempotencyKey() },
    body: JSON.stringify(roomBooking()),
  });
  if (booked.status !== 201) throw new Error(`booking: ${booked.status} ${await booked.text()}`);
  bookingReference = (await booked.json()).reference;
  bookingDate = bookedSlot.replace(/^.*\.(\d{4})(\d{2})(\d{2})T.*$/, '$1-$2-$3');
  ({ caseNumber } = await fileCase(server, sampleIntake({ regionId: GRID })));
});

function roomBooking() {
  const slotId = roomSlots.shift();
  bookedSlot ||= slotId ?? '';
  if (!slotId) throw new Error('no open slot left at the room');
  return {
    slotId,
    serviceId: 'mediation_request',
    mode: 'in_person',
    applicant: { name: '矩阵测试', phone: '13995112233' },
  };
}
afterAll(async () => {
  await server?.close();
});

/** The app's own routes (middleware entries are registered under ALL). */
function appRoutes(): { method: string; path: string }[] {
  const seen = new Set<string>();
  return server.api.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => ({ method: r.method, path: r.path }))
    .filter((r) => {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function ruleOf(method: string, path: string): AccessRule | undefined {
  const router = new TrieRouter<AccessRule>();
  for (const rule of accessRules) router.add(rule.method, rule.path, rule);
  // Match the route's own pattern: each :param stands for itself.
  return router.match(method, path)[0][0]?.[0];
}

/** A session a week ahead, online (no place needed); sent without If-Match, so never booked. */
const matrixSession = {
  startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  durationMinutes: 60,
  mode: 'video',
};

/** A concrete request for a route, in the caller's region where it names one. */
function requestFor(
  method: string,
  path: string,
  role: StaffRole | undefined,
  as: string | undefined = role && accountFor[role],
) {
  const region = role === 'mediator' ? 'wz-litong-gjq-gjqc' : GRID;
  // Residents' routes count wrong attempts per reference: a fresh unknown one each time.
  const staffRoute = path.startsWith('/api/staff/');
  const staffReference = path.startsWith('/api/staff/bookings/') ? bookingReference : reference;
  const url = path
    .replace(':regionId', region)
    .replace(':providerId', ROOM_PROVIDER)
    .replace(
      ':reference',
      staffRoute ? staffReference : `PCX${Math.random().toString(36).slice(2, 9)}`,
    )
    .replace(
      ':caseNumber',
      staffRoute
        ? caseNumber
        : `WZ-2099-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
    )
    .replace(':sessionId', 'S0')
    .replace(':partyId', 'respondent')
    .replace(':memberId', 'wz-yang-deming')
    .replace(':documentId', 'acceptance')
    .replace(':pointId', 'wz-litong-gjq-gjqc-room')
    .replace(':subject', 'matrix-account');
  const bodies: Record<string, unknown> = {
    'POST /api/staff/contacts': { name: '矩阵测试', regionId: GRID },
    'POST /api/staff/contacts/search': { mobile: '13995112233' },
    'POST /api/staff/contacts/:reference/unmask': { field: 'mobile', reason: '授权矩阵测试' },
    'POST /api/staff/contacts/:reference/tracking-code': { reason: '授权矩阵测试' },
    'POST /api/contacts/:reference/code-recovery/verify': { otp: '000000' },
    'POST /api/dev/clock': { advanceSeconds: 1 },
    'POST /api/staff/bookings/:reference/attendance': { status: 'completed' },
    'POST /api/staff/bookings/:reference/note': { note: '授权矩阵测试' },
    'POST /api/cases': sampleIntake({ regionId: GRID }),
    'POST /api/staff/cases': sampleIntake({ regionId: GRID }),
    'POST /api/staff/cases/:caseNumber/parties/:partyId/tracking-code': { reason: '授权矩阵测试' },
    'POST /api/staff/cases/:caseNumber/outcome': { sessionId: 'S0', outcome: 'no_agreement' },
    'POST /api/staff/cases/:caseNumber/diagnosis': {
      mediable: true,
      respondentConsents: true,
      track: 'simple',
    },
    'POST /api/staff/cases/:caseNumber/sessions': matrixSession,
    'POST /api/staff/cases/:caseNumber/sessions/:sessionId/reschedule': matrixSession,
    'POST /api/staff/cases/:caseNumber/follow-up': { result: 'performed' },
    'POST /api/staff/cases/:caseNumber/escalate': { reason: '授权矩阵测试' },
    'POST /api/staff/cases/:caseNumber/refer': { reason: '授权矩阵测试' },
    'POST /api/staff/cases/:caseNumber/close': { closureType: 'withdrawn', reason: '授权矩阵测试' },
    'PUT /api/staff/cases/:caseNumber/sessions/:sessionId/minutes': {
      text: '授权矩阵测试',
      version: 0,
    },
    'POST /api/staff/cases/:caseNumber/judicial-decision': {
      decision: 'confirmed',
      reasons: '授权矩阵测试',
    },
    // The matrix's case has no session or roster assignee: 409 once authorized, never 403.
    'POST /api/staff/cases/:caseNumber/recusals': {
      memberId: 'wz-ding-hailin',
      reason: '授权矩阵测试',
    },
    'POST /api/staff/cases/:caseNumber/parties/:partyId/unmask': {
      field: 'phone',
      reason: '授权矩阵测试',
    },
    'POST /api/cases/:caseNumber/recusal': { memberId: 'wz-ding-hailin', reason: '授权矩阵测试' },
    // The matrix's case is not overdue: 409 once authorized, never 403.
    'POST /api/admin/supervision/:caseNumber/escalate': { reason: '授权矩阵测试' },
    // The agency's setup: the seeded config as it is (sent without If-Match, so never written).
    'PUT /api/admin/setup/service-points/:pointId': runtime.servicePoints.find(
      (p) => p.id === 'wz-litong-gjq-gjqc-room',
    ),
    'PUT /api/admin/setup/regions': runtime.regions,
    'PUT /api/admin/setup/categories': runtime.categories,
    'PUT /api/admin/setup/services': runtime.services,
    'PUT /api/admin/setup/calendar': runtime.calendar,
    'PUT /api/admin/setup/policy': {
      sla: runtime.sla,
      reminders: runtime.reminders,
      bookings: runtime.bookings,
      retentionDays: runtime.retentionDays,
    },
    'PUT /api/admin/roster/:memberId': runtime.roster.find((m) => m.id === 'wz-yang-deming'),
    'POST /api/admin/staff-accounts': {
      name: '矩阵新账号',
      roles: ['grid_worker'],
      regionId: GRID,
      subject: `matrix-created-${Math.random().toString(36).slice(2, 10)}`,
    },
    // 杨德明 is assigned nothing here: an empty handover (200).
    'POST /api/admin/roster/:memberId/handover': {
      toMemberId: 'wz-ma-jianguo',
      reason: '授权矩阵测试',
    },
  };
  const query = path === '/api/staff/providers/:providerId/bookings' ? `?date=${bookingDate}` : '';
  const allowed = role !== undefined && ruleOf(method, path)?.roles?.includes(role);
  // A staff booking takes a place: only a call that should succeed gets one of its own.
  const body =
    method === 'POST' && path === '/api/staff/bookings'
      ? allowed
        ? roomBooking()
        : { slotId: 'x', serviceId: 'x', mode: 'in_person', applicant: { name: 'x', phone: 'x' } }
      : bodies[`${method} ${path}`];
  return {
    url: `${url}${query}`,
    init: {
      method,
      ...(body ? { body: JSON.stringify(body) } : {}),
      ...(as ? { as } : {}),
      headers: { 'Idempotency-Key': idempotencyKey() },
    },
  };
}

it('has an access rule for every route the app registers', () => {
  const routes = appRoutes();
  expect(routes.length).toBeGreaterThanOrEqual(15);
  const missing = routes.filter((r) => !ruleOf(r.method, r.path));
  expect(missing).toEqual([]);
});

it('has no rule for a route that does not exist (the table is the app’s, not a wish list)', () => {
  const registered = new TrieRouter<true>();
  for (const r of appRoutes()) registered.add(r.method, r.path, true);
  const stale = accessRules.filter(
    (rule) => registered.match(rule.method, rule.path)[0].length === 0,
  );
  expect(stale).toEqual([]);
});

describe.each([undefined, ...staffRoles])('as %s', (role) => {
  it('gets exactly what the rules allow on every route', async () => {
    // Sends an SMS each time; its limit is tested with the codes.
    const routes = appRoutes().filter(
      (r) => !(r.method === 'POST' && r.path === '/api/contacts/:reference/code-recovery'),
    );
    const outcomes = await Promise.all(
      routes.map(async ({ method, path }) => {
        const rule = ruleOf(method, path)!;
        const { url, init } = requestFor(method, path, role);
        const res = await api(url, init);
        const status = res.status;
        let expected: string;
        if (rule.scope === 'public')
          expected = status === 401 || status === 403 ? 'refused' : 'open';
        else if (rule.scope === 'resident') expected = status === 404 ? 'needs code' : `${status}`;
        else if (!role) expected = status === 401 ? 'signed out' : `${status}`;
        else if (!rule.roles?.includes(role)) expected = status === 403 ? 'forbidden' : `${status}`;
        // A step action (or the agency's supervision of a case) passes authorization and then
        // meets the case's state (412 without If-Match, 409 at another step or not overdue, 404
        // for session S0): what this matrix checks is that it got that far.
        else if (
          ((method === 'POST' || method === 'PUT') &&
            /^\/api\/(staff\/cases|admin\/supervision)\/:caseNumber\//.test(path)) ||
          // Setup edits too: sent without If-Match, they answer 412 once authorized.
          (method === 'PUT' && /^\/api\/admin\/(setup|roster)\//.test(path))
        )
          expected = status !== 401 && status !== 403 && status < 500 ? 'allowed' : `${status}`;
        else expected = status >= 200 && status < 300 ? 'allowed' : `${status}`;
        const want =
          rule.scope === 'public'
            ? 'open'
            : rule.scope === 'resident'
              ? 'needs code'
              : !role
                ? 'signed out'
                : rule.roles?.includes(role)
                  ? 'allowed'
                  : 'forbidden';
        return `${method} ${path}: ${expected === want ? 'ok' : `${expected}, want ${want}`}`;
      }),
    );
    expect(outcomes.filter((o) => !o.endsWith(': ok'))).toEqual([]);
  });
});

/**
 * Region scope: a caller of an allowed role from another county reaches none of the matrix's
 * resources. A route naming one (a case, contact, booking, provider or region in 郭家桥村, or a
 * body placing something there) refuses (403, or 404 where even existence is not told); a list
 * answers but holds none of them.
 */
describe.each(outsiderRoles)('as %s of another county', (role) => {
  it('reaches nothing outside its region on any region-scoped route', async () => {
    const routes = appRoutes().filter((r) => {
      const rule = ruleOf(r.method, r.path);
      return rule?.scope === 'own-region' && rule.roles?.includes(role);
    });
    expect(routes.length).toBeGreaterThan(0);
    const outcomes = await Promise.all(
      routes.map(async ({ method, path }) => {
        const { url, init } = requestFor(method, path, role, outsiderFor(role));
        const res = await api(url, init);
        const text = await res.text();
        const names = /:caseNumber|:reference|:regionId/.test(path);
        const placed = method !== 'GET' && /regionId|slotId/.test(String(init.body ?? ''));
        let outcome: string;
        if (names || placed)
          outcome = res.status === 403 || res.status === 404 ? 'ok' : `${res.status}, want 403/404`;
        else if (res.status >= 500) outcome = `${res.status}`;
        else if (res.status < 300)
          outcome = [caseNumber, reference, bookingReference].some((r) => text.includes(r))
            ? 'leaks an outside resource'
            : 'ok';
        else
          outcome =
            res.status === 403 || res.status === 404 || res.status === 422 ? 'ok' : `${res.status}`;
        return `${method} ${path}: ${outcome}`;
      }),
    );
    expect(outcomes.filter((o) => !o.endsWith(': ok'))).toEqual([]);
  });
});

// Who may call each route: one declarative rule per route, checked by the authorization middleware.
import type { AccessRule } from '#domain/access.ts';
import { type StaffRole, staffRoles } from '#domain/vocabulary.ts';

const everyStaffRole: readonly StaffRole[] = staffRoles;
/** Who handles a case's people: everyone on a panel and the agency, not grid workers. */
const caseHandlers: readonly StaffRole[] = [
  'mediator',
  'judge',
  'prosecutor',
  'police',
  'legal_advisor',
  'panel_member',
  'agency_admin',
];
/** Who may sit on a session (roster members): not agency admins, not grid workers. */
const sessionMembers: readonly StaffRole[] = [
  'mediator',
  'judge',
  'prosecutor',
  'police',
  'legal_advisor',
  'panel_member',
];
/** Who may see a full personal number (audited): not "+N" panel members, not grid workers. */
const unmaskers: readonly StaffRole[] = [
  'mediator',
  'judge',
  'prosecutor',
  'police',
  'legal_advisor',
  'agency_admin',
];

/**
 * The whole table. A test reads every route from the app and fails for one without a rule; the
 * middleware refuses such a route at run time too.
 */
export const accessRules: readonly AccessRule[] = [
  { method: 'GET', path: '/api/health', scope: 'public' },
  { method: 'GET', path: '/api/city', scope: 'public' },
  // The city's figures for residents: counts and shares only (routes/figures.ts).
  { method: 'GET', path: '/api/figures', scope: 'public' },
  { method: 'GET', path: '/api/sign-in', scope: 'public' },
  { method: 'GET', path: '/api/openapi.json', scope: 'public' },
  // Local runtime only (never mounted on AWS).
  { method: 'GET', path: '/api/dev/clock', scope: 'public' },
  { method: 'POST', path: '/api/dev/clock', scope: 'public' },
  { method: 'GET', path: '/api/dev/outbox', scope: 'public' },
  // The link's signature authorizes the bytes (infra/local/upload-target.ts).
  { method: 'PUT', path: '/api/uploads/:uploadId/content', scope: 'public' },

  { method: 'GET', path: '/api/staff/me', scope: 'city', roles: everyStaffRole },
  {
    method: 'GET',
    path: '/api/staff/regions/:regionId',
    scope: 'own-region',
    roles: everyStaffRole,
    regionParam: 'regionId',
  },
  {
    method: 'POST',
    path: '/api/staff/contacts',
    scope: 'own-region',
    roles: ['mediator', 'grid_worker', 'agency_admin'],
  },
  { method: 'POST', path: '/api/staff/contacts/search', scope: 'own-region', roles: caseHandlers },
  {
    method: 'GET',
    path: '/api/staff/contacts/:reference',
    scope: 'own-region',
    roles: everyStaffRole,
  },
  {
    method: 'POST',
    path: '/api/staff/contacts/:reference/unmask',
    scope: 'own-region',
    roles: unmaskers,
  },
  {
    method: 'POST',
    path: '/api/staff/contacts/:reference/tracking-code',
    scope: 'own-region',
    roles: ['mediator', 'agency_admin'],
  },
  {
    method: 'GET',
    path: '/api/staff/contacts/:reference/audit',
    scope: 'own-region',
    roles: ['mediator', 'agency_admin'],
  },

  // Staff side of bookings; the handler checks the service point's region.
  {
    method: 'GET',
    path: '/api/staff/providers/:providerId/bookings',
    scope: 'own-region',
    roles: caseHandlers,
  },
  { method: 'POST', path: '/api/staff/bookings', scope: 'own-region', roles: caseHandlers },
  {
    method: 'POST',
    path: '/api/staff/bookings/:reference/attendance',
    scope: 'own-region',
    roles: caseHandlers,
  },
  {
    method: 'POST',
    path: '/api/staff/bookings/:reference/note',
    scope: 'own-region',
    roles: caseHandlers,
  },

  // Disputes, staff side: the handler checks the case's handling region against the caller's.
  {
    method: 'POST',
    path: '/api/staff/cases',
    scope: 'own-region',
    roles: ['mediator', 'grid_worker', 'agency_admin'],
  },
  { method: 'GET', path: '/api/staff/cases', scope: 'own-region', roles: caseHandlers },
  // The staff portal (routes/staff-work.ts): my lists read my own region subtree only.
  { method: 'GET', path: '/api/staff/me/cases', scope: 'city', roles: caseHandlers },
  { method: 'GET', path: '/api/staff/me/notices', scope: 'city', roles: everyStaffRole },
  { method: 'GET', path: '/api/staff/me/calendar', scope: 'city', roles: caseHandlers },
  { method: 'GET', path: '/api/staff/judicial-queue', scope: 'own-region', roles: ['judge'] },
  // The session room: the handler also checks that the caller sits on the session (or, for the
  // minutes, is the case's assignee); agency admins and grid workers sit on none.
  {
    method: 'POST',
    path: '/api/staff/cases/:caseNumber/sessions/:sessionId/check-in',
    scope: 'own-region',
    roles: sessionMembers,
  },
  {
    method: 'PUT',
    path: '/api/staff/cases/:caseNumber/sessions/:sessionId/minutes',
    scope: 'own-region',
    roles: sessionMembers,
  },
  { method: 'GET', path: '/api/staff/cases/:caseNumber', scope: 'own-region', roles: caseHandlers },
  // Proposals for the next session: for whoever schedules it (the mediator).
  {
    method: 'GET',
    path: '/api/staff/cases/:caseNumber/panel-proposals',
    scope: 'own-region',
    roles: ['mediator'],
  },
  {
    method: 'POST',
    path: '/api/staff/cases/:caseNumber/take',
    scope: 'own-region',
    roles: ['mediator'],
  },
  ...(
    [
      'diagnosis',
      'sessions',
      'sessions/:sessionId/reschedule',
      'follow-up',
      'escalate',
      'refer',
      'close',
    ] as const
  ).map(
    (action): AccessRule => ({
      method: 'POST',
      path: `/api/staff/cases/:caseNumber/${action}`,
      scope: 'own-region',
      roles: ['mediator'],
    }),
  ),
  {
    method: 'POST',
    path: '/api/staff/cases/:caseNumber/outcome',
    scope: 'own-region',
    roles: ['mediator', 'judge', 'prosecutor', 'police', 'legal_advisor', 'panel_member'],
  },
  {
    method: 'POST',
    path: '/api/staff/cases/:caseNumber/parties/:partyId/tracking-code',
    scope: 'own-region',
    roles: ['mediator', 'agency_admin'],
  },
  {
    method: 'POST',
    path: '/api/staff/cases/:caseNumber/judicial-decision',
    scope: 'own-region',
    roles: ['judge'],
  },
  // Recusal (回避): mediators and the agency recuse anyone, other members only themselves (the handler checks).
  {
    method: 'POST',
    path: '/api/staff/cases/:caseNumber/recusals',
    scope: 'own-region',
    roles: caseHandlers,
  },
  {
    method: 'POST',
    path: '/api/staff/cases/:caseNumber/parties/:partyId/unmask',
    scope: 'own-region',
    roles: unmaskers,
  },

  // Disputes, residents' side: filing is open to anyone; the rest takes the party's code.
  { method: 'POST', path: '/api/cases', scope: 'public' },
  { method: 'GET', path: '/api/cases/:caseNumber', scope: 'resident' },
  { method: 'POST', path: '/api/cases/:caseNumber/response', scope: 'resident' },
  { method: 'POST', path: '/api/cases/:caseNumber/agreement/signature-code', scope: 'resident' },
  { method: 'POST', path: '/api/cases/:caseNumber/agreement/signature', scope: 'resident' },
  { method: 'POST', path: '/api/cases/:caseNumber/judicial-confirmation', scope: 'resident' },
  { method: 'GET', path: '/api/cases/:caseNumber/documents/:documentId', scope: 'resident' },
  { method: 'POST', path: '/api/cases/:caseNumber/rating', scope: 'resident' },
  { method: 'POST', path: '/api/cases/:caseNumber/recusal', scope: 'resident' },
  // Recovery proves possession of a party's mobile on file instead of the code.
  { method: 'POST', path: '/api/cases/:caseNumber/code-recovery', scope: 'public' },
  { method: 'POST', path: '/api/cases/:caseNumber/code-recovery/verify', scope: 'public' },

  { method: 'GET', path: '/api/contacts/:reference', scope: 'resident' },
  { method: 'GET', path: '/api/service-points', scope: 'public' },
  { method: 'GET', path: '/api/providers', scope: 'public' },
  { method: 'GET', path: '/api/slots', scope: 'public' },
  // Residents book without an account; the reference and code they get back open the rest.
  { method: 'POST', path: '/api/bookings', scope: 'public' },
  { method: 'GET', path: '/api/bookings/:reference', scope: 'resident' },
  // Recovery proves possession of the phone on file instead of the code.
  { method: 'POST', path: '/api/bookings/:reference/code-recovery', scope: 'public' },
  { method: 'POST', path: '/api/bookings/:reference/code-recovery/verify', scope: 'public' },
  { method: 'POST', path: '/api/bookings/:reference/cancel', scope: 'resident' },
  { method: 'POST', path: '/api/bookings/:reference/reschedule', scope: 'resident' },
  // The code, or the signed calendarUrl (checked by the handler: a link cannot send headers).
  { method: 'GET', path: '/api/bookings/:reference/calendar.ics', scope: 'resident' },
  // Recovery proves possession of the phone on file instead of the code.
  { method: 'POST', path: '/api/contacts/:reference/code-recovery', scope: 'public' },
  { method: 'POST', path: '/api/contacts/:reference/code-recovery/verify', scope: 'public' },
  // Residents attach files to a case they are filing: no reference or code exists yet.
  { method: 'POST', path: '/api/uploads', scope: 'public' },

  // The agency (admin function): the audit log (read only: no route changes an entry) and handover.
  { method: 'GET', path: '/api/admin/audit', scope: 'city', roles: ['agency_admin'] },
  {
    method: 'POST',
    path: '/api/admin/roster/:memberId/handover',
    scope: 'city',
    roles: ['agency_admin'],
  },
  // Setup, roster and staff accounts (routes/admin-setup.ts, admin-roster.ts,
  // admin-staff-accounts.ts): reading the config is city-wide; every write, and the lists, check
  // the regions they touch (a city-wide part: the root region).
  { method: 'GET', path: '/api/admin/setup', scope: 'city', roles: ['agency_admin'] },
  ...(
    ['service-points/:pointId', 'regions', 'categories', 'services', 'calendar', 'policy'] as const
  ).map(
    (part): AccessRule => ({
      method: 'PUT',
      path: `/api/admin/setup/${part}`,
      scope: 'own-region',
      roles: ['agency_admin'],
    }),
  ),
  { method: 'GET', path: '/api/admin/roster', scope: 'own-region', roles: ['agency_admin'] },
  {
    method: 'PUT',
    path: '/api/admin/roster/:memberId',
    scope: 'own-region',
    roles: ['agency_admin'],
  },
  {
    method: 'GET',
    path: '/api/admin/staff-accounts',
    scope: 'own-region',
    roles: ['agency_admin'],
  },
  {
    method: 'POST',
    path: '/api/admin/staff-accounts',
    scope: 'own-region',
    roles: ['agency_admin'],
  },
  ...(['disable', 'enable'] as const).map(
    (action): AccessRule => ({
      method: 'POST',
      path: `/api/admin/staff-accounts/:subject/${action}`,
      scope: 'own-region',
      roles: ['agency_admin'],
    }),
  ),
  // Supervision (督办): the caller's region subtree only (the handler checks each case's region).
  { method: 'GET', path: '/api/admin/supervision', scope: 'own-region', roles: ['agency_admin'] },
  ...(['reminder', 'escalate'] as const).map(
    (action): AccessRule => ({
      method: 'POST',
      path: `/api/admin/supervision/:caseNumber/${action}`,
      scope: 'own-region',
      roles: ['agency_admin'],
    }),
  ),
  // Statistics: the caller's region subtree only (the handler checks the region asked for).
  { method: 'GET', path: '/api/admin/stats', scope: 'own-region', roles: ['agency_admin'] },
  { method: 'GET', path: '/api/admin/stats.csv', scope: 'own-region', roles: ['agency_admin'] },
];

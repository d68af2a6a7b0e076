// Driving cases through the real API in tests: file, act as staff with If-Match, act as a party, move the clock, read the outbox.
import { randomUUID } from 'node:crypto';
/** Where the product runs and how a demo staff member signs in there (a test server, or `npm start`). */
export interface Site {
  url: string;
  identity: { signIdToken(subject: string): Promise<string> };
}
type TestServer = Site;

export interface Filed {
  caseNumber: string;
  trackingCode: string;
}

export const sampleIntake = (overrides: Record<string, unknown> = {}) => ({
  category: 'neighbours',
  description: '邻居在两家之间的过道上堆放杂物，多次协商未果，影响通行。',
  applicant: { name: '马小花', phone: '138 1234 5678' },
  respondent: { name: '张大山', phone: '13912345678', address: '郭家桥村三组 12 号' },
  regionId: 'wz-litong-gjq-gjqc',
  mode: 'in_person',
  privacyConsent: true,
  ...overrides,
});

export async function fileCase(
  server: Pick<TestServer, 'url'>,
  body: Record<string, unknown> = sampleIntake(),
  key = randomUUID(),
): Promise<Filed> {
  const response = await fetch(`${server.url}/api/cases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
  });
  if (response.status !== 201)
    throw new Error(`filing answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Filed;
}

export interface StaffCase {
  caseNumber: string;
  version: number;
  stage: string;
  status: string;
  closureType: string | null;
  level: string;
  handlingRegionId: string;
  track: string | null;
  openStep: { state: string; openedAt: string; dueAt: string; answered: boolean } | null;
  sessions: { sessionId: string; startsAt: string; status: string; outcome?: string }[];
  parties: { partyId: string; role: string; phone: string | null }[];
}

/** A signed-in demo staff member (the dev issuer's accounts). */
export function staff(server: TestServer, subject: string) {
  // Signed per request: the dev issuer follows the local clock, so a token ages as tests move it.
  const token = () => server.identity.signIdToken(subject);
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await token()}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    call,
    async get(caseNumber: string): Promise<StaffCase> {
      const response = await call('GET', `/api/staff/cases/${caseNumber}`);
      if (response.status !== 200)
        throw new Error(`GET case ${response.status}: ${await response.text()}`);
      return (await response.json()) as StaffCase;
    },
    /** An action with If-Match at the case's current version; throws unless 200. */
    async act(caseNumber: string, action: string, body: unknown = {}): Promise<StaffCase> {
      const current = await this.get(caseNumber);
      const response = await call('POST', `/api/staff/cases/${caseNumber}/${action}`, body, {
        'If-Match': `"${current.version}"`,
      });
      if (response.status !== 200)
        throw new Error(`${action} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as StaffCase;
    },
  };
}

/** Polls the case until its open step is `state` (the workflow runs in the background). */
export async function waitForStep(
  server: TestServer,
  caseNumber: string,
  state: string | readonly string[] | null,
  as = 'demo-agency-admin',
  withinMs = 15_000,
): Promise<StaffCase> {
  const reader = staff(server, as);
  const deadline = Date.now() + withinMs;
  for (;;) {
    const current = await reader.get(caseNumber);
    const at = current.openStep && !current.openStep.answered ? current.openStep.state : null;
    const wanted = typeof state === 'string' ? [state] : state;
    if (wanted === null ? current.status === 'closed' : at !== null && wanted.includes(at))
      return current;
    if (Date.now() > deadline)
      throw new Error(
        `case ${caseNumber} not at ${state ?? 'closed'}: ${JSON.stringify({ stage: current.stage, status: current.status, openStep: current.openStep })}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls the case until it reaches `stage` (triage runs in the background after filing). */
export async function waitForStage(
  server: TestServer,
  caseNumber: string,
  stage: string,
  withinMs = 15_000,
) {
  const reader = staff(server, 'demo-agency-admin');
  const deadline = Date.now() + withinMs;
  for (;;) {
    const current = await reader.get(caseNumber);
    if (current.stage === stage) return current;
    if (Date.now() > deadline)
      throw new Error(`case ${caseNumber} at ${current.stage}, not ${stage}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const waitForClosed = (server: TestServer, caseNumber: string) =>
  waitForStep(server, caseNumber, null);

/** Moves the local clock (forward only); due waits and timeouts fire before this returns. */
export async function moveClock(
  server: Pick<TestServer, 'url'>,
  body: { to?: string; advanceSeconds?: number },
) {
  const response = await fetch(`${server.url}/api/dev/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200)
    throw new Error(`clock answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { now: string }).now;
}

export async function clockNow(server: Pick<TestServer, 'url'>): Promise<Date> {
  const response = await fetch(`${server.url}/api/dev/clock`);
  return new Date(((await response.json()) as { now: string }).now);
}

/** A party's request with its code. */
export async function asParty(
  server: Pick<TestServer, 'url'>,
  party: Filed,
  method: string,
  path = '',
  body?: unknown,
) {
  return fetch(`${server.url}/api/cases/${party.caseNumber}${path}`, {
    method,
    headers: {
      'X-Tracking-Code': party.trackingCode,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface OutboxMessage {
  recipient: string;
  purpose: string;
  text: string;
}

export async function outbox(server: Pick<TestServer, 'url'>): Promise<OutboxMessage[]> {
  const response = await fetch(`${server.url}/api/dev/outbox`);
  const body = (await response.json()) as { items: OutboxMessage[] };
  return body.items;
}

/** The code a party received by SMS for this case (the respondent's arrives at triage). */
export async function codeSentTo(
  server: Pick<TestServer, 'url'>,
  caseNumber: string,
  maskedPhone: string,
  withinMs = 10_000,
): Promise<Filed> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const found = (await outbox(server)).find(
      (m) =>
        m.purpose === 'tracking-code' && m.recipient === maskedPhone && m.text.includes(caseNumber),
    );
    const code = found && /查询码 ([2-9A-Z]{8})/.exec(found.text)?.[1];
    if (code) return { caseNumber, trackingCode: code };
    if (Date.now() > deadline) throw new Error(`no code for ${maskedPhone} on ${caseNumber}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The signing OTP last sent to a masked phone. */
export async function signingOtp(
  server: Pick<TestServer, 'url'>,
  maskedPhone: string,
): Promise<string> {
  const found = (await outbox(server)).find(
    (m) => m.purpose === 'agreement-signing-otp' && m.recipient === maskedPhone,
  );
  const otp = found && /验证码 (\d{6})/.exec(found.text)?.[1];
  if (!otp) throw new Error(`no signing code for ${maskedPhone}`);
  return otp;
}

/** Files a case and brings it to the open diagnosis step (the next working day). */
export async function toDiagnosis(site: Site, body = sampleIntake()): Promise<Filed> {
  const filed = await fileCase(site, body);
  await waitForStage(site, filed.caseNumber, 'triage');
  // Diagnosis opens at 09:00 on the next working day (a weekend or holiday may come first).
  await moveClock(site, { advanceSeconds: 5 * 86_400 });
  await waitForStep(site, filed.caseNumber, 'Diagnosis');
  return filed;
}

/** Schedules a session an hour ahead and moves the clock past it; returns its id. */
export async function holdSession(
  site: Site,
  caseNumber: string,
  as = staff(site, 'demo-mediator-gjqc'),
): Promise<string> {
  const startsAt = new Date((await clockNow(site)).getTime() + 3_600_000).toISOString();
  const scheduled = await as.act(caseNumber, 'sessions', {
    startsAt,
    durationMinutes: 60,
    mode: 'in_person',
    place: '郭家桥村调解室',
  });
  await moveClock(site, { advanceSeconds: 2 * 3600 });
  return scheduled.sessions.at(-1)!.sessionId;
}

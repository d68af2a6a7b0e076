// Idempotency of staff creates on the real server: a replay answers the same caller with the first
// response (its region checked then), and never serves another login's response under the same key.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sampleIntake, staff } from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

it('replays a walk-in case to the mediator who entered it, and to no one else', async () => {
  const mediator = staff(server, 'demo-mediator-gjqc');
  const key = { 'Idempotency-Key': randomUUID() };
  const body = sampleIntake();
  const first = await mediator.call('POST', '/api/staff/cases', body, key);
  expect(first.status).toBe(201);
  const filed = (await first.json()) as { caseNumber: string; trackingCode: string };

  const again = await mediator.call('POST', '/api/staff/cases', body, key);
  expect(again.status).toBe(201);
  expect(again.headers.get('Idempotent-Replayed')).toBe('true');
  expect(again.headers.get('Location')).toBe(`/api/staff/cases/${filed.caseNumber}`);
  expect(await again.json()).toEqual(filed);

  // The agency admin, same key and body: its own create, not the mediator's answer replayed.
  const other = await staff(server, 'demo-agency-admin').call(
    'POST',
    '/api/staff/cases',
    body,
    key,
  );
  expect(other.status).toBe(201);
  expect(other.headers.get('Idempotent-Replayed')).toBeNull();
  expect(((await other.json()) as { caseNumber: string }).caseNumber).not.toBe(filed.caseNumber);
}, 60_000);

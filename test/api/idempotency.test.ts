// The Idempotency-Key middleware over the real table: replays, mismatches, concurrent duplicates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoIdempotencyStore } from '../../functions/adapters/dynamo/idempotency-store.ts';
import { accessRules } from '../../functions/api/access-rules.ts';
import { createApp } from '../../functions/api/app.ts';
import { everyRouteGroup } from '../../functions/api/groups/all.ts';
import { idempotent } from '../../functions/api/middleware/idempotency.ts';
import { type Clock, systemClock } from '../../functions/domain/time.ts';
import { createTestTable } from '../support/table.ts';

let table: Awaited<ReturnType<typeof createTestTable>>;
let app: ReturnType<typeof createApp>;
let created = 0;
let failNext = false;
const clock: Clock & { offsetMs: number } = {
  offsetMs: 0,
  now() {
    return new Date(systemClock.now().getTime() + this.offsetMs);
  },
};

beforeAll(async () => {
  table = await createTestTable('idem');
  const silent = { info() {}, warn() {}, error() {}, debug() {} };
  // The test's own routes need access rules like any route (routes without one are refused).
  const testRules = ['/api/test/things', '/api/test/others'].map((path) => ({
    method: 'POST' as const,
    path,
    scope: 'public' as const,
  }));
  app = createApp(
    {
      cityId: 'wuzhong',
      table,
      clock,
      logger: silent,
      accessRules: [...accessRules, ...testRules],
    },
    everyRouteGroup,
  );
  const store = dynamoIdempotencyStore(table);
  // A create route as later issues will add them (bookings, cases): slow enough to overlap.
  for (const path of ['/api/test/things', '/api/test/others']) {
    app.post(path, idempotent({ store, clock }), async (c) => {
      await new Promise((r) => setTimeout(r, 300));
      if (failNext) {
        failNext = false;
        throw new Error('database fell over');
      }
      created += 1;
      const body = await c.req.json();
      return c.json({ id: `thing-${created}`, name: body.name }, 201, {
        Location: `${path}/thing-${created}`,
      });
    });
  }
});
afterAll(async () => {
  await table?.drop();
});

const post = (key: string | undefined, body: unknown, path = '/api/test/things') =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });

describe('Idempotency-Key', () => {
  it('is required on a create', async () => {
    const res = await post(undefined, { name: 'a' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  it('replays the first response, same status, body and Location, marked as replayed', async () => {
    const before = created;
    const first = await post('key-replay', { name: '张三' });
    const again = await post('key-replay', { name: '张三' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(created - before).toBe(1);
  });

  it('refuses the same key with another body: 422 IDEMPOTENCY_KEY_REUSED', async () => {
    await post('key-mismatch', { name: 'a' });
    const res = await post('key-mismatch', { name: 'b' });
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('makes concurrent duplicates wait for the first and answer the same', async () => {
    const before = created;
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => post('key-race', { name: 'race' })),
    );
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(
      5,
    );
    expect(created - before).toBe(1);
  });

  it('does not remember a server failure, so the retry runs', async () => {
    failNext = true;
    const failed = await post('key-5xx', { name: 'x' });
    expect(failed.status).toBe(500);
    expect((await failed.json()).error.code).toBe('INTERNAL');
    const retried = await post('key-5xx', { name: 'x' });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });

  it('is scoped to the route', async () => {
    const a = await (await post('key-scope', { name: 'x' }, '/api/test/things')).json();
    const b = await (await post('key-scope', { name: 'x' }, '/api/test/others')).json();
    expect(a.id).not.toBe(b.id);
  });

  it('forgets keys after 24 hours', async () => {
    const first = await (await post('key-expiry', { name: 'old' })).json();
    clock.offsetMs = 24 * 3600_000 + 60_000;
    const later = await post('key-expiry', { name: 'new body is fine now' });
    clock.offsetMs = 0;
    expect(later.status).toBe(201);
    expect((await later.json()).id).not.toBe(first.id);
  });

  it('rejects a malformed key naming the header', async () => {
    const res = await post('has spaces in it', { name: 'x' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details).toHaveProperty(['header.Idempotency-Key']);
  });
});

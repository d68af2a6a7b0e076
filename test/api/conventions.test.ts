// The API's public conventions (CONTRACT.md) over real HTTP: error shape, 404/405/413, JSON, OpenAPI.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const api = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);

async function expectErrorShape(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = await res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error as { code: string; message: string; details?: unknown };
}

describe('health and city', () => {
  it('answers health once the table answers', async () => {
    const res = await api('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves the city with its regions tree, categories and services', async () => {
    const res = await api('/api/city');
    expect(res.status).toBe(200);
    const city = await res.json();
    expect(Object.keys(city).sort()).toEqual([
      'categories',
      'id',
      'name',
      'nameEn',
      'regions',
      'services',
    ]);
    expect(city).toMatchObject({ id: 'wuzhong', name: '吴忠市' });
    const [root] = city.regions;
    expect(root.level).toBe('city');
    const litong = root.children.find((r: { name: string }) => r.name === '利通区');
    expect(litong.level).toBe('county');
    const town = litong.children.find((r: { name: string }) => r.name === '郭家桥乡');
    expect(town.level).toBe('town');
    expect(town.children.length).toBeGreaterThanOrEqual(2);
    expect(town.children.every((v: { level: string }) => v.level === 'village')).toBe(true);
    expect(root.children.length).toBeGreaterThanOrEqual(2);
    expect(city.categories.map((c: { id: string }) => c.id)).toContain('marriage_family');
    expect(city.services.some((s: { capacity: number }) => s.capacity > 1)).toBe(true);
  });
});

describe('the error shape, for every kind of failure', () => {
  it('unknown route: 404 NOT_FOUND', async () => {
    await expectErrorShape(await api('/api/no-such-thing'), 404, 'NOT_FOUND');
  });

  it('wrong method: 405 METHOD_NOT_ALLOWED with Allow', async () => {
    const res = await api('/api/city', { method: 'DELETE' });
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    await expectErrorShape(res, 405, 'METHOD_NOT_ALLOWED');
  });

  it('broken JSON: 400 MALFORMED_JSON', async () => {
    const res = await api('/api/dev/clock', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"advanceSeconds": 60',
    });
    await expectErrorShape(res, 400, 'MALFORMED_JSON');
  });

  it('a body that is not JSON: 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await api('/api/dev/clock', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'advanceSeconds=60',
    });
    await expectErrorShape(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body that fails validation: 400 VALIDATION_FAILED naming the field', async () => {
    const res = await api('/api/dev/clock', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: -5 }),
    });
    const error = await expectErrorShape(res, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(error.details)).toContain('advanceSeconds');
  });

  it('oversized body: 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await api('/api/dev/clock', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: 1, padding: 'x'.repeat(70 * 1024) }),
    });
    await expectErrorShape(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('speaks English when asked, zh-CN otherwise', async () => {
    const zh = await expectErrorShape(await api('/api/nope'), 404, 'NOT_FOUND');
    expect(zh.message).toMatch(/[\u4e00-\u9fff]/);
    const en = await expectErrorShape(
      await api('/api/nope', { headers: { 'accept-language': 'en-GB,en;q=0.9' } }),
      404,
      'NOT_FOUND',
    );
    expect(en.message).toMatch(/^[\x20-\x7e’]+$/);
  });
});

describe('headers', () => {
  it('carries a request id, a strict CSP and no-referrer on API and site responses', async () => {
    for (const path of ['/api/city', '/']) {
      const res = await api(path);
      expect(res.headers.get('x-request-id') ?? (path === '/' ? 'n/a' : null)).toBeTruthy();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect((await api('/api/city')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('OpenAPI', () => {
  it('is a valid OpenAPI 3 document with absolute /api paths', async () => {
    const res = await api('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.servers).toBeUndefined();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/city']));
  });
});

describe('the local clock', () => {
  it('moves forward only and persists', async () => {
    const before = new Date((await (await api('/api/dev/clock')).json()).now).getTime();
    const moved = await api('/api/dev/clock', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: 40 * 86_400 }),
    });
    expect(moved.status).toBe(200);
    const { now } = await moved.json();
    expect(now).toMatch(/\+08:00$/);
    expect(new Date(now).getTime() - before).toBeGreaterThanOrEqual(40 * 86_400_000);
    const back = await api('/api/dev/clock', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: '2020-01-01T00:00:00+08:00' }),
    });
    await expectErrorShape(back, 409, 'CLOCK_BACKWARDS');
  });
});

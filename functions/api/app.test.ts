import { describe, expect, it } from 'vitest';
import { createTable } from '#adapters/dynamo/table-client.ts';
import { systemClock } from '#domain/time.ts';
import { createApp } from './app.ts';
import { everyRouteGroup } from './groups/all.ts';

const silent = { info() {}, warn() {}, error() {}, debug() {} };
// No request below reaches the table: CORS answers preflights before any route runs.
const app = createApp(
  {
    cityId: 'wuzhong',
    table: createTable('unused'),
    clock: systemClock,
    logger: silent,
    siteOrigin: 'https://fw.wuzhong.example.cn',
    issuerOrigin: 'https://login.wuzhong.example.cn',
  },
  everyRouteGroup,
);

const preflight = (origin: string) =>
  app.request('/api/city', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'GET' },
  });

describe('CORS and CSP', () => {
  it('allows the site origin only', async () => {
    const ok = await preflight('https://fw.wuzhong.example.cn');
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://fw.wuzhong.example.cn');
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('names the OIDC issuer in the CSP, and nothing else outside the origin', async () => {
    const res = await app.request('/api/no-such-route');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' https://login.wuzhong.example.cn");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp.match(/https:\/\/[^\s;]+/g)).toEqual([
      'https://login.wuzhong.example.cn',
      'https://login.wuzhong.example.cn',
    ]);
  });
});

import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { JITSI_APP_ID, jitsiRooms, videoRoomsFromEnvironment } from './jitsi-links.ts';

const secret = 'test-jitsi-secret';
const now = new Date('2026-12-07T01:30:00Z');

describe('jitsiRooms', () => {
  it('links the session’s room with a short-lived HS256 token Jitsi accepts', async () => {
    const link = jitsiRooms({ baseUrl: 'https://meet.xixia.gov.cn', secret }).link({
      sessionId: 'S01JABC',
      member: { id: 'xx-judge', name: '王法官' },
      now,
    });
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}`).toBe('https://meet.xixia.gov.cn/fq-s01jabc');
    const { payload } = await jwtVerify(
      url.searchParams.get('jwt')!,
      new TextEncoder().encode(secret),
      {
        audience: 'jitsi',
        issuer: JITSI_APP_ID,
        currentDate: new Date(now.getTime() + 60_000),
      },
    );
    expect(payload).toMatchObject({
      sub: 'meet.xixia.gov.cn',
      room: 'fq-s01jabc',
      context: { user: { id: 'xx-judge', name: '王法官' } },
    });
    expect(payload.exp! - payload.iat!).toBe(30 * 60);
    // Expired after its half hour; another secret does not verify it.
    await expect(
      jwtVerify(url.searchParams.get('jwt')!, new TextEncoder().encode(secret), {
        currentDate: new Date(now.getTime() + 31 * 60_000),
      }),
    ).rejects.toThrow();
    await expect(
      jwtVerify(url.searchParams.get('jwt')!, new TextEncoder().encode('other'), {
        currentDate: now,
      }),
    ).rejects.toThrow();
  });

  it('keeps a base path', () => {
    const link = jitsiRooms({ baseUrl: 'https://video.example.cn/meet/', secret }).link({
      sessionId: 'S1',
      member: { id: 'm', name: 'm' },
      now,
    });
    expect(link.startsWith('https://video.example.cn/meet/fq-s1?jwt=')).toBe(true);
  });
});

describe('videoRoomsFromEnvironment', () => {
  it('makes rooms only for a Jitsi city, and refuses one without its secret', () => {
    expect(videoRoomsFromEnvironment({})).toBeUndefined();
    expect(videoRoomsFromEnvironment({ CITY_VIDEO: '{"kind":"none"}' })).toBeUndefined();
    const jitsi = JSON.stringify({ kind: 'jitsi', baseUrl: 'https://meet.xixia.gov.cn' });
    expect(
      videoRoomsFromEnvironment({ CITY_VIDEO: jitsi, JITSI_APP_SECRET: secret }),
    ).toBeDefined();
    expect(() => videoRoomsFromEnvironment({ CITY_VIDEO: jitsi })).toThrow(/JITSI_APP_SECRET/);
  });
});

// Signed Jitsi Meet room links for online sessions: one room per session, a short-lived HS256 token per member (Jitsi's token authentication).
import { createHmac } from 'node:crypto';
import { VideoConfig } from '../../config/channels-schema.ts';

/** Makes the link a session member joins the session's video room with. */
export interface VideoRooms {
  link(input: { sessionId: string; member: { id: string; name: string }; now: Date }): string;
}

/** Jitsi's `app_id` (prosody's `app_id`, the token's `iss`), set the same on the agency's Jitsi. */
export const JITSI_APP_ID = 'fengqiao';
/** How long a link admits its holder: it is made when the member checks in, and used at once. */
const LINK_SECONDS = 30 * 60;

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** The room of a session: derived from the session id only (no case number, no names). */
export const jitsiRoomOf = (sessionId: string) => `fq-${sessionId.toLowerCase()}`;

export function jitsiRooms(config: { baseUrl: string; secret: string }): VideoRooms {
  const base = new URL(config.baseUrl);
  return {
    link({ sessionId, member, now }) {
      const room = jitsiRoomOf(sessionId);
      const iat = Math.floor(now.getTime() / 1000);
      const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
      const claims = base64url(
        JSON.stringify({
          aud: 'jitsi',
          iss: JITSI_APP_ID,
          sub: base.host,
          room,
          iat,
          nbf: iat - 60,
          exp: iat + LINK_SECONDS,
          context: { user: { id: member.id, name: member.name } },
        }),
      );
      const signature = createHmac('sha256', config.secret)
        .update(`${header}.${claims}`)
        .digest('base64url');
      const url = new URL(`${base.pathname.replace(/\/$/, '')}/${room}`, base);
      url.searchParams.set('jwt', `${header}.${claims}.${signature}`);
      return url.toString();
    },
  };
}

/**
 * The city's video rooms from `CITY_VIDEO` (cityEnvironment) and `JITSI_APP_SECRET` (Secrets
 * Manager on AWS, a dev value locally). Undefined when the city has no Jitsi; a Jitsi city without
 * its secret fails at start rather than hand out unsigned links.
 */
export function videoRoomsFromEnvironment(env: NodeJS.ProcessEnv): VideoRooms | undefined {
  if (!env.CITY_VIDEO) return undefined;
  const video = VideoConfig.parse(JSON.parse(env.CITY_VIDEO));
  if (video.kind !== 'jitsi') return undefined;
  if (!env.JITSI_APP_SECRET) throw new Error('JITSI_APP_SECRET is required for a Jitsi city');
  return jitsiRooms({ baseUrl: video.baseUrl, secret: env.JITSI_APP_SECRET });
}

// Route middleware for residents' routes: the X-Tracking-Code header must open the path's reference.
import type { MiddlewareHandler } from 'hono';
import {
  checkTrackingCode,
  type PartyCode,
  type TrackingCodeDeps,
} from '#use-cases/tracking-codes.ts';
import type { AppEnv } from '../app-env.ts';

export interface TrackingCodeOptions extends TrackingCodeDeps {
  /** The path parameter holding the reference. */
  param: string;
  /** The parties (and their code generations) of a reference; undefined when there is none. */
  parties(reference: string): Promise<PartyCode[] | undefined>;
}

/** Every failure is the same 404; the 6th within 15 minutes is 429 with Retry-After. */
export function requireTrackingCode(options: TrackingCodeOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const opened = await checkTrackingCode(options, {
      reference: c.req.param(options.param) ?? '',
      code: c.req.header('X-Tracking-Code'),
    });
    c.set('resident', opened);
    c.header('Cache-Control', 'no-store');
    await next();
  };
}

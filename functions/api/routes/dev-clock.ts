// GET/POST /api/dev/clock: local mode's controllable clock (CONTRACT.md); never mounted on AWS.
import { createRoute, z } from '@hono/zod-openapi';
import { ClockBackwards } from '#domain/errors.ts';
import { type Clock, toBusinessIso } from '#domain/time.ts';
import { ErrorResponse } from '../http-errors.ts';
import { newRouter } from '../router.ts';
import { json } from '../schemas.ts';

/** A clock that tests and demos move forward; it persists where the local runtime keeps data. */
export interface ControllableClock extends Clock {
  /** Moves the clock to `to`; refuses to go back. */
  set(to: Date): Promise<void>;
}

const Now = z
  .object({ now: z.string().openapi({ example: '2026-11-22T10:18:04+08:00' }) })
  .openapi('ClockNow');
const Move = z
  .union([
    z
      .object({
        advanceSeconds: z
          .number()
          .int()
          .positive()
          .max(10 * 365 * 86_400),
      })
      .strict(),
    z.object({ to: z.iso.datetime({ offset: true }) }).strict(),
  ])
  .openapi('ClockMove');

export function devClockRoutes(clock: ControllableClock) {
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/dev/clock',
        summary: 'Local mode: what time the product thinks it is',
        tags: ['local only'],
        responses: { 200: { description: 'Now', content: json(Now) } },
      }),
      (c) => c.json({ now: toBusinessIso(clock.now()) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/dev/clock',
        summary: 'Local mode: move the clock forward',
        tags: ['local only'],
        request: { body: { required: true, content: json(Move) } },
        responses: {
          200: { description: 'The new now', content: json(Now) },
          400: { description: 'Invalid move', content: json(ErrorResponse) },
          409: { description: 'The clock would go back', content: json(ErrorResponse) },
        },
      }),
      async (c) => {
        const move = c.req.valid('json');
        const now = clock.now();
        const to =
          'to' in move ? new Date(move.to) : new Date(now.getTime() + move.advanceSeconds * 1000);
        if (to.getTime() < now.getTime()) throw new ClockBackwards({ now: toBusinessIso(now) });
        await clock.set(to);
        return c.json({ now: toBusinessIso(clock.now()) }, 200);
      },
    );
}

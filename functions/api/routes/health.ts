// GET /api/health: 200 once every engine answers (the table; the workflow engine later), 503 before.
import { createRoute, z } from '@hono/zod-openapi';
import { ServiceUnavailable } from '#domain/errors.ts';
import { ErrorResponse } from '../http-errors.ts';
import { newRouter } from '../router.ts';

export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

const route = createRoute({
  method: 'get',
  path: '/api/health',
  summary: 'Is every engine up?',
  tags: ['operations'],
  responses: {
    200: {
      description: 'Every engine answers',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
    },
    503: {
      description: 'An engine does not answer yet',
      content: { 'application/json': { schema: ErrorResponse } },
    },
  },
});

export function healthRoutes(checks: readonly HealthCheck[]) {
  return newRouter().openapi(route, async (c) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error('timeout')), 2000).unref(),
            ),
          ]);
          return [name, 'up'] as const;
        } catch {
          return [name, 'down'] as const;
        }
      }),
    );
    c.header('Cache-Control', 'no-store');
    if (results.some(([, state]) => state === 'down')) {
      throw new ServiceUnavailable({ checks: Object.fromEntries(results) });
    }
    return c.json({ status: 'ok' as const }, 200);
  });
}

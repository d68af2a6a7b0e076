// GET /api/dev/outbox: what the outbox notifier "sent", recipients masked; local mode only.
import { createRoute, z } from '@hono/zod-openapi';
import type { OutboxReader } from '#adapters/notifier.port.ts';
import { newRouter } from '../router.ts';

const Message = z.object({
  id: z.string(),
  sentAt: z.string(),
  channel: z.enum(['sms', 'email']),
  recipient: z.string().openapi({ example: '138****1234' }),
  purpose: z.string().openapi({ example: 'tracking-code' }),
  subject: z.string().optional(),
  text: z.string(),
});
// Not a named component: the document stays the same on AWS, where this route does not exist.

export function devOutboxRoutes(outbox: OutboxReader) {
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/dev/outbox',
      summary: 'Local mode: messages the outbox recorded, newest first',
      tags: ['local only'],
      responses: {
        200: {
          description: 'Messages',
          content: { 'application/json': { schema: z.object({ items: z.array(Message) }) } },
        },
      },
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ items: await outbox.list(100) }, 200);
    },
  );
}

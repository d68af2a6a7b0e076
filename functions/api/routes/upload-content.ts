// PUT /api/uploads/{uploadId}/content: where local upload links point (S3 takes the bytes on AWS); never mounted on AWS.
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { UploadReceiver } from '#adapters/upload-target.port.ts';
import { PayloadTooLarge } from '#domain/errors.ts';
import { MAX_UPLOAD_BYTES, UPLOAD_CONTENT_TYPES } from '#use-cases/uploads.ts';
import { newRouter } from '../router.ts';
import { errorContent } from '../schemas.ts';

/** The one request that may exceed the app's 64 KB body limit: it has its own (10 MB). */
export const isUploadContentRequest = (method: string, path: string) =>
  method === 'PUT' && /^\/api\/uploads\/[^/]+\/content$/.test(path);

const binary = z.string().openapi({ format: 'binary' });

export function uploadContentRoutes(receiver: UploadReceiver) {
  return newRouter().openapi(
    createRoute({
      method: 'put',
      path: '/api/uploads/{uploadId}/content',
      summary: 'Local mode: send an upload’s bytes to its signed link',
      description:
        'The `uploadUrl` of `POST /api/uploads`, with its `headers`; the signature covers the declared Content-Type and size.',
      tags: ['local only'],
      middleware: [
        bodyLimit({
          maxSize: MAX_UPLOAD_BYTES,
          onError: () => {
            throw new PayloadTooLarge({ maxBytes: MAX_UPLOAD_BYTES });
          },
        }),
      ] as const,
      request: {
        params: z.object({ uploadId: z.string().regex(/^UP[0-9A-Z]{26}$/) }),
        query: z.object({ expires: z.string().max(20), signature: z.string().max(100) }),
        body: {
          required: true,
          content: Object.fromEntries(
            UPLOAD_CONTENT_TYPES.map((type) => [type, { schema: binary }]),
          ),
        },
      },
      responses: {
        204: { description: 'Stored' },
        400: errorContent('No Content-Length, or a body of another length'),
        403: errorContent('UPLOAD_LINK_INVALID: forged or expired, or another type or size'),
        413: errorContent('Over 10 MB, or longer than declared'),
      },
    }),
    async (c) => {
      const { uploadId } = c.req.valid('param');
      const { expires, signature } = c.req.valid('query');
      await receiver.receive({
        uploadId,
        expires,
        signature,
        contentType: c.req.header('Content-Type'),
        contentLength: c.req.header('Content-Length'),
        body: c.req.raw.body,
      });
      return c.body(null, 204);
    },
  );
}

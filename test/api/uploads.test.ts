// Attachments over HTTP: declare a file, PUT its bytes to the signed link, the case intake's check; refusals of each kind.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import { dynamoUploadStore } from '../../functions/adapters/dynamo/upload-store.ts';
import { createApp } from '../../functions/api/app.ts';
import { everyRouteGroup } from '../../functions/api/groups/all.ts';
import { checkAttachments, keepAttachments, uploadKey } from '../../functions/use-cases/uploads.ts';
import { fileClock } from '../../infra/local/file-clock.ts';
import { localUploadTarget } from '../../infra/local/upload-target.ts';
import { type Api, apiFor, idempotencyKey } from '../identity/helpers.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let api: Api;

beforeAll(async () => {
  server = await startTestServer();
  api = apiFor(server);
});
afterAll(async () => {
  await server?.close();
});

interface Created {
  uploadId: string;
  uploadUrl: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

/** `size` bytes that start like a PNG. */
const png = (size: number) => {
  const bytes = new Uint8Array(size).fill(7);
  bytes.set([0x89, 0x50, 0x4e, 0x47].slice(0, size));
  return bytes;
};

/** `key: null` sends no Idempotency-Key. */
function declare(body: unknown, key: string | null = idempotencyKey()) {
  return api('/api/uploads', {
    method: 'POST',
    headers: key === null ? {} : { 'Idempotency-Key': key },
    body: JSON.stringify(body),
  });
}

async function created(body: { fileName: string; contentType: string; size: number }) {
  const res = await declare(body);
  expect(res.status).toBe(201);
  return (await res.json()) as Created;
}

function send(
  upload: Created,
  bytes: Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = upload.headers,
) {
  return fetch(new URL(upload.uploadUrl, server.url), {
    method: upload.method,
    headers,
    body: bytes,
  });
}

/** The intake's view: the same table and files as the server, on the server's clock. */
function intake() {
  return {
    uploads: dynamoUploadStore(createTable(server.tableName)),
    target: localUploadTarget({ dataDir: server.dataDir, clock: fileClock(server.dataDir) }),
    clock: fileClock(server.dataDir),
  };
}

async function errorOf(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; details?: unknown } };
  expect(body.error.code).toBe(code);
  return body.error;
}

describe('POST /api/uploads', () => {
  it('declares a file and answers the link to PUT it to, on the same origin locally', async () => {
    const upload = await created({ fileName: '欠条.png', contentType: 'image/png', size: 2048 });
    expect(upload.uploadId).toMatch(/^UP[0-9A-Z]{26}$/);
    expect(upload.method).toBe('PUT');
    expect(upload.headers).toEqual({ 'Content-Type': 'image/png' });
    expect(upload.uploadUrl).toMatch(
      new RegExp(`^/api/uploads/${upload.uploadId}/content\\?expires=\\d+&signature=[\\w-]+$`),
    );
    expect(upload.expiresAt).toMatch(/\+08:00$/);
    const minutes = (Date.parse(upload.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
  });

  it('stores the bytes sent to the link, and the intake accepts the upload', async () => {
    const upload = await created({ fileName: '照片.png', contentType: 'image/png', size: 4096 });
    const put = await send(upload, png(4096));
    expect(put.status).toBe(204);
    const [record] = await checkAttachments(intake(), [upload.uploadId]);
    expect(record).toMatchObject({
      uploadId: upload.uploadId,
      fileName: '照片.png',
      contentType: 'image/png',
      size: 4096,
    });
    expect(record!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 23 * 3600);
    expect(record!.caseNumber).toBeUndefined();
    await keepAttachments(intake(), [upload.uploadId]);
  });

  it('takes files over the 64 KB JSON limit (up to 10 MB) on the upload link only', async () => {
    const size = 300 * 1024;
    const upload = await created({ fileName: '协议.pdf', contentType: 'application/pdf', size });
    expect((await send(upload, png(size))).status).toBe(204);
    expect(await checkAttachments(intake(), [upload.uploadId])).toHaveLength(1);
  });

  it('refuses a file of another size or type than declared (the signature covers both)', async () => {
    const upload = await created({ fileName: 'a.jpg', contentType: 'image/jpeg', size: 1000 });
    for (const res of [
      await send(upload, png(999)),
      await send(upload, png(1001)),
      await send(upload, png(1000), { 'Content-Type': 'image/png' }),
      await send(upload, png(1000), {}),
    ]) {
      await errorOf(res, 403, 'UPLOAD_LINK_INVALID');
    }
    // Nothing was stored: the intake refuses it.
    await expect(checkAttachments(intake(), [upload.uploadId])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { 'json.attachmentIds.0': 'the file was not uploaded' },
    });
  });

  it('refuses a forged link, and a link signed for another upload', async () => {
    const one = await created({ fileName: 'a.png', contentType: 'image/png', size: 10 });
    const two = await created({ fileName: 'b.png', contentType: 'image/png', size: 10 });
    const forged = { ...one, uploadUrl: one.uploadUrl.replace(/signature=.*/, 'signature=AAAA') };
    await errorOf(await send(forged, png(10)), 403, 'UPLOAD_LINK_INVALID');
    const swapped = { ...one, uploadUrl: one.uploadUrl.replace(one.uploadId, two.uploadId) };
    await errorOf(await send(swapped, png(10)), 403, 'UPLOAD_LINK_INVALID');
    const later = {
      ...one,
      uploadUrl: one.uploadUrl.replace(/expires=(\d+)/, (_, s) => `expires=${Number(s) + 3600}`),
    };
    await errorOf(await send(later, png(10)), 403, 'UPLOAD_LINK_INVALID');
  });

  it('refuses what CONTRACT.md does not allow: over 10 MB, other types, unknown fields', async () => {
    const ok = { fileName: 'a.pdf', contentType: 'application/pdf', size: 10 * 1024 * 1024 };
    expect((await declare(ok)).status).toBe(201);
    const cases: [unknown, string][] = [
      [{ ...ok, size: 10 * 1024 * 1024 + 1 }, 'json.size'],
      [{ ...ok, size: 0 }, 'json.size'],
      [{ ...ok, size: 1.5 }, 'json.size'],
      [{ ...ok, contentType: 'image/gif' }, 'json.contentType'],
      [{ ...ok, fileName: '' }, 'json.fileName'],
      [{ ...ok, fileName: 'x'.repeat(201) }, 'json.fileName'],
      [{ ...ok, fileName: 'a\nb.pdf' }, 'json.fileName'],
      [{ ...ok, caseNumber: 'WZ-2026-000001' }, 'json'],
    ];
    for (const [body, field] of cases) {
      const error = await errorOf(await declare(body), 400, 'VALIDATION_FAILED');
      expect(Object.keys(error.details as object)).toContain(field);
    }
  });

  it('requires an Idempotency-Key and replays the first answer for it', async () => {
    const body = { fileName: 'a.png', contentType: 'image/png', size: 10 };
    await errorOf(await declare(body, null), 400, 'IDEMPOTENCY_KEY_REQUIRED');
    const key = idempotencyKey();
    const first = await declare(body, key);
    const again = await declare(body, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    await errorOf(await declare({ ...body, size: 11 }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('is in the OpenAPI document for residents', async () => {
    const doc = await (await api('/api/openapi.json')).json();
    expect(doc.paths['/api/uploads'].post.tags).toEqual(['residents']);
    expect(doc.paths['/api/uploads/{uploadId}/content'].put.tags).toEqual(['local only']);
  });
});

describe('checkAttachments (the case intake)', () => {
  it('accepts none', async () => {
    expect(await checkAttachments(intake(), [])).toEqual([]);
  });

  it('names each id at fault by its index: unknown, malformed, not uploaded, listed twice', async () => {
    const good = await created({ fileName: 'a.png', contentType: 'image/png', size: 16 });
    expect((await send(good, png(16))).status).toBe(204);
    const empty = await created({ fileName: 'b.png', contentType: 'image/png', size: 16 });
    await expect(
      checkAttachments(intake(), [
        good.uploadId,
        'UP00000000000000000000000000',
        '../../etc/passwd',
        empty.uploadId,
        good.uploadId,
      ]),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        'json.attachmentIds.1': 'unknown or expired upload',
        'json.attachmentIds.2': 'unknown or expired upload',
        'json.attachmentIds.3': 'the file was not uploaded',
        'json.attachmentIds.4': 'the same file as attachmentIds.0',
      },
    });
  });

  it('refuses more than 10 files', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) {
      const upload = await created({ fileName: `${i}.png`, contentType: 'image/png', size: 8 });
      expect((await send(upload, png(8))).status).toBe(204);
      ids.push(upload.uploadId);
    }
    expect(await checkAttachments(intake(), ids.slice(0, 10))).toHaveLength(10);
    await expect(checkAttachments(intake(), ids)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { 'json.attachmentIds': 'at most 10 files' },
    });
  });

  it('refuses an upload a case has already taken', async () => {
    const upload = await created({ fileName: 'a.png', contentType: 'image/png', size: 8 });
    expect((await send(upload, png(8))).status).toBe(204);
    // What the intake's transaction does to an upload it attaches.
    await createTable(server.tableName).doc.send(
      new UpdateCommand({
        TableName: server.tableName,
        Key: uploadKey(upload.uploadId),
        UpdateExpression: 'SET caseNumber = :n REMOVE expiresAt',
        ExpressionAttributeValues: { ':n': 'WZ-2026-000001' },
      }),
    );
    await expect(checkAttachments(intake(), [upload.uploadId])).rejects.toMatchObject({
      details: { 'json.attachmentIds.0': 'already attached to a case' },
    });
  });

  it('refuses a link after 15 minutes, and an upload no case took within 24 hours', async () => {
    const upload = await created({ fileName: 'a.png', contentType: 'image/png', size: 8 });
    const sent = await created({ fileName: 'b.png', contentType: 'image/png', size: 8 });
    expect((await send(sent, png(8))).status).toBe(204);
    const move = (advanceSeconds: number) =>
      api('/api/dev/clock', { method: 'POST', body: JSON.stringify({ advanceSeconds }) });
    expect((await move(16 * 60)).status).toBe(200);
    const expired = await errorOf(await send(upload, png(8)), 403, 'UPLOAD_LINK_INVALID');
    expect(expired.details).toEqual({ reason: 'expired' });
    expect(await checkAttachments(intake(), [sent.uploadId])).toHaveLength(1);
    expect((await move(24 * 3600)).status).toBe(200);
    await expect(checkAttachments(intake(), [sent.uploadId])).rejects.toMatchObject({
      details: { 'json.attachmentIds.0': 'unknown or expired upload' },
    });
  });
});

describe('without a file storage', () => {
  it('answers 503 SERVICE_UNAVAILABLE in the error shape rather than failing', async () => {
    const silent = { info() {}, warn() {}, error() {}, debug() {} };
    const app = createApp(
      {
        cityId: 'wuzhong',
        table: createTable(server.tableName),
        clock: fileClock(server.dataDir),
        logger: silent,
      },
      everyRouteGroup,
    );
    const res = await app.request('/api/uploads', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Idempotency-Key': idempotencyKey() },
      body: JSON.stringify({ fileName: 'a.png', contentType: 'image/png', size: 10 }),
    });
    await errorOf(res, 503, 'SERVICE_UNAVAILABLE');
    // No local upload route without the local target.
    expect(app.routes.some((r) => r.path.endsWith('/content'))).toBe(false);
  });
});

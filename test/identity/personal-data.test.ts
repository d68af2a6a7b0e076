// Personal numbers end to end: sealed in the table, masked in responses, unmasked only by an audited action, never logged.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { type Api, apiFor, codeFromOutbox, createContact } from './helpers.ts';

const MOBILE = '13895117777';
const ID_NUMBER = '640302198503120042';
/** Every form the numbers could leak in. */
const needles = [
  MOBILE,
  '138 9511 7777',
  '138-9511-7777',
  ID_NUMBER,
  ID_NUMBER.slice(0, 17),
  '640324197611055528',
];

let server: TestServer;
let api: Api;
const logged: string[] = [];
const restore: (() => void)[] = [];

beforeAll(async () => {
  // Everything the process writes from here on is kept and scanned at the end.
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      // Kept, not echoed: DEBUG lines of a whole run would drown the test report.
      const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }
  // Every level, so the scan sees every line the app can write.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  server = await startTestServer();
  api = apiFor(server);
});
afterAll(async () => {
  for (const undo of restore) undo();
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  await server?.close();
});

let reference: string;

describe('a contact with a mobile and an ID number', () => {
  it('is created from numbers typed with +86, spaces and dashes, and answered masked', async () => {
    const created = await createContact(api, 'demo-mediator-gjqc', {
      name: '阿依古丽·买买提',
      regionId: 'wz-litong-gjq-gjqc',
      mobile: '+86 138-9511-7777',
      idNumber: ID_NUMBER,
    });
    reference = created.reference;
    expect(created).toMatchObject({ mobile: '138****7777', idNumber: '6403**********0042' });
    const staffView = await (
      await api(`/api/staff/contacts/${reference}`, { as: 'demo-judge' })
    ).text();
    const residentView = await (
      await api(`/api/contacts/${reference}`, { code: await codeFromOutbox(api, reference) })
    ).text();
    for (const text of [staffView, residentView]) {
      expect(text).toContain('138****7777');
      expect(text).toContain('6403**********0042');
      for (const needle of needles) expect(text).not.toContain(needle);
    }
  });

  it('rejects an ID number with a wrong check digit without echoing it', async () => {
    const res = await api('/api/staff/contacts', {
      method: 'POST',
      as: 'demo-mediator-gjqc',
      headers: { 'Idempotency-Key': `bad-id-${Date.now()}` },
      body: JSON.stringify({
        name: '某人',
        regionId: 'wz-litong-gjq-gjqc',
        idNumber: '640324197611055521',
      }),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(Object.keys(body.error.details)).toEqual(['json.idNumber']);
    expect(JSON.stringify(body)).not.toContain('640324197611055521');
  });

  it('is found by its mobile through the keyed hash, within the caller’s region only', async () => {
    const search = (as: string) =>
      api('/api/staff/contacts/search', {
        method: 'POST',
        as,
        body: JSON.stringify({ mobile: '138 9511 7777' }),
      });
    const mine = await (await search('demo-mediator-gjqc')).json();
    expect(mine.items.map((c: { reference: string }) => c.reference)).toEqual([reference]);
    const elsewhere = await (await search('demo-mediator-zyc')).json();
    expect(elsewhere.items).toEqual([]);
  });

  it('shows a full number only through the audited unmask action, never to a panel member', async () => {
    const unmask = (as: string, field: string) =>
      api(`/api/staff/contacts/${reference}/unmask`, {
        method: 'POST',
        as,
        body: JSON.stringify({ field, reason: '通知当事人参加调解' }),
      });
    const mobile = await unmask('demo-mediator-gjqc', 'mobile');
    expect(mobile.status).toBe(200);
    expect(mobile.headers.get('cache-control')).toBe('no-store');
    expect(await mobile.json()).toEqual({ field: 'mobile', value: MOBILE });
    expect(await (await unmask('demo-judge', 'idNumber')).json()).toEqual({
      field: 'idNumber',
      value: ID_NUMBER,
    });
    expect((await unmask('demo-panel-member', 'mobile')).status).toBe(403);
    expect((await unmask('demo-grid-worker', 'mobile')).status).toBe(403);

    const audit = await (
      await api(`/api/staff/contacts/${reference}/audit`, { as: 'demo-agency-admin' })
    ).json();
    expect(audit.items).toEqual([
      expect.objectContaining({
        action: 'unmask',
        field: 'mobile',
        reason: '通知当事人参加调解',
        actor: expect.stringContaining('demo-mediator-gjqc'),
      }),
      expect.objectContaining({
        action: 'unmask',
        field: 'idNumber',
        actor: expect.stringContaining('demo-judge'),
      }),
    ]);
  });

  it('keeps a number in a URL out of the logs too', async () => {
    const res = await api(`/api/staff/contacts/${MOBILE}`, { as: 'demo-judge' });
    expect(res.status).toBe(404);
    const odd = await api(`/api/no-such/${ID_NUMBER}`);
    expect(odd.status).toBe(404);
  });
});

describe('the dev outbox', () => {
  it('lists the SMS with the recipient masked, on a page with no inline script or style', async () => {
    const json = await (await api('/api/dev/outbox')).json();
    const sms = json.items.find((m: { text: string }) => m.text.includes(reference));
    expect(sms).toMatchObject({
      channel: 'sms',
      recipient: '138****7777',
      purpose: 'tracking-code',
    });
    const page = await api('/dev/outbox', { headers: { 'Accept-Language': 'en' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('138****7777');
    expect(html).toContain(reference);
    expect(html).not.toMatch(/<script|<style|style="/);
    for (const needle of needles) expect(html).not.toContain(needle);
    const zh = await (await api('/dev/outbox')).text();
    expect(zh).toContain('发件箱');
  });
});

describe('what is kept', () => {
  it('holds neither number in clear anywhere in the table', async () => {
    const table = createTable(server.tableName);
    // A test may scan; no request path does.
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await table.doc.send(
        new ScanCommand({ TableName: table.name, ExclusiveStartKey: start }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    const dump = JSON.stringify(items);
    for (const needle of needles) expect(dump).not.toContain(needle);
    const contact = items.find((i) => i.pk === `CONTACT#${reference}`)!;
    expect(contact.mobileSealed).toMatch(/^v1\.local:[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(contact.idNumberSealed).toMatch(/^v1\.local:/);
    expect(contact.mobileIndex).toMatch(/^[\w-]{43}$/);
    expect(contact.mobileMasked).toBe('138****7777');
  });

  it('wrote logs for the whole run, and none carries either number', () => {
    const text = logged.join('');
    // The capture works: request lines of this run are in it.
    expect(text).toContain('"message":"request"');
    expect(text).toContain('/api/staff/contacts/138****7777');
    for (const needle of needles) expect(text).not.toContain(needle);
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  });
});

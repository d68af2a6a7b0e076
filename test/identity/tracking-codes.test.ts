// Residents' codes over HTTP: derived codes, the same 404 for every failure, 429 per reference, recovery, re-issue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { type Api, apiFor, codeFromOutbox, createContact, outboxText } from './helpers.ts';

let server: TestServer;
let api: Api;
beforeAll(async () => {
  server = await startTestServer();
  api = apiFor(server);
});
afterAll(async () => {
  await server?.close();
});

let phones = 0;
/** A fresh contact with a mobile; its code arrives by SMS (the dev outbox). */
async function contactWithCode(): Promise<{ reference: string; code: string }> {
  const mobile = `1399511${String(1000 + phones++).padStart(4, '0')}`;
  const { reference } = await createContact(api, 'demo-mediator-gjqc', {
    name: '马秀英',
    regionId: 'wz-litong-gjq-gjqc',
    mobile,
  });
  return { reference, code: await codeFromOutbox(api, reference) };
}

/** A code that is well-formed but not this one. */
const wrong = (code: string) => (code.startsWith('2') ? `3${code.slice(1)}` : `2${code.slice(1)}`);
const read = (reference: string, code?: string) => api(`/api/contacts/${reference}`, { code });

describe('reading with a tracking code', () => {
  it('opens the record with the code, in any case and with spaces, numbers masked', async () => {
    const { reference, code } = await contactWithCode();
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    const res = await read(reference, code);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({
      reference,
      name: '马秀英',
      mobile: expect.stringMatching(/^139\*{4}\d{4}$/),
    });
    expect((await read(reference.toLowerCase(), ` ${code.toLowerCase()} `)).status).toBe(200);
  });

  it('answers every failure with the same 404 body', async () => {
    const { reference, code } = await contactWithCode();
    const bodies = await Promise.all(
      [
        read(reference, wrong(code)), // wrong code
        read(reference), // missing code
        read('PCNOSUCHREF', code), // unknown reference
      ].map(async (p) => {
        const res = await p;
        expect(res.status).toBe(404);
        return res.text();
      }),
    );
    const other = await contactWithCode();
    bodies.push(await (await read(other.reference, 'bad!')).text()); // malformed code
    bodies.push(await (await read('not a ref %', code)).text()); // malformed reference
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!).error.code).toBe('NOT_FOUND');
  });

  it('after 5 wrong codes answers 429 even to the right one, for that reference only', async () => {
    const target = await contactWithCode();
    const bystander = await contactWithCode();
    for (let i = 0; i < 5; i++)
      expect((await read(target.reference, wrong(target.code))).status).toBe(404);
    const blocked = await read(target.reference, target.code);
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).error.code).toBe('TOO_MANY_ATTEMPTS');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another reference is unaffected.
    expect((await read(bystander.reference, bystander.code)).status).toBe(200);
    // The reference string is what counts, however it is typed.
    expect((await read(` ${target.reference.toLowerCase()}`, target.code)).status).toBe(429);
  });

  it('counts missing and malformed codes, and unknown references, too', async () => {
    const { reference, code } = await contactWithCode();
    await read(reference);
    await read(reference, 'x');
    await read(reference, '');
    await read(reference, 'TOOLONGCODE');
    await read(reference, wrong(code));
    expect((await read(reference, code)).status).toBe(429);
    for (let i = 0; i < 5; i++) expect((await read('PCUNKNOWN99', code)).status).toBe(404);
    expect((await read('PCUNKNOWN99', code)).status).toBe(429);
  });

  it('does not reset the count on a right code inside the window', async () => {
    const { reference, code } = await contactWithCode();
    for (let i = 0; i < 2; i++) await read(reference, wrong(code));
    expect((await read(reference, code)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await read(reference, wrong(code))).status).toBe(404);
    expect((await read(reference, code)).status).toBe(429);
  });

  it('takes about as long for an unknown reference as for a wrong code', async () => {
    const contacts = await Promise.all([1, 2, 3, 4].map(() => contactWithCode()));
    const time = async (reference: string, code: string) => {
      const started = performance.now();
      const res = await read(reference, code);
      await res.text();
      expect(res.status).toBe(404);
      return performance.now() - started;
    };
    const wrongTimes: number[] = [];
    const unknownTimes: number[] = [];
    // Interleaved, so drift in the machine's load affects both alike.
    for (let round = 0; round < 4; round++) {
      for (const [i, c] of contacts.entries()) {
        wrongTimes.push(await time(c.reference, wrong(c.code)));
        // Each reference is tried once per round on both sides, so both meet the same counter state.
        unknownTimes.push(await time(`PCUNKNOWN${i}X`, c.code));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [w, u] = [median(wrongTimes), median(unknownTimes)];
    console.info(`tracking codes: median wrong ${w.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`);
    // Similar, not equal: a loaded CI machine adds noise of its own.
    expect(Math.abs(w - u)).toBeLessThan(Math.max(15, 0.5 * Math.max(w, u)));
  });
});

describe('a lost code', () => {
  it('is recovered with a one-time SMS code to the phone on file', async () => {
    const { reference, code } = await contactWithCode();
    const asked = await api(`/api/contacts/${reference}/code-recovery`, { method: 'POST' });
    expect(asked.status).toBe(202);
    const unknown = await api('/api/contacts/PCNOSUCHREF/code-recovery', { method: 'POST' });
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual(await asked.json());

    const text = await outboxText(api, '找回查询码');
    const otp = /验证码 (\d{6})/.exec(text)![1]!;
    const verify = (value: string) =>
      api(`/api/contacts/${reference}/code-recovery/verify`, {
        method: 'POST',
        body: JSON.stringify({ otp: value }),
      });
    const bad = await verify(otp === '000000' ? '111111' : '000000');
    expect(bad.status).toBe(404);
    const good = await verify(otp);
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ reference, trackingCode: code });
    // One time only.
    expect((await verify(otp)).status).toBe(404);
  });

  it('limits recovery messages per reference', async () => {
    const { reference } = await contactWithCode();
    const ask = () => api(`/api/contacts/${reference}/code-recovery`, { method: 'POST' });
    for (let i = 0; i < 3; i++) expect((await ask()).status).toBe(202);
    const res = await ask();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).not.toBeNull();
  });

  it('is re-issued by staff for a party without a mobile, audited, and the old code stops working', async () => {
    const { reference } = await createContact(api, 'demo-mediator-gjqc', {
      name: '李老汉',
      regionId: 'wz-litong-gjq-gjqc',
    });
    const reissue = () =>
      api(`/api/staff/contacts/${reference}/tracking-code`, {
        method: 'POST',
        as: 'demo-mediator-gjqc',
        body: JSON.stringify({ reason: '当事人无手机，打印告知书' }),
      });
    const first = await (await reissue()).json();
    expect(first.trackingCode).toMatch(/^[2-9A-Z]{8}$/);
    expect((await read(reference, first.trackingCode)).status).toBe(200);
    const second = await (await reissue()).json();
    expect(second.trackingCode).not.toBe(first.trackingCode);
    expect((await read(reference, first.trackingCode)).status).toBe(404);
    expect((await read(reference, second.trackingCode)).status).toBe(200);

    const audit = await (
      await api(`/api/staff/contacts/${reference}/audit`, { as: 'demo-agency-admin' })
    ).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
      'reissue_tracking_code',
      'reissue_tracking_code',
    ]);
    expect(audit.items[0].actor).toContain('demo-mediator-gjqc');
    // A panel member may read the contact but not re-issue its code.
    const refused = await api(`/api/staff/contacts/${reference}/tracking-code`, {
      method: 'POST',
      as: 'demo-panel-member',
      body: JSON.stringify({ reason: '试试' }),
    });
    expect(refused.status).toBe(403);
  });
});

describe('the attempt window', () => {
  it('opens again 15 minutes after the first wrong attempt', async () => {
    const { reference, code } = await contactWithCode();
    for (let i = 0; i < 5; i++) await read(reference, wrong(code));
    expect((await read(reference, code)).status).toBe(429);
    await api('/api/dev/clock', {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: 15 * 60 + 1 }),
    });
    expect((await read(reference, code)).status).toBe(200);
  });
});

// The SMS webhook adapter: a signed JSON POST the agency's gateway can verify.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { smsWebhook } from './sms-webhook.ts';

let server: Server;
let url: string;
let status = 200;
const seen: { headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/sms`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('posts the message signed with the shared secret over timestamp and body', async () => {
  await smsWebhook({ url, signingSecret: 's3cret' }).send({
    channel: 'sms',
    to: '13812341234',
    text: '验证码 123456',
    purpose: 'recovery-otp',
  });
  const [{ headers, body }] = seen as [(typeof seen)[number]];
  expect(JSON.parse(body)).toEqual({
    to: '13812341234',
    text: '验证码 123456',
    purpose: 'recovery-otp',
  });
  const expected = createHmac('sha256', 's3cret')
    .update(`${headers['x-fengqiao-timestamp']}.${body}`)
    .digest('hex');
  expect(headers['x-fengqiao-signature']).toBe(`sha256=${expected}`);
});

it('fails on a gateway error, naming the status only', async () => {
  status = 502;
  const sending = smsWebhook({ url, signingSecret: 's' }).send({
    channel: 'sms',
    to: '13812341234',
    text: 'x',
    purpose: 'p',
  });
  await expect(sending).rejects.toThrow('SMS gateway answered 502');
});

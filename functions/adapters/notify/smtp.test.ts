// The SMTP adapter against a small SMTP server on localhost: the dialogue, AUTH, the message.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { smtp } from './smtp.ts';

let server: Server;
let port: number;
const received: { commands: string[]; data: string }[] = [];

beforeAll(async () => {
  server = createServer((socket) => {
    const session = { commands: [] as string[], data: '' };
    received.push(session);
    let inData = false;
    let buffer = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          session.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write('250 queued\r\n');
          continue;
        }
        const end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        session.commands.push(line);
        if (line.startsWith('EHLO')) socket.write('250-test\r\n250 AUTH PLAIN\r\n');
        else if (line.startsWith('AUTH')) socket.write('235 ok\r\n');
        else if (line === 'DATA') {
          inData = true;
          socket.write('354 go\r\n');
        } else if (line === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('sends a UTF-8 message with AUTH PLAIN', async () => {
  const mailer = smtp({
    host: '127.0.0.1',
    port,
    from: 'noreply@fengqiao.example.gov.cn',
    username: 'u',
    password: 'p',
    insecureLocalhost: true,
  });
  await mailer.send({
    channel: 'email',
    to: 'mediator@example.gov.cn',
    subject: '督办通知',
    text: '案件 TJ2026-0001 已超期，请尽快处理。',
    purpose: 'supervision',
  });
  const [session] = received;
  expect(session!.commands).toEqual([
    'EHLO fengqiao',
    `AUTH PLAIN ${Buffer.from('\0u\0p').toString('base64')}`,
    'MAIL FROM:<noreply@fengqiao.example.gov.cn>',
    'RCPT TO:<mediator@example.gov.cn>',
    'DATA',
    'QUIT',
  ]);
  expect(session!.data).toContain('Subject: =?UTF-8?B?');
  const body = session!.data.split('\r\n\r\n')[1]!.replace(/\r\n/g, '');
  expect(Buffer.from(body, 'base64').toString()).toBe('案件 TJ2026-0001 已超期，请尽快处理。');
});

it('refuses a plain-text server that is not on this machine, and header injection', async () => {
  expect(() =>
    smtp({ host: 'mail.example.org', from: 'a@b.cn', insecureLocalhost: true }),
  ).toThrow();
  const mailer = smtp({ host: '127.0.0.1', port, from: 'a@b.cn', insecureLocalhost: true });
  await expect(
    mailer.send({ channel: 'email', to: 'x@y.cn\r\nBcc: z@w.cn', text: 't', purpose: 'p' }),
  ).rejects.toThrow();
});

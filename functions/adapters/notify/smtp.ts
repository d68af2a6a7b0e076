// E-mail over SMTP (a city's own mail server where SES is missing): implicit TLS or STARTTLS, AUTH PLAIN.
import { randomUUID } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import type { Notifier } from '../notifier.port.ts';

export interface SmtpOptions {
  host: string;
  /** 465: TLS from the first byte; 587 (default) or 25: STARTTLS, required. */
  port?: number;
  from: string;
  /** From the stack's secret store, never the city config. */
  username?: string;
  password?: string;
  timeoutMs?: number;
  /** Tests only: a plain-text server on localhost. */
  insecureLocalhost?: boolean;
}

/** Reads SMTP replies (multi-line aware) from a socket. */
function replies(socket: Socket | TLSSocket) {
  let buffer = '';
  const waiting: ((reply: { code: number; text: string }) => void)[] = [];
  const ready: { code: number; text: string }[] = [];
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (;;) {
      // A reply ends with a line "NNN text" (a space, not a dash, after the code).
      const match = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(buffer);
      if (!match) break;
      const end = match.index + match[0].length;
      const text = buffer.slice(0, end);
      buffer = buffer.slice(end);
      const reply = { code: Number(match[1]), text };
      const next = waiting.shift();
      if (next) next(reply);
      else ready.push(reply);
    }
  };
  socket.on('data', onData);
  return {
    next(): Promise<{ code: number; text: string }> {
      const reply = ready.shift();
      if (reply) return Promise.resolve(reply);
      return new Promise((resolve) => waiting.push(resolve));
    },
    detach() {
      socket.off('data', onData);
    },
  };
}

/** RFC 2047 for a UTF-8 header (a Chinese subject). */
const encodeHeader = (value: string) =>
  /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`;

export function smtp(options: SmtpOptions): Notifier {
  const port = options.port ?? 587;
  const implicitTls = port === 465;
  if (options.insecureLocalhost && !['127.0.0.1', 'localhost'].includes(options.host)) {
    throw new Error('insecureLocalhost is for a server on this machine only');
  }

  return {
    async send(message) {
      if (message.channel !== 'email') throw new Error('SMTP sends e-mail only');
      if (/[\r\n]/.test(message.to + (message.subject ?? ''))) throw new Error('header injection');
      let socket: Socket | TLSSocket = implicitTls
        ? connectTls({ host: options.host, port, servername: options.host })
        : connectTcp({ host: options.host, port });
      socket.setTimeout(options.timeoutMs ?? 10_000, () =>
        socket.destroy(new Error('SMTP timeout')),
      );
      const failed = new Promise<never>((_, reject) => socket.once('error', reject));
      let reader = replies(socket);
      const expect = async (ok: number[]) => {
        const reply = await Promise.race([reader.next(), failed]);
        // The code only: a server's text may echo the recipient.
        if (!ok.includes(reply.code)) throw new Error(`SMTP server answered ${reply.code}`);
        return reply;
      };
      const say = async (line: string, ok: number[]) => {
        socket.write(`${line}\r\n`);
        return expect(ok);
      };
      try {
        await expect([220]);
        let ehlo = await say('EHLO fengqiao', [250]);
        if (!implicitTls && !options.insecureLocalhost) {
          if (!/STARTTLS/i.test(ehlo.text)) throw new Error('SMTP server offers no STARTTLS');
          await say('STARTTLS', [220]);
          reader.detach();
          socket = connectTls({ socket, servername: options.host });
          await new Promise<void>((resolve, reject) => {
            (socket as TLSSocket).once('secureConnect', resolve);
            socket.once('error', reject);
          });
          reader = replies(socket);
          ehlo = await say('EHLO fengqiao', [250]);
        }
        if (options.username && options.password) {
          const token = Buffer.from(`\0${options.username}\0${options.password}`).toString(
            'base64',
          );
          await say(`AUTH PLAIN ${token}`, [235]);
        }
        await say(`MAIL FROM:<${options.from}>`, [250]);
        await say(`RCPT TO:<${message.to}>`, [250, 251]);
        await say('DATA', [354]);
        const body = Buffer.from(message.text, 'utf8')
          .toString('base64')
          .replace(/.{1,76}/g, '$&\r\n');
        const headers = [
          `From: ${options.from}`,
          `To: ${message.to}`,
          `Subject: ${encodeHeader(message.subject ?? '')}`,
          `Date: ${new Date().toUTCString()}`,
          `Message-ID: <${randomUUID()}@${options.from.split('@')[1] ?? 'fengqiao'}>`,
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=UTF-8',
          'Content-Transfer-Encoding: base64',
        ];
        await say(`${headers.join('\r\n')}\r\n\r\n${body}.`, [250]);
        await say('QUIT', [221]).catch(() => undefined);
      } finally {
        socket.destroy();
      }
    },
  };
}

// SMS through the agency's gateway: a JSON POST signed with HMAC-SHA256 (header X-Fengqiao-Signature).
import { createHmac } from 'node:crypto';
import type { Notifier } from '../notifier.port.ts';

export function smsWebhook(options: {
  url: string;
  /** The shared signing secret, from the stack's secret store (never the city config). */
  signingSecret: string;
  timeoutMs?: number;
}): Notifier {
  return {
    async send(message) {
      if (message.channel !== 'sms') throw new Error('the SMS webhook sends SMS only');
      const body = JSON.stringify({ to: message.to, text: message.text, purpose: message.purpose });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = createHmac('sha256', options.signingSecret)
        .update(`${timestamp}.${body}`)
        .digest('hex');
      const res = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-fengqiao-timestamp': timestamp,
          'x-fengqiao-signature': `sha256=${signature}`,
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      // The status only: a gateway's body may echo the number.
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    },
  };
}

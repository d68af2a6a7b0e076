// E-mail through Amazon SES v2 (a simple UTF-8 message from the city's verified address), where the city config chooses "ses".
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Notifier } from '../notifier.port.ts';

export function sesEmail(options: { from: string; client: Pick<SESv2Client, 'send'> }): Notifier {
  return {
    async send(message) {
      if (message.channel !== 'email') throw new Error('SES sends e-mail only');
      await options.client.send(
        new SendEmailCommand({
          FromEmailAddress: options.from,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject ?? '', Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
            },
          },
          // For SES's own event publishing and suppression reports: what, never whom.
          EmailTags: [{ Name: 'purpose', Value: message.purpose.replace(/[^\w-]/g, '_') }],
        }),
      );
    },
  };
}

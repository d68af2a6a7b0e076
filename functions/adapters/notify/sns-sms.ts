// SMS through Amazon SNS (a direct publish to the phone number), where the city config chooses "sns".
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notifier } from '../notifier.port.ts';

/** An 11-digit mainland mobile becomes E.164 (+86…); a number already in E.164 stays. */
export function toE164(to: string): string {
  if (/^\+[1-9]\d{6,14}$/.test(to)) return to;
  if (/^1[3-9]\d{9}$/.test(to)) return `+86${to}`;
  // Never the number itself in the message: errors end up in logs.
  throw new Error('not a mobile number SNS can send to');
}

export function snsSms(options: { client: Pick<SNSClient, 'send'> }): Notifier {
  return {
    async send(message) {
      if (message.channel !== 'sms') throw new Error('SNS SMS sends SMS only');
      await options.client.send(
        new PublishCommand({
          PhoneNumber: toE164(message.to),
          Message: message.text,
          MessageAttributes: {
            // Codes and case notices: delivered first, whatever the account's default.
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          },
        }),
      );
    },
  };
}

// SNS and SES v2 cannot run on this machine: the adapters get a client that records the command, and the test reads its input.

import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { expect, it } from 'vitest';
import { sesEmail } from './ses-email.ts';
import { snsSms, toE164 } from './sns-sms.ts';

function recordingClient() {
  const sent: unknown[] = [];
  return { sent, client: { send: async (command: unknown) => void sent.push(command) } as never };
}

it('publishes a transactional SMS to the E.164 number', async () => {
  const { sent, client } = recordingClient();
  await snsSms({ client }).send({
    channel: 'sms',
    to: '13812341234',
    text: '您的案件编号 TJ2026-0001',
    purpose: 'tracking-code',
  });
  expect(sent).toHaveLength(1);
  expect(sent[0]).toBeInstanceOf(PublishCommand);
  expect((sent[0] as PublishCommand).input).toEqual({
    PhoneNumber: '+8613812341234',
    Message: '您的案件编号 TJ2026-0001',
    MessageAttributes: {
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
    },
  });
});

it('refuses what is not a mobile number, without echoing it', () => {
  expect(toE164('+447700900123')).toBe('+447700900123');
  expect(() => toE164('0953-2012348')).toThrow('not a mobile number SNS can send to');
});

it('sends a UTF-8 e-mail from the configured address through SES v2', async () => {
  const { sent, client } = recordingClient();
  await sesEmail({ from: 'noreply@fengqiao.example.gov.cn', client }).send({
    channel: 'email',
    to: 'mediator@example.gov.cn',
    subject: '督办通知',
    text: '案件 TJ2026-0001 已超期。',
    purpose: 'supervision',
  });
  expect(sent[0]).toBeInstanceOf(SendEmailCommand);
  expect((sent[0] as SendEmailCommand).input).toEqual({
    FromEmailAddress: 'noreply@fengqiao.example.gov.cn',
    Destination: { ToAddresses: ['mediator@example.gov.cn'] },
    Content: {
      Simple: {
        Subject: { Data: '督办通知', Charset: 'UTF-8' },
        Body: { Text: { Data: '案件 TJ2026-0001 已超期。', Charset: 'UTF-8' } },
      },
    },
    EmailTags: [{ Name: 'purpose', Value: 'supervision' }],
  });
});

it('sends each channel only its own kind of message', async () => {
  const { client } = recordingClient();
  await expect(
    snsSms({ client }).send({ channel: 'email', to: 'a@b.cn', text: 't', purpose: 'p' }),
  ).rejects.toThrow('SMS only');
  await expect(
    sesEmail({ from: 'a@b.cn', client }).send({
      channel: 'sms',
      to: '13812341234',
      text: 't',
      purpose: 'p',
    }),
  ).rejects.toThrow('e-mail only');
});

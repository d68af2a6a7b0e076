// GET /dev/outbox: every message the outbox notifier recorded, recipients masked; local mode only.
import type { OutboxReader } from '#adapters/notifier.port.ts';
import { type Locale, pickLocale } from '#api/messages.ts';
import { html, page } from './layout.ts';

const channelNames: Record<string, [string, string]> = {
  sms: ['短信', 'SMS'],
  email: ['电子邮件', 'E-mail'],
};

export async function outboxPage(
  outbox: OutboxReader,
  request: { acceptLanguage?: string; uiLocales?: string },
): Promise<string> {
  const locale: Locale = pickLocale(request.uiLocales ?? request.acceptLanguage);
  const en = locale === 'en';
  const messages = await outbox.list(100);
  const rows = messages.map(
    (m) => html`<tr>
<td><time datetime="${m.sentAt}">${m.sentAt.replace('T', ' ').slice(0, 19)}</time></td>
<td>${channelNames[m.channel]?.[en ? 1 : 0] ?? m.channel}</td>
<td>${m.recipient}</td>
<td>${m.purpose}</td>
<td class="text">${m.subject ? `${m.subject} — ` : ''}${m.text}</td>
</tr>`,
  );
  const body =
    messages.length === 0
      ? html`<p class="notice">${en ? 'No messages yet. Messages to residents and staff appear here instead of being sent.' : '还没有消息。发给群众和工作人员的短信、邮件不会真正发出，而是显示在这里。'}</p>`
      : html`<p>${en ? 'Newest first; the last 100 messages of the past week. Recipients are masked.' : '最新的在前，显示最近一周的最后 100 条。收件人已脱敏。'}</p>
<div class="table-wrap"><table>
<caption class="visually-hidden">${en ? 'Outbox' : '发件箱'}</caption>
<thead><tr><th scope="col">${en ? 'Sent (UTC)' : '时间（UTC）'}</th><th scope="col">${en ? 'Channel' : '渠道'}</th><th scope="col">${en ? 'Recipient' : '收件人'}</th><th scope="col">${en ? 'Purpose' : '用途'}</th><th scope="col">${en ? 'Text' : '内容'}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
  return page({
    locale,
    title: en ? 'Outbox · Fengqiao (local)' : '发件箱 · 枫桥（本地）',
    heading: en ? 'Outbox' : '发件箱',
    body,
    otherLanguageHref: `/dev/outbox?ui_locales=${en ? 'zh-CN' : 'en'}`,
  });
}

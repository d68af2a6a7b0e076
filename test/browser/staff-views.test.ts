// The staff portal's other views in Chromium under the strict CSP (the main mediator journey is in
// staff.test.ts): the judge decides a confirmation from the queue, a mediator marks a booking
// no-show from the calendar (and corrects it), a member of the region who does not sit on a
// session sees its room without the check-in, escalating asks for the reason in the minutes, and
// a token the API never accepted is reported instead of looping through sign-in.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, recordProblems } from '../support/browser.ts';
import {
  asParty,
  clockNow,
  codeSentTo,
  holdSession,
  moveClock,
  sampleIntake,
  staff,
  toDiagnosis,
  waitForStep,
} from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const mediator = () => staff(server, 'demo-mediator-gjqc');

/** A case at the session step on the simple track. */
async function toSession(category = 'neighbours') {
  const filed = await toDiagnosis(server, sampleIntake({ category }));
  await mediator().act(filed.caseNumber, 'diagnosis', {
    mediable: true,
    respondentConsents: true,
    track: 'simple',
  });
  await waitForStep(server, filed.caseNumber, 'Session');
  return filed;
}

/** A browser context signed in as `subject` (the token put where the callback puts it). */
async function signedIn(subject: string, width = 1280): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const token = await server.identity.signIdToken(subject);
  await context.addInitScript((t) => {
    if (!sessionStorage.getItem('fq.staff.idToken')) sessionStorage.setItem('fq.staff.idToken', t);
  }, token);
  return context;
}

/** Every visible control has a name; one h1, one main. */
async function named(page: Page): Promise<void> {
  const report = await page.evaluate(() => {
    const unnamed = Array.from(
      document.querySelectorAll<HTMLElement>('input, select, textarea, button, a[href]'),
    )
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => {
        const labels = (el as HTMLInputElement).labels;
        const name =
          el.getAttribute('aria-label') ??
          (labels?.length ? Array.from(labels, (l) => l.textContent).join(' ') : el.textContent);
        return !name?.trim();
      })
      .map((el) => el.outerHTML.slice(0, 100));
    return {
      unnamed,
      h1: document.querySelectorAll('h1').length,
      main: document.querySelectorAll('main').length,
    };
  });
  expect(report).toEqual({ unnamed: [], h1: 1, main: 1 });
}

it('a judge signs in at the issuer and confirms an agreement from the queue, with reasons', async () => {
  const applicant = await toSession('contract_loan');
  const respondent = await codeSentTo(server, applicant.caseNumber, '139****5678');
  const sessionId = await holdSession(server, applicant.caseNumber);
  await mediator().act(applicant.caseNumber, 'outcome', {
    sessionId,
    outcome: 'agreement',
    terms: ['被申请人于 2027 年 3 月 31 日前归还借款 5 万元'],
    signedInPerson: true,
  });
  await waitForStep(server, applicant.caseNumber, 'ConfirmationWindow');
  for (const party of [applicant, respondent])
    await asParty(server, party, 'POST', '/judicial-confirmation', { apply: true });
  await waitForStep(server, applicant.caseNumber, 'JudicialReview');

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${server.url}/staff/judge/`);
    await page.waitForURL(/\/dev\/oidc\/authorize/);
    await page.getByRole('button', { name: /丁海林/ }).click();
    await page.waitForURL((url) => url.pathname === '/staff/judge/');
    const item = page.getByRole('form', { name: new RegExp(applicant.caseNumber) });
    await item.waitFor();
    expect(await page.getByRole('link', { name: '司法确认', exact: true }).isVisible()).toBe(true);
    expect(await item.textContent()).toContain('归还借款 5 万元');
    // Names of parties are masked in the queue.
    expect(await item.textContent()).not.toContain('马小花');
    await named(page);
    await item.getByRole('button', { name: '确认' }).click();
    await item.getByText('请填写这一项。').waitFor();
    const reasons = item.getByRole('textbox', { name: '理由' });
    expect(await reasons.getAttribute('aria-invalid')).toBe('true');
    expect(await reasons.evaluate((el) => el === document.activeElement)).toBe(true);
    await reasons.fill('协议内容合法，双方自愿，予以确认。');
    await item.getByRole('button', { name: '确认' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${applicant.caseNumber} · 确认有效` })
      .waitFor();
    const record = await staff(server, 'demo-judge').get(applicant.caseNumber);
    expect(record.stage).not.toBe('judicial_confirmation');
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}, 120_000);

it('a mediator marks a booking of his no-show from his calendar, then corrects it', async () => {
  const to = new Date((await clockNow(server)).getTime() + 30 * 86_400_000).toISOString();
  const slots = (await (
    await fetch(
      `${server.url}/api/slots?servicePointId=wz-litong-gjq-gjqc-room&serviceId=mediation_request&providerId=wz-ma-yongfu&to=${encodeURIComponent(to)}`,
    )
  ).json()) as { slots: { slotId: string }[] };
  const booked = await fetch(`${server.url}/api/bookings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({
      slotId: slots.slots[0]!.slotId,
      serviceId: 'mediation_request',
      mode: 'in_person',
      applicant: { name: '日历测试', phone: '13995110001' },
    }),
  });
  expect(booked.status).toBe(201);
  const { reference, booking } = (await booked.json()) as {
    reference: string;
    booking: { start: string };
  };
  const date = booking.start.slice(0, 10);
  await moveClock(server, {
    to: new Date(new Date(booking.start).getTime() + 3_600_000).toISOString(),
  });

  const context = await signedIn('demo-mediator-gjqc', 390);
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${server.url}/staff/calendar/?span=day&from=${date}`);
    const noShow = page.getByRole('button', { name: `标记未到 ${reference}` });
    await noShow.waitFor();
    expect(
      await page.getByRole('link', { name: '日', exact: true }).getAttribute('aria-current'),
    ).toBe('page');
    expect(await page.locator('[data-range]').textContent()).toBe(date);
    await named(page);
    await noShow.click();
    await page.locator('[data-attendance="no_show"]').waitFor();
    expect(await page.getByRole('status').textContent()).toContain(`${reference} · 未到`);
    // A mistaken mark is corrected.
    await page.getByRole('button', { name: `标记已到 ${reference}` }).click();
    await page.locator('[data-attendance="completed"]').waitFor();
    // The day before and after are a click away.
    const earlier = await page.getByRole('link', { name: '上一段' }).getAttribute('href');
    expect(earlier).toMatch(/^\?span=day&from=\d{4}-\d\d-\d\d$/);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}, 90_000);

it('the town mediator sees a village session room without the check-in; escalating asks for the reason', async () => {
  const filed = await toSession();
  const startsAt = new Date((await clockNow(server)).getTime() + 2 * 3_600_000).toISOString();
  const scheduled = await mediator().act(filed.caseNumber, 'sessions', {
    startsAt,
    durationMinutes: 60,
    mode: 'in_person',
    place: '郭家桥村调解室',
  });
  const sessionId = scheduled.sessions.at(-1)!.sessionId;

  const context = await signedIn('demo-mediator-gjq');
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${server.url}/staff/session/?case=${filed.caseNumber}&session=${sessionId}`);
    await page.getByRole('heading', { name: '参加人员' }).waitFor();
    await page.locator('[data-list="participants"] li').first().waitFor();
    expect(await page.getByRole('button', { name: '加入并签到' }).isVisible()).toBe(false);
    expect(await page.locator('[data-list="agenda"] li').count()).toBeGreaterThan(3);
    expect(await page.locator('[data-when]').textContent()).toContain('郭家桥村调解室');
    await named(page);
    // Escalating without a reason is caught at the minutes.
    await page.getByRole('radio', { name: '上报上一级' }).check();
    expect(await page.locator('[data-outcome-hint]').textContent()).toContain('原因');
    expect(await page.getByRole('textbox', { name: /协议条款/ }).isVisible()).toBe(false);
    await page.getByRole('button', { name: '记录结果' }).click();
    await page.getByText('请在笔录中写明原因。').first().waitFor();
    const minutes = page.getByRole('textbox', { name: '笔录' });
    expect(await minutes.getAttribute('aria-invalid')).toBe('true');
    expect(await minutes.evaluate((el) => el === document.activeElement)).toBe(true);
    // Before the session starts the server refuses the outcome, and the page says why.
    await minutes.fill('双方分歧较大，涉及宅基地权属，需乡镇调解。');
    await page.getByRole('button', { name: '记录结果' }).click();
    await page.getByRole('status').filter({ hasText: '出错了' }).waitFor();
    expect((await mediator().get(filed.caseNumber)).sessions.at(-1)!.status).toBe('scheduled');
    // The only problems are the refusals the page explained.
    expect(problems.filter((p) => !/status of (403|409)/.test(p))).toEqual([]);
  } finally {
    await context.close();
  }
}, 90_000);

it('a token the API never accepted is reported, not sent round sign-in again', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const token = await server.identity.signIdToken('demo-mediator-gjqc', { aud: 'someone-else' });
  await context.addInitScript((t) => sessionStorage.setItem('fq.staff.idToken', t), token);
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/staff/cases/`);
    await page.getByRole('status').filter({ hasText: '登录后服务器仍不认可您的身份' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/staff/cases/');
    expect(await page.getByRole('button', { name: '登录', exact: true }).isVisible()).toBe(true);
  } finally {
    await context.close();
  }
});

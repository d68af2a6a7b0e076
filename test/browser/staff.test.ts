// The staff portal in Chromium under the strict CSP, against the real server, workflow and dev
// OIDC issuer: the village mediator signs in (PKCE) and lands back on the case file he opened,
// schedules a panel session from the proposals, joins it, records an agreement with its terms
// (an expired token on the way sends him through sign-in and back to the same room), prints the
// 调解协议书; then the applicant's tracking page shows the agreement. Every page visited is
// checked for one h1, a main landmark, named controls and no sideways scroll at 200% text.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, recordProblems } from '../support/browser.ts';
import {
  asParty,
  clockNow,
  codeSentTo,
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

const TERMS = ['张大山于 7 日内清理过道杂物', '双方今后共同维护过道通行，互不堆放'];

/** The landmarks, headings and names a screen reader user needs; a small axe-like pass. */
async function accessible(page: Page, where: string): Promise<void> {
  const report = await page.evaluate(() => {
    const visible = (el: Element) => {
      const box = (el as HTMLElement).getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const nameOf = (el: Element): string => {
      const aria = el.getAttribute('aria-label');
      if (aria?.trim()) return aria;
      const by = el.getAttribute('aria-labelledby');
      if (by)
        return by
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ');
      const labels = (el as HTMLInputElement).labels;
      if (labels?.length) return [...labels].map((l) => l.textContent ?? '').join(' ');
      if (el instanceof HTMLInputElement && ['submit', 'button'].includes(el.type)) return el.value;
      return el.textContent ?? el.getAttribute('title') ?? '';
    };
    const controls = [
      ...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]'),
    ]
      .filter(visible)
      .map((el) => ({ html: el.outerHTML.slice(0, 120), name: nameOf(el).trim() }));
    const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
    return {
      h1: document.querySelectorAll('h1').length,
      main: document.querySelectorAll('main, [role=main]').length,
      lang: document.documentElement.lang,
      unnamed: controls.filter((c) => !c.name).map((c) => c.html),
      duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
      skip: document.querySelector('a.fq-skip')?.getAttribute('href') ?? null,
      // Headings do not skip a level (h1 → h3).
      skipped: [...document.querySelectorAll('h1, h2, h3, h4')]
        .map((h) => Number(h.tagName[1]))
        .some((level, i, all) => i > 0 && level > (all[i - 1] ?? 1) + 1),
      images: [...document.querySelectorAll('img:not([alt])')].length,
    };
  });
  expect(report.h1, `${where}: one h1`).toBe(1);
  expect(report.main, `${where}: one main`).toBe(1);
  expect(report.lang, where).toMatch(/^(zh-CN|en)$/);
  expect(report.unnamed, `${where}: controls without a name`).toEqual([]);
  expect(report.duplicateIds, `${where}: duplicate ids`).toEqual([]);
  expect(report.skip, where).toBe('#main');
  expect(report.skipped, `${where}: heading levels`).toBe(false);
  expect(report.images, where).toBe(0);
  // At 200% text nothing pushes the page sideways (tables scroll inside their own box).
  const sideways = () =>
    page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
  expect(await sideways(), `${where} at 100%`).toBe(false);
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
  });
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .filter((el) => !el.closest('.fq-staff-scroll'))
      .slice(0, 3)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`,
      ),
  );
  expect(await sideways(), `${where} at 200%: ${wide.join(', ')}`).toBe(false);
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '';
  });
}

/** On the dev issuer's page: choose the demo account (its button posts the subject). */
async function chooseAccount(page: Page, name: string): Promise<void> {
  await page.waitForURL(/\/dev\/oidc\/authorize/);
  await page.getByRole('button', { name: new RegExp(name) }).click();
}

it('a mediator signs in, schedules a panel session, joins it and records an agreement the resident then sees', async () => {
  // A land dispute at the session step, on the panel track, with the respondent's consent.
  const applicant = await toDiagnosis(server, sampleIntake({ category: 'land_homestead' }));
  const respondent = await codeSentTo(server, applicant.caseNumber, '139****5678');
  expect((await asParty(server, respondent, 'POST', '/response', { consent: true })).status).toBe(
    200,
  );
  await staff(server, 'demo-mediator-gjqc').act(applicant.caseNumber, 'diagnosis', {
    mediable: true,
    respondentConsents: true,
    track: 'panel',
    panelKinds: ['judge', 'prosecutor', 'police_officer', 'legal_advisor'],
  });
  await waitForStep(server, applicant.caseNumber, 'Session');
  const caseNumber = applicant.caseNumber;

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = await recordProblems(page);
  page.on('response', (r) => {
    if (r.status() >= 400)
      problems.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  try {
    // Sign-in: the case file sends him to the issuer and the callback brings him back to it.
    await page.goto(`${server.url}/staff/case/?case=${caseNumber}`);
    await chooseAccount(page, '马永福');
    await page.waitForURL((url) => /^\/staff\/case\/?$/.test(url.pathname));
    expect(new URL(page.url()).searchParams.get('case')).toBe(caseNumber);
    await page.getByRole('heading', { name: caseNumber }).waitFor();
    expect(await page.locator('h1').textContent()).toBe('案件档案');
    expect(await page.locator('[data-me]').textContent()).toContain('马永福');
    // Parties are masked: the full mobile never reaches the page.
    const parties = (await page.locator('[data-list="parties"]').textContent()) ?? '';
    expect(parties).toContain('马小花');
    expect(parties).toContain('138****5678');
    expect(await page.content()).not.toContain('13812345678');
    expect(await page.locator('[data-deadlines]').textContent()).toContain('调解');
    expect(await page.locator('[data-list="timeline"]').textContent()).toContain('提交调解申请');
    await accessible(page, 'case file');

    // Scheduling: proposals of times when the whole panel is free; the first is chosen and booked.
    await page.getByRole('link', { name: '安排调解会' }).click();
    await page.waitForURL(/\/staff\/schedule\b/);
    await accessible(page, 'schedule');
    const first = page.locator('[data-list="proposals"] input[type="radio"]').first();
    await first.waitFor();
    await accessible(page, 'schedule with proposals');
    await first.check();
    expect(await page.getByRole('textbox', { name: /开始时间/ }).inputValue()).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d$/,
    );
    const booked = page.waitForResponse(
      (r) =>
        r.url().endsWith(`/api/staff/cases/${caseNumber}/sessions`) &&
        r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: '确认安排' }).click();
    const bookedAnswer = await booked;
    expect(bookedAnswer.status()).toBe(200);
    const sent = JSON.parse(bookedAnswer.request().postData() ?? '{}') as {
      memberIds?: string[];
      roomId?: string;
      place?: string;
      startsAt: string;
    };
    // The whole panel and the proposal's room (in person) are booked, the room named as the place.
    expect(sent.memberIds?.length ?? 0).toBeGreaterThan(1);
    expect(sent.roomId).toBeTruthy();
    expect(sent.place).toBeTruthy();
    expect(sent.startsAt).toMatch(/\+08:00$/);

    // The session room: who sits on it, the agenda, the minutes and the outcome form.
    await page.waitForURL(/\/staff\/session\b/);
    const roomUrl = page.url();
    await page.getByRole('heading', { name: '参加人员' }).waitFor();
    await page.locator('[data-list="participants"] li').first().waitFor();
    await accessible(page, 'session room');

    // The session's time comes (check-in opens 30 minutes before); an hour on, the ID token has
    // expired too: the next call is refused, he signs in again and is back in the same room.
    const session = (await staff(server, 'demo-mediator-gjqc').get(caseNumber)).sessions.at(-1)!;
    const now = (await clockNow(server)).getTime();
    const target = Math.max(new Date(session.startsAt).getTime() + 300_000, now + 3_700_000);
    await moveClock(server, { to: new Date(target).toISOString() });
    await page.reload();
    await chooseAccount(page, '马永福');
    await page.waitForURL(roomUrl);
    await page.getByRole('heading', { name: '参加人员' }).waitFor();

    // Joining checks him in (and, for a video session, gives the link).
    const join = page.getByRole('button', { name: '加入并签到' });
    await join.click();
    await page.getByRole('status').filter({ hasText: '您已签到' }).waitFor();
    expect(await page.locator('[data-list="participants"]').textContent()).toContain('已签到');

    // Minutes save themselves a moment after typing stops.
    const minutes = page.getByRole('textbox', { name: /笔录/ });
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/minutes') && r.request().method() === 'PUT',
    );
    await minutes.fill('双方到场，对界墙位置陈述意见，调解员释明相关规定。');
    expect((await saved).status()).toBe(200);
    await page
      .locator('[data-saved]')
      .getByText(/已保存/)
      .waitFor();

    // The outcome: an agreement without terms is caught at its field, then recorded.
    await page.getByRole('radio', { name: '达成协议', exact: true }).check();
    await page.getByRole('button', { name: '记录结果' }).click();
    await page.getByText('请至少写一条协议条款。').waitFor();
    const terms = page.getByRole('textbox', { name: /协议条款/ });
    expect(await terms.getAttribute('aria-invalid')).toBe('true');
    expect(await terms.evaluate((el) => el === document.activeElement)).toBe(true);
    await terms.fill(TERMS.join('\n'));
    await page.getByRole('button', { name: '记录结果' }).click();
    await page.getByRole('status').filter({ hasText: '结果已记录。' }).waitFor();
    const print = page.getByRole('link', { name: '打印调解协议书' });
    expect(await print.evaluate((el) => el === document.activeElement)).toBe(true);

    // The printable 调解协议书: parties, terms and signature lines, in Chinese.
    await print.click();
    await page.waitForURL(/\/staff\/agreement\b/);
    await page.getByRole('heading', { name: '人民调解协议书' }).waitFor();
    const doc = (await page.locator('article').textContent()) ?? '';
    for (const text of [
      caseNumber,
      '马小花',
      '张大山',
      ...TERMS,
      '（签名）',
      '郭家桥村人民调解委员会',
    ])
      expect(doc).toContain(text);
    expect(await page.locator('[data-list="terms"] li').count()).toBe(2);
    expect(await page.locator('.fq-staff-sign').count()).toBeGreaterThanOrEqual(3);
    await accessible(page, 'agreement');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.fq-staff-header').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // Expected: the refused expired token, nothing else.
    const expected = (p: string) => /status of 401|^401 GET \/api\/staff\/me$/.test(p);
    expect(problems.filter((p) => !expected(p))).toEqual([]);
  } finally {
    if (process.env.FQ_DEBUG) console.log(problems, await page.locator('main').textContent());
    await context.close();
  }

  // The applicant opens the case with its number and code: the agreement's terms are there.
  const resident = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const tab = await resident.newPage();
  try {
    await tab.goto(`${server.url}/track/?case=${caseNumber}`);
    await tab.getByRole('textbox', { name: /查询码/ }).fill(applicant.trackingCode);
    await tab.getByRole('button', { name: '查看', exact: true }).click();
    await tab.getByRole('heading', { name: new RegExp(`案件 ${caseNumber}`) }).waitFor();
    await tab.locator('[data-agreement]').getByText(TERMS[0]!).waitFor();
  } finally {
    await resident.close();
  }
}, 180_000);

it('signs out, and the English portal mirrors the Chinese one', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${server.url}/en/staff/`);
    await chooseAccount(page, 'Ma Yongfu');
    await page.waitForURL((url) => /^\/en\/staff\/?$/.test(url.pathname));
    expect(await page.locator('h1').textContent()).toBe('My work');
    await page.getByRole('heading', { name: 'Cases assigned to me' }).waitFor();
    // His inbox: the invitations, changes and cancellations of sessions he sits on (or none).
    await page.getByRole('heading', { name: 'Notices to me' }).waitFor();
    await page.locator('[data-list="notices"] :is(li, p)').first().waitFor();
    await accessible(page, 'my work (en, phone)');
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.waitForURL(/\/en\/staff\/cases\b/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('Case search');
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    await page
      .locator('[data-count]')
      .getByText(/^\d+ cases?$/)
      .waitFor();
    await accessible(page, 'case search (en, phone)');
    await page.getByRole('button', { name: 'Sign out' }).click();
    // Back on a registered logout URL (no query), signed out: no automatic sign-in.
    await page.waitForURL((url) => url.pathname === '/en/staff/' && !url.search);
    await page.getByRole('status').filter({ hasText: 'You are signed out.' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('fq.staff.idToken'))).toBeNull();
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(problems).toEqual([]);
  } finally {
    if (process.env.FQ_DEBUG) console.log(problems, await page.locator('main').textContent());
    await context.close();
  }
}, 60_000);

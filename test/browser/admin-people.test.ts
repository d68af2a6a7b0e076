// The agency console's People page in Chromium against the real server, workflow and dev OIDC
// issuer, signed in as the city's agency admin: an account created by `sub` (a refused one first,
// its error at the field), a roster member's leave and one-day change saved (a stale save
// reloaded first) and the booking slots following at once, and a member's open case handed over
// to another. The page is checked for one h1, landmarks, named controls, unique ids and no
// sideways scroll at 200% text, in Chinese and English.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, recordProblems } from '../support/browser.ts';
import { clockNow, sampleIntake, staff, toDiagnosis } from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const ADMIN = 'demo-agency-admin';
const POINT = 'wz-litong-center';
const SERVICE = 'legal_consultation';
/** 张文博, a notary at the district centre: Monday, Wednesday, Friday mornings and Saturday. */
const NOTARY = 'wz-zhang-wenbo';

interface Member {
  id: string;
  bio: string;
  leave?: { from: string; to: string; reason?: string }[];
  exceptions?: {
    date: string;
    shifts: { start: string; end: string; servicePointId: string }[];
    reason?: string;
  }[];
}

const admin = () => staff(server, ADMIN);
async function roster(): Promise<{ version: number; members: Member[] }> {
  const response = await admin().call('GET', '/api/admin/roster');
  expect(response.status).toBe(200);
  return (await response.json()) as { version: number; members: Member[] };
}

/** The member's free slots at the district centre in the next 14 days, as "YYYY-MM-DD HH:MM". */
async function notarySlots(): Promise<string[]> {
  const response = await fetch(
    `${server.url}/api/slots?servicePointId=${POINT}&serviceId=${SERVICE}&providerId=${NOTARY}`,
  );
  expect(response.status).toBe(200);
  const { slots } = (await response.json()) as { slots: { start: string }[] };
  return slots.map((s) => `${s.start.slice(0, 10)} ${s.start.slice(11, 16)}`);
}

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
      return el.textContent ?? el.getAttribute('title') ?? '';
    };
    const controls = [
      ...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]'),
    ]
      .filter(visible)
      .map((el) => ({ html: el.outerHTML.slice(0, 120), name: nameOf(el).trim() }));
    const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
    const small = controls.length
      ? [...document.querySelectorAll('main button, main select, main input:not([type=checkbox])')]
          .filter(visible)
          .filter((el) => el.getBoundingClientRect().height < 43.5)
          .map((el) => el.outerHTML.slice(0, 80))
      : [];
    return {
      h1: document.querySelectorAll('h1').length,
      main: document.querySelectorAll('main, [role=main]').length,
      lang: document.documentElement.lang,
      unnamed: controls.filter((c) => !c.name).map((c) => c.html),
      duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
      skip: document.querySelector('a.fq-skip')?.getAttribute('href') ?? null,
      skipped: [...document.querySelectorAll('h1, h2, h3, h4')]
        .map((h) => Number(h.tagName[1]))
        .some((level, i, all) => i > 0 && level > (all[i - 1] ?? 1) + 1),
      // Labels pointing at nothing (a broken for=) leave their control unnamed.
      danglingLabels: [...document.querySelectorAll('label[for]')]
        .filter((l) => !document.getElementById(l.getAttribute('for') ?? ''))
        .map((l) => l.outerHTML.slice(0, 80)),
      small,
    };
  });
  expect(report.h1, `${where}: one h1`).toBe(1);
  expect(report.main, `${where}: one main`).toBe(1);
  expect(report.lang, where).toMatch(/^(zh-CN|en)$/);
  expect(report.unnamed, `${where}: controls without a name`).toEqual([]);
  expect(report.duplicateIds, `${where}: duplicate ids`).toEqual([]);
  expect(report.skip, where).toBe('#main');
  expect(report.skipped, `${where}: heading levels`).toBe(false);
  expect(report.danglingLabels, `${where}: labels without their control`).toEqual([]);
  expect(report.small, `${where}: touch targets under 44 px`).toEqual([]);
  await noSidewaysScroll(page, where);
}

/** At 100% and at 200% text nothing pushes the page sideways (tables scroll inside their box). */
async function noSidewaysScroll(page: Page, where: string): Promise<void> {
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

/** A browser tab with problems recorded: console errors, exceptions, CSP refusals, 5xx answers. */
async function tab(
  width = 1280,
): Promise<{ page: Page; problems: string[]; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const problems = await recordProblems(page);
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return { page, problems, context };
}

/**
 * Opens an admin page: through the dev issuer's account choice and back, unless signed in already
 * (only the issuer's page is searched for the account button: the accounts table names it too).
 */
async function openAsAdmin(page: Page, path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  const ready = page.locator('[data-ready]');
  // The loser of the race is left waiting: its rejection (a timeout, a closed page) is not news.
  const issuer = page.waitForURL(/\/dev\/oidc\/authorize/);
  const shown = ready.waitFor();
  issuer.catch(() => {});
  shown.catch(() => {});
  await Promise.race([shown, issuer]);
  if (new URL(page.url()).pathname.startsWith('/dev/oidc/')) {
    await page.getByRole('button', { name: /市综治中心管理员|Agency administrator/ }).click();
    await page.waitForURL((url) => url.pathname === path.split('?')[0]);
  }
  await ready.waitFor();
}

describe('people', () => {
  it('creates an account by sub: a refused one shows its error at the field, the created one is listed and in the API', async () => {
    const { page, problems, context } = await tab(390);
    try {
      await openAsAdmin(page, '/staff/admin/people/');
      await accessible(page, 'people on a phone');
      const form = page.locator('[data-form="account"]');
      // The dev issuer is not Cognito: the page asks for the `sub`, not an e-mail.
      expect(await form.locator('input[type="email"]').count()).toBe(0);
      await form.getByLabel('姓名').fill('新调解员');
      await form.getByLabel('调解员', { exact: true }).check();
      await form.getByLabel('调解小组成员').check();
      await form.getByLabel('所属区域').selectOption('wz-litong-gjq');
      await form.getByLabel(/统一身份认证标识/).fill('people-page-mediator');

      // A mediator needs a roster member: the API refuses, the page says so at that field.
      const refused = page.waitForResponse(
        (r) => r.url().endsWith('/api/admin/staff-accounts') && r.request().method() === 'POST',
      );
      await form.getByRole('button', { name: '创建账号' }).click();
      expect((await refused).status()).toBe(400);
      const member = form.getByLabel('关联的名册成员');
      await expect.poll(() => member.getAttribute('aria-invalid')).toBe('true');
      const error = form.locator('[data-error-for="rosterMemberId"]');
      expect(await error.isVisible()).toBe(true);
      expect((await error.textContent())?.trim()).toBeTruthy();
      expect(await member.evaluate((el) => el === document.activeElement)).toBe(true);

      await member.selectOption('wz-ma-jianguo');
      const created = page.waitForResponse(
        (r) => r.url().endsWith('/api/admin/staff-accounts') && r.request().method() === 'POST',
      );
      await form.getByRole('button', { name: '创建账号' }).click();
      const answer = await created;
      expect(answer.status()).toBe(201);
      expect(answer.request().headers()['idempotency-key']).toMatch(/^[\x21-\x7e]{8,}$/);
      await page
        .getByRole('status')
        .filter({ hasText: '已创建 新调解员 的账号，现在可以登录。' })
        .waitFor();
      const row = page.locator('[data-list="accounts"] tbody tr').filter({ hasText: '新调解员' });
      expect(await row.textContent()).toContain('people-page-mediator');
      expect(await row.textContent()).toContain('马建国');
      expect(await form.getByLabel('姓名').inputValue()).toBe('');

      const list = (await (await admin().call('GET', '/api/admin/staff-accounts')).json()) as {
        accounts: { subject: string }[];
        signInBy: string;
      };
      expect(list.signInBy).toBe('subject');
      expect(list.accounts.find((a) => a.subject === 'people-page-mediator')).toMatchObject({
        name: '新调解员',
        roles: ['mediator', 'panel_member'],
        regionId: 'wz-litong-gjq',
        rosterMemberId: 'wz-ma-jianguo',
        enabled: true,
      });
      expect(problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('edits a member: a stale save reloads; leave and a one-day change saved, the booking slots follow', async () => {
    const before = await notarySlots();
    const today = (await clockNow(server)).toISOString().slice(0, 10);
    // Two later weekdays the notary has slots on (Monday, Wednesday or Friday: afternoons open).
    const days = [...new Set(before.map((s) => s.slice(0, 10)))].filter(
      (d) => d > today && [1, 3, 5].includes(new Date(`${d}T00:00:00Z`).getUTCDay()),
    );
    expect(days.length).toBeGreaterThanOrEqual(2);
    const leaveDay = days[days.length - 1]!;
    const changedDay = days[0]!;
    // The test means something: both days offer morning slots now.
    expect(before.filter((s) => s.startsWith(leaveDay)).length).toBeGreaterThan(0);
    expect(
      before.filter((s) => s.startsWith(changedDay) && s < `${changedDay} 12:00`).length,
    ).toBeGreaterThan(0);

    const { page, problems, context } = await tab();
    try {
      await openAsAdmin(page, '/staff/admin/people/');
      const row = page.locator('[data-list="roster"] tbody tr').filter({ hasText: '张文博' });
      await row.getByRole('button', { name: /编辑/ }).click();
      const form = page.locator('[data-form="member"]');
      await page.getByRole('heading', { name: '编辑名册成员：张文博' }).waitFor();
      expect(
        await page.locator('[data-member-title]').evaluate((el) => el === document.activeElement),
      ).toBe(true);
      expect(await form.getByLabel('姓名', { exact: true }).inputValue()).toBe('张文博');
      await accessible(page, 'member form');

      // Meanwhile someone else saves the member (a new bio): the page's save is stale.
      const current = await roster();
      const stored = current.members.find((m) => m.id === NOTARY)!;
      const put = await admin().call(
        'PUT',
        `/api/admin/roster/${NOTARY}`,
        { ...stored, bio: '利通区公证处公证员（简介已更新）。' },
        { 'If-Match': `"${current.version}"` },
      );
      expect(put.status).toBe(200);
      await form.getByLabel('简介', { exact: true }).fill('这段不会保存。');
      const stale = page.waitForResponse((r) => r.request().method() === 'PUT');
      await form.getByRole('button', { name: '保存名册成员' }).click();
      expect((await stale).status()).toBe(412);
      await page.getByRole('alert').filter({ hasText: '别人刚刚修改了这部分设置' }).waitFor();
      await expect
        .poll(() => form.getByLabel('简介', { exact: true }).inputValue())
        .toBe('利通区公证处公证员（简介已更新）。');

      // Leave on the later day; the earlier day in the afternoon instead of the morning.
      await form.getByRole('button', { name: '添加请假' }).click();
      const leave = form.locator('[data-rows="leave"] [data-row]').last();
      await leave.locator('input[data-key="from"]').fill(leaveDay);
      await leave.locator('input[data-key="to"]').fill(leaveDay);
      await leave.locator('input[data-key="reason"]').fill('年假');
      await form.getByRole('button', { name: '添加调整日' }).click();
      const day = form.locator('[data-exception]').last();
      await day.getByLabel(/日期/).fill(changedDay);
      await day.getByRole('button', { name: '添加当天班次' }).click();
      const shift = day.locator('[data-row]').last();
      await shift.locator('input[data-key="start"]').fill('14:30');
      await shift.locator('input[data-key="end"]').fill('16:30');
      await shift.locator('select[data-key="servicePointId"]').selectOption(POINT);
      await day.getByLabel(/事由/).fill('下午值班');
      const version = (await roster()).version;
      const saved = page.waitForResponse((r) => r.request().method() === 'PUT');
      await form.getByRole('button', { name: '保存名册成员' }).click();
      const answer = await saved;
      expect(answer.request().headers()['if-match']).toBe(`"${version}"`);
      expect(answer.status()).toBe(200);
      await page.getByRole('status').filter({ hasText: '已保存 张文博，立即生效。' }).waitFor();
      expect(await row.textContent()).toContain(leaveDay);
      expect(await row.textContent()).toContain(changedDay);

      const member = (await roster()).members.find((m) => m.id === NOTARY)!;
      expect(member.bio).toBe('利通区公证处公证员（简介已更新）。');
      expect(member.leave).toContainEqual({ from: leaveDay, to: leaveDay, reason: '年假' });
      expect(member.exceptions).toEqual([
        {
          date: changedDay,
          shifts: [{ start: '14:30', end: '16:30', servicePointId: POINT }],
          reason: '下午值班',
        },
      ]);
      // At once: no slot on the leave day; the changed day's slots lie inside 14:30–16:30 only.
      const after = await notarySlots();
      expect(after.filter((s) => s.startsWith(leaveDay))).toEqual([]);
      const changed = after.filter((s) => s.startsWith(changedDay));
      expect(changed.length).toBeGreaterThan(0);
      for (const s of changed) {
        expect(s.slice(11) >= '14:30' && s.slice(11) < '16:30', s).toBe(true);
      }

      // The English form of the same member shows what was saved.
      await openAsAdmin(page, '/en/staff/admin/people/');
      await page
        .locator('[data-list="roster"] tbody tr')
        .filter({ hasText: 'Zhang Wenbo' })
        .getByRole('button', { name: /Edit/ })
        .click();
      await page.getByRole('heading', { name: 'Edit roster member: Zhang Wenbo' }).waitFor();
      expect(
        await form.locator('[data-rows="leave"] input[data-key="from"]').last().inputValue(),
      ).toBe(leaveDay);
      expect(await form.locator('[data-exception] input[type="date"]').inputValue()).toBe(
        changedDay,
      );
      await accessible(page, 'member form in English');
      expect(problems.filter((p) => !p.includes('status of 412'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('hands a member’s open case over to another and shows what moved', async () => {
    // 马永福 (village cadre) takes a case; 马建国 (people's mediator) takes it over.
    const filed = await toDiagnosis(server, sampleIntake());
    await staff(server, 'demo-mediator-gjqc').act(filed.caseNumber, 'take');
    expect((await admin().get(filed.caseNumber)) as unknown).toMatchObject({
      assignee: { rosterMemberId: 'wz-ma-yongfu' },
    });
    const { page, problems, context } = await tab(390);
    try {
      await openAsAdmin(page, '/staff/admin/people/');
      const form = page.locator('[data-form="handover"]');
      await form.getByLabel('移出案件的成员').selectOption('wz-ma-yongfu');
      // Only members who may take a village cadre's cases are offered: cadres and mediators.
      const offered = await form
        .getByLabel('接手的成员')
        .locator('option')
        .evaluateAll((options) => options.map((o) => o.textContent ?? ''));
      expect(offered.length).toBeGreaterThan(0);
      for (const o of offered) expect(o).toMatch(/人民调解员|村（社区）干部/);
      expect(offered.join()).not.toContain('马永福');
      await form.getByLabel('接手的成员').selectOption('wz-ma-jianguo');
      // The reason is required before anything is sent.
      await form.getByRole('button', { name: '移交' }).click();
      await expect
        .poll(() => form.getByLabel('移交原因').getAttribute('aria-invalid'))
        .toBe('true');
      await form.getByLabel('移交原因').fill('马永福休假两周');
      const sent = page.waitForResponse((r) => r.url().endsWith('/wz-ma-yongfu/handover'));
      await form.getByRole('button', { name: '移交' }).click();
      const answer = await sent;
      expect(answer.status()).toBe(200);
      expect(answer.request().headers()['idempotency-key']).toBeTruthy();
      const said = '已将 1 件案件从 马永福 移交给 马建国。';
      await page.getByRole('status').filter({ hasText: said }).waitFor();
      const result = page.locator('[data-handover-result]');
      expect(await result.textContent()).toContain(said);
      expect(await result.locator('[data-moved] a').allTextContents()).toEqual([filed.caseNumber]);
      expect((await admin().get(filed.caseNumber)) as unknown).toMatchObject({
        assignee: { rosterMemberId: 'wz-ma-jianguo' },
      });
      await accessible(page, 'handover done');

      // Again: nothing is left to move.
      const again = page.waitForResponse((r) => r.url().endsWith('/wz-ma-yongfu/handover'));
      await form.getByRole('button', { name: '移交' }).click();
      expect((await again).status()).toBe(200);
      await page
        .getByRole('status')
        .filter({ hasText: '马永福 名下没有可以移交的未办结案件。' })
        .waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});

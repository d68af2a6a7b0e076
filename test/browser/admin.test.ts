// The agency console in Chromium under the strict CSP, against the real server, workflow and dev
// OIDC issuer, signed in as the city's agency admin. The acceptance line of issue #9: an admin
// changes a service point's hours on the setup page and the resident booking page's slots follow
// (none outside the new hours). Also: a stale save (412) reloads and says so, a refused save
// shows its field errors, the dashboard shows the figures and tables the API gives for a few
// filed cases, the CSV link downloads a BOM-prefixed file, supervision reminds and escalates an
// overdue case. Every page is checked for one h1, a main landmark, named controls and no
// sideways scroll at 200% text; every admin page stays under 40 KB gzipped with its assets.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleWeekday } from '../../functions/domain/working-days.ts';
import { launchChromium, recordProblems } from '../support/browser.ts';
import { moveClock, sampleIntake, staff, toDiagnosis } from '../support/cases.ts';
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

interface Hours {
  weekday: number;
  open: string;
  close: string;
}
interface Setup {
  version: number;
  servicePoints: { id: string; online: boolean; hours: Hours[] }[];
  calendar: {
    holidays: { date: string }[];
    makeupWorkdays: { date: string; worksAs?: 1 | 2 | 3 | 4 | 5 | 6 | 7 }[];
  };
}

const admin = () => staff(server, ADMIN);
async function setup(): Promise<Setup> {
  const response = await admin().call('GET', '/api/admin/setup');
  expect(response.status).toBe(200);
  return (await response.json()) as Setup;
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
      unnamedCharts: [...document.querySelectorAll('svg[role="img"]')].filter(
        (svg) => !svg.getAttribute('aria-label'),
      ).length,
    };
  });
  expect(report.h1, `${where}: one h1`).toBe(1);
  expect(report.main, `${where}: one main`).toBe(1);
  expect(report.lang, where).toMatch(/^(zh-CN|en)$/);
  expect(report.unnamed, `${where}: controls without a name`).toEqual([]);
  expect(report.duplicateIds, `${where}: duplicate ids`).toEqual([]);
  expect(report.skip, where).toBe('#main');
  expect(report.skipped, `${where}: heading levels`).toBe(false);
  expect(report.unnamedCharts, `${where}: charts without a name`).toBe(0);
  await noSidewaysScroll(page, where);
}

/** At 100% and at 200% text nothing pushes the page sideways (tables and charts scroll inside their box). */
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
      .filter((el) => !el.closest('.fq-staff-scroll, .fq-chart__scroll, .fq-figures__scroll'))
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

/** Opens an admin page: through the dev issuer's account choice and back, unless signed in already. */
async function openAsAdmin(page: Page, path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  const ready = page.locator('[data-ready]');
  const signIn = page.getByRole('button', { name: /市综治中心管理员|Agency administrator/ });
  await Promise.race([ready.waitFor(), signIn.waitFor()]);
  if (await signIn.isVisible().catch(() => false)) {
    await signIn.click();
    await page.waitForURL((url) => url.pathname === path.split('?')[0]);
  }
  await ready.waitFor();
}

/** The booking page's slots for the point and service (any provider), as "YYYY-MM-DD HH:MM". */
async function bookingPageSlots(page: Page): Promise<string[]> {
  await page.goto(`${server.url}/book/`);
  await page.locator(`[data-panel="service"] button[data-value="${SERVICE}"]`).click();
  await page.locator(`[data-panel="point"] button[data-value="${POINT}"]`).click();
  await page.locator('[data-panel="provider"] button[data-value="any"]').click();
  await page.locator('[data-panel="slot"] button[data-value]').first().waitFor();
  return page.locator('[data-panel="slot"] button[data-value] strong').allTextContents();
}

/** Every free slot the API offers for the point and service, as "YYYY-MM-DD HH:MM" (business time). */
async function apiSlots(): Promise<string[]> {
  const response = await fetch(
    `${server.url}/api/slots?servicePointId=${POINT}&serviceId=${SERVICE}`,
  );
  const { slots } = (await response.json()) as { slots: { start: string }[] };
  return slots.map((s) => `${s.start.slice(0, 10)} ${s.start.slice(11, 16)}`);
}

/** Slots (30 minutes each) that do not lie inside the hours of their day. */
function outside(slots: string[], hours: Hours[], calendar: Setup['calendar']): string[] {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return slots.filter((slot) => {
    const [date, time] = slot.split(' ') as [string, string];
    const weekday = scheduleWeekday(date, calendar);
    const start = minutes(time);
    return !hours.some(
      (h) => h.weekday === weekday && minutes(h.open) <= start && start + 30 <= minutes(h.close),
    );
  });
}

describe('setup', () => {
  it('an admin changes a service point’s hours and the booking page’s slots follow', async () => {
    const { page, problems, context } = await tab();
    try {
      const before = await setup();
      const point = before.servicePoints.find((p) => p.id === POINT)!;
      // The new week: no Saturday, afternoons closing at 16:00 instead of 18:00.
      const hours = point.hours
        .filter((h) => h.weekday !== 6)
        .map((h) => (h.close === '18:00' ? { ...h, close: '16:00' } : h));
      const slotsBefore = await apiSlots();
      expect(slotsBefore.length).toBeGreaterThan(0);
      // The test means something: today some slots lie outside the new hours.
      expect(outside(slotsBefore, hours, before.calendar).length).toBeGreaterThan(0);
      const pageBefore = await bookingPageSlots(page);
      expect(pageBefore.length).toBeGreaterThan(0);
      expect(outside(pageBefore, point.hours, before.calendar)).toEqual([]);

      // The setup page: the point chosen, its Saturday row removed and afternoons shortened.
      await openAsAdmin(page, `/staff/admin/setup/?point=${POINT}`);
      expect(await page.locator('h1').textContent()).toBe('服务设置');
      expect(await page.getByLabel('选择服务点').inputValue()).toBe(POINT);
      await accessible(page, 'setup');
      const rows = page.locator('[data-form="point"] [data-rows="hours"] [data-row]');
      expect(await rows.count()).toBe(point.hours.length);
      for (let i = (await rows.count()) - 1; i >= 0; i--) {
        if ((await rows.nth(i).locator('select[data-key="weekday"]').inputValue()) === '6')
          await rows.nth(i).getByRole('button', { name: /删除/ }).click();
      }
      for (let i = 0; i < (await rows.count()); i++) {
        const close = rows.nth(i).locator('input[data-key="close"]');
        if ((await close.inputValue()) === '18:00') await close.fill('16:00');
      }
      expect(await rows.count()).toBe(hours.length);
      const saved = page.waitForResponse(
        (r) =>
          r.url().endsWith(`/api/admin/setup/service-points/${POINT}`) &&
          r.request().method() === 'PUT',
      );
      await page.getByRole('button', { name: '保存服务点' }).click();
      const answer = await saved;
      expect(answer.request().headers()['if-match']).toBe(`"${before.version}"`);
      expect(answer.status()).toBe(200);
      await page.getByRole('status').filter({ hasText: '已保存，立即生效。' }).waitFor();

      const after = await setup();
      expect(after.version).toBeGreaterThan(before.version);
      const stored = after.servicePoints.find((p) => p.id === POINT)!;
      expect(stored.hours).toEqual(hours);

      // The resident's booking page at once: slots inside the new hours only, and still some.
      const pageAfter = await bookingPageSlots(page);
      expect(pageAfter.length).toBeGreaterThan(0);
      expect(outside(pageAfter, hours, after.calendar)).toEqual([]);
      const slotsAfter = await apiSlots();
      expect(slotsAfter.length).toBeGreaterThan(0);
      expect(outside(slotsAfter, hours, after.calendar)).toEqual([]);
      // Inside the new hours, what was offered still is.
      expect(slotsBefore.filter((s) => !outside([s], hours, after.calendar).length)).toEqual(
        slotsAfter.filter((s) => slotsBefore.includes(s)),
      );
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('a stale save is refused (412): the page reloads the point and says someone else changed it', async () => {
    const { page, problems, context } = await tab(390);
    const other = 'wz-litong-gjq-station';
    try {
      await openAsAdmin(page, `/staff/admin/setup/?point=${other}`);
      const online = page.getByLabel('接受电话和视频预约');
      const was = await online.isChecked();
      // Meanwhile someone else saves the same point (online flag flipped).
      const current = await setup();
      const point = current.servicePoints.find((p) => p.id === other)!;
      const put = await admin().call(
        'PUT',
        `/api/admin/setup/service-points/${other}`,
        { ...point, online: !was },
        { 'If-Match': `"${current.version}"` },
      );
      expect(put.status).toBe(200);

      await page.locator('[data-rows="hours"] input[data-key="close"]').first().fill('17:30');
      const refused = page.waitForResponse((r) => r.request().method() === 'PUT');
      await page.getByRole('button', { name: '保存服务点' }).click();
      expect((await refused).status()).toBe(412);
      await page.getByRole('alert').filter({ hasText: '别人刚刚修改了这部分设置' }).waitFor();
      // What the other admin saved is on the page now, and a second save goes through.
      await expect.poll(() => online.isChecked()).toBe(!was);
      await online.setChecked(was);
      const saved = page.waitForResponse((r) => r.request().method() === 'PUT');
      await page.getByRole('button', { name: '保存服务点' }).click();
      expect((await saved).status()).toBe(200);
      expect((await setup()).servicePoints.find((p) => p.id === other)!.online).toBe(was);
      await accessible(page, 'setup on a phone');
      expect(problems.filter((p) => !p.includes('status of 412'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('shows a refused save’s errors at the fields they name, and the English page', async () => {
    const { page, problems, context } = await tab();
    try {
      await openAsAdmin(page, `/en/staff/admin/setup/?point=${POINT}`);
      expect(await page.locator('h1').textContent()).toBe('Setup');
      const first = page.locator('[data-rows="hours"] [data-row]').first();
      await first.locator('input[data-key="open"]').fill('12:00');
      await first.locator('input[data-key="close"]').fill('08:00');
      const refused = page.waitForResponse((r) => r.request().method() === 'PUT');
      await page.getByRole('button', { name: 'Save the service point' }).click();
      expect((await refused).status()).toBe(400);
      const error = page.locator('[data-form="point"] .fq-staff-error:not([hidden])').first();
      await error.waitFor();
      expect((await error.textContent())?.trim()).toBeTruthy();
      // The error is inside the first row, tied to a control there (or to the row) and announced.
      expect(await first.locator('.fq-staff-error:not([hidden])').count()).toBeGreaterThan(0);
      expect(await page.getByRole('status').textContent()).toContain('need changing');
      await accessible(page, 'setup with errors');
      expect(problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
  it('a holiday added to the calendar closes the point that day; a time limit is saved', async () => {
    const { page, problems, context } = await tab();
    try {
      const before = await setup();
      const makeup = new Set(before.calendar.makeupWorkdays.map((d) => d.date));
      const date = (await apiSlots()).map((s) => s.slice(0, 10)).find((d) => !makeup.has(d))!;
      expect(date).toBeTruthy();
      await openAsAdmin(page, '/staff/admin/setup/');
      const holidays = page.locator('[data-form="calendar"] [data-rows="holidays"] [data-row]');
      const count = await holidays.count();
      expect(count).toBe(before.calendar.holidays.length);
      await page.getByRole('button', { name: '添加节假日' }).click();
      const added = holidays.nth(count);
      // The new row's first field has the focus, its name says which row it is.
      await expect
        .poll(() =>
          added.locator('input[data-key="date"]').evaluate((el) => el === document.activeElement),
        )
        .toBe(true);
      await added.locator('input[data-key="date"]').fill(date);
      await added.locator('input[data-key="name"]').fill('临时闭馆');
      await added.locator('input[data-key="nameEn"]').fill('Closed for the day');
      await page.getByRole('button', { name: '保存节假日' }).click();
      await page.getByRole('status').filter({ hasText: '已保存，立即生效。' }).waitFor();
      const after = await setup();
      expect(after.calendar.holidays).toContainEqual({
        date,
        name: '临时闭馆',
        nameEn: 'Closed for the day',
      });
      expect((await apiSlots()).filter((s) => s.startsWith(date))).toEqual([]);
      expect((await bookingPageSlots(page)).filter((s) => s.startsWith(date))).toEqual([]);

      // The policy: the triage time limit raised by a day.
      await openAsAdmin(page, '/staff/admin/setup/');
      const triage = page.getByLabel(/^分流受理/);
      const days = Number(await triage.inputValue());
      await triage.fill(String(days + 1));
      await page.getByRole('button', { name: '保存时限与提醒' }).click();
      await page.getByRole('status').filter({ hasText: '已保存，立即生效。' }).waitFor();
      const policy = (await (await admin().call('GET', '/api/admin/setup')).json()) as {
        sla: { triageDays: number };
      };
      expect(policy.sla.triageDays).toBe(days + 1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});

describe('statistics', () => {
  it('shows the figures and tables the API gives for a few filed cases, and downloads the CSV with a BOM', async () => {
    for (const category of ['neighbours', 'land_homestead', 'neighbours'])
      await toDiagnosis(server, sampleIntake({ category }));
    const { page, problems, context } = await tab();
    try {
      await openAsAdmin(page, '/staff/admin/stats/');
      await page.locator('[data-figures] [data-figure="accepted"]').waitFor();
      await accessible(page, 'stats');
      const from = await page.getByLabel('起始月份').inputValue();
      const to = await page.getByLabel('截止月份').inputValue();
      expect(from).toMatch(/^\d{4}-\d\d$/);
      const response = await admin().call('GET', `/api/admin/stats?from=${from}&to=${to}`);
      expect(response.status).toBe(200);
      const api = (await response.json()) as {
        figures: { accepted: number; concluded: number };
        byMonth: { month: string; figures: { accepted: number } }[];
        byRegion: { name: string; figures: { accepted: number } }[];
      };
      expect(api.figures.accepted).toBeGreaterThanOrEqual(3);
      const value = (key: string) =>
        page.locator(`[data-figure="${key}"] .fq-admin-figure__value`).textContent();
      expect(await value('accepted')).toBe(String(api.figures.accepted));
      expect(await value('concluded')).toBe(String(api.figures.concluded));
      // Each figure says what it counts.
      expect(await page.locator('[data-figure="closureRate"]').textContent()).toContain('÷');
      // A chart per breakdown, named, with the table beside it holding the same figures.
      expect(await page.locator('[data-chart="month"] svg[role="img"]').count()).toBe(1);
      const monthRows = page.locator('[data-table="month"] tbody tr');
      expect(await monthRows.count()).toBe(api.byMonth.length);
      for (const [i, m] of api.byMonth.entries()) {
        expect(await monthRows.nth(i).locator('th').textContent()).toBe(m.month);
        expect(await monthRows.nth(i).locator('td').first().textContent()).toBe(
          String(m.figures.accepted),
        );
      }
      expect(await page.locator('[data-table="region"] tbody tr').count()).toBe(
        api.byRegion.length,
      );
      if (api.byRegion.length)
        expect(
          await page.locator('[data-chart="region"] svg[role="img"] rect').count(),
        ).toBeGreaterThan(0);

      // A filter goes into the query (and the address), and the figures follow.
      await page.getByLabel('纠纷类型', { exact: true }).selectOption('land_homestead');
      const filtered = page.waitForResponse((r) => r.url().includes('/api/admin/stats?'));
      await page.getByRole('button', { name: '查看' }).click();
      const filteredAnswer = await filtered;
      expect(new URL(filteredAnswer.url()).searchParams.get('category')).toBe('land_homestead');
      const narrow = (await filteredAnswer.json()) as { figures: { accepted: number } };
      await expect.poll(() => value('accepted')).toBe(String(narrow.figures.accepted));
      expect(new URL(page.url()).searchParams.get('category')).toBe('land_homestead');

      // The CSV: fetched with the token, saved through a link; Excel needs the BOM.
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: /下载 CSV/ }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/\.csv$/);
      const bytes = readFileSync((await file.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      expect(text.split(/\r?\n/)[0]).toMatch(/[\u4e00-\u9fff]/);
      await page.getByRole('status').filter({ hasText: '已下载 CSV 文件。' }).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('pages', () => {
  const pages = ['setup/', 'stats/', 'supervision/', 'people/'].flatMap((p) => [
    `/staff/admin/${p}`,
    `/en/staff/admin/${p}`,
  ]);

  it('carry no inline script or style and stay under 40 KB gzipped with their assets', async () => {
    const gz = async (path: string) =>
      gzipSync(Buffer.from(await (await fetch(server.url + path)).arrayBuffer())).length;
    for (const path of pages) {
      const response = await fetch(server.url + path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy') ?? '').not.toContain('unsafe-inline');
      const html = await response.text();
      for (const [tag, body] of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
        expect(body?.trim(), tag).toBe('');
        expect(tag).toMatch(/\ssrc="\/_astro\//);
      }
      expect(html).not.toMatch(/<style\b/i);
      expect(html).not.toMatch(/\sstyle=/i);
      expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//i);
      const assets = [...html.matchAll(/\s(?:src|href)="(\/_astro\/[^"]+)"/g)].map((m) => m[1]!);
      let total = await gz(path);
      for (const asset of assets) total += await gz(asset);
      expect(total, path).toBeLessThan(40 * 1024);
    }
  });

  it('the staff portal links to the console for an admin, the console to the audit log, and the console refuses a mediator', async () => {
    const { page, problems, context } = await tab(390);
    try {
      await openAsAdmin(page, '/staff/admin/people/');
      await accessible(page, 'people');
      // An account disabled and enabled again; the roster is listed with its shifts.
      const row = () =>
        page.locator('[data-list="accounts"] tbody tr').filter({ hasText: '杨德明' });
      await row().getByRole('button', { name: /停用/ }).click();
      await page.getByRole('status').filter({ hasText: '已更新 杨德明 的账号。' }).waitFor();
      expect(await row().textContent()).toContain('已停用');
      const accounts = (await (await admin().call('GET', '/api/admin/staff-accounts')).json()) as {
        accounts: { subject: string; enabled: boolean }[];
      };
      expect(accounts.accounts.find((a) => a.subject === 'demo-mediator-zyc')?.enabled).toBe(false);
      await row().getByRole('button', { name: /启用/ }).click();
      await expect.poll(async () => row().textContent()).toContain('启用');
      await expect.poll(async () => row().getByRole('button', { name: /停用/ }).count()).toBe(1);
      expect(await page.locator('[data-list="roster"] tbody tr').count()).toBeGreaterThan(5);
      // The console's nav leads to the audit log, which shows the disabling just done.
      const audit = page.getByRole('navigation').getByRole('link', { name: '审计日志' });
      expect(await audit.getAttribute('href')).toBe('/staff/audit/');
      await audit.click();
      await page.waitForURL((url) => url.pathname === '/staff/audit/');
      await page
        .locator('[data-list="audit"] tbody tr')
        .filter({ hasText: /demo-mediator-zyc|杨德明/ })
        .first()
        .waitFor();
      await page.goto(`${server.url}/staff/`);
      const link = page.getByRole('navigation').getByRole('link', { name: '机构管理' });
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe('/staff/admin/stats/');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    const mediator = await tab(390);
    try {
      await mediator.page.goto(`${server.url}/staff/admin/stats/`);
      await mediator.page.waitForURL(/\/dev\/oidc\/authorize/);
      await mediator.page.getByRole('button', { name: /马永福/ }).click();
      await mediator.page.getByRole('alert').filter({ hasText: '只对机构管理员开放' }).waitFor();
      expect(await mediator.page.locator('[data-ready]').isHidden()).toBe(true);
    } finally {
      await mediator.context.close();
    }
  }, 60_000);
});

describe('supervision', () => {
  // Last: it moves the clock weeks ahead, past the time limits.
  it('lists an overdue case with its responsible and days overdue; sends a reminder and escalates it', async () => {
    const filed = await toDiagnosis(server, sampleIntake({ category: 'neighbours' }));
    // A day at a time until the case is past its time limit (and before the workflow escalates it).
    for (let day = 0; day < 30; day++) {
      await moveClock(server, { advanceSeconds: 86_400 });
      const listed = await admin().call('GET', '/api/admin/supervision');
      const { cases } = (await listed.json()) as { cases: { caseNumber: string }[] };
      if (cases.some((c) => c.caseNumber === filed.caseNumber)) break;
    }
    const { page, problems, context } = await tab();
    try {
      await openAsAdmin(page, '/staff/admin/supervision/');
      await accessible(page, 'supervision');
      const response = await admin().call('GET', '/api/admin/supervision');
      expect(response.status).toBe(200);
      const { cases } = (await response.json()) as {
        cases: { caseNumber: string; overdueDays: number }[];
      };
      expect(cases.length).toBeGreaterThan(0);
      const rows = page.locator('[data-list="overdue"] tbody tr');
      expect(await rows.count()).toBe(cases.length);
      expect(await rows.first().locator('th').textContent()).toBe(cases[0]!.caseNumber);
      const target = cases.find((c) => c.caseNumber === filed.caseNumber)!;
      expect(target, `${filed.caseNumber} overdue`).toBeTruthy();
      const row = rows.filter({ hasText: target.caseNumber });
      expect(await row.textContent()).toContain(`${target.overdueDays} 天`);

      const reminded = page.waitForResponse((r) => r.url().endsWith('/reminder'));
      await row.getByRole('button', { name: /发送提醒/ }).click();
      const reminder = await reminded;
      expect(reminder.status()).toBe(200);
      expect(reminder.request().headers()['idempotency-key']).toBeTruthy();
      await page
        .getByRole('status')
        .filter({ hasText: `${target.caseNumber} 的提醒` })
        .waitFor();
      expect(await rows.filter({ hasText: target.caseNumber }).textContent()).toContain('1 次');

      await rows
        .filter({ hasText: target.caseNumber })
        .getByRole('button', { name: /升级/ })
        .click();
      const reason = page.getByLabel('升级原因（将被记录）');
      await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
      // Without a reason nothing is sent.
      await page.getByRole('button', { name: '确认升级' }).click();
      await page.locator('#fq-reason-error').filter({ hasText: '请填写这一项。' }).waitFor();
      await reason.fill('逾期未办理，移交上一级');
      const escalated = page.waitForResponse((r) => r.url().endsWith('/escalate'));
      await page.getByRole('button', { name: '确认升级' }).click();
      const answer = await escalated;
      expect(answer.status()).toBe(200);
      expect(JSON.parse(answer.request().postData() ?? '{}')).toEqual({
        reason: '逾期未办理，移交上一级',
      });
      await page
        .getByRole('status')
        .filter({ hasText: `${target.caseNumber} 已升级到` })
        .waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

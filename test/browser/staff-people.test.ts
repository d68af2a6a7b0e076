// The case file's people in Chromium under the strict CSP, against the real server, workflow and
// dev OIDC issuer: a mediator shows a party's full phone number for a stated reason (in place,
// never stored, hidden again) and the agency admin finds that look on the audit log page and in
// GET /api/admin/audit; a recusal from the case file seats another member (checked through the
// API); staff who are not agency admins see no audit link and are told they may not read the log,
// and a +N member is told in words that their role may not unmask. The audit page passes the
// accessibility checks (one h1, main landmark, named controls, no sideways scroll at 200% text).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, recordProblems } from '../support/browser.ts';
import { clockNow, sampleIntake, staff, toDiagnosis, waitForStep } from '../support/cases.ts';
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

const DAY = 86_400_000;
const MEDIATOR = 'demo-mediator-gjqc';
const ADMIN = 'demo-agency-admin';
const mediator = () => staff(server, MEDIATOR);
const admin = () => staff(server, ADMIN);

interface Entry {
  at: string;
  actor: { subject: string; name: string };
  action: string;
  target: { type: string; id: string } | null;
  summary?: { params?: Record<string, unknown>; request?: Record<string, unknown> };
}

/** A case at its open Session step on the simple track, 马永福 its mediator. */
async function toSession(body = sampleIntake()) {
  const filed = await toDiagnosis(server, body);
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
      smallTargets: [...document.querySelectorAll('main button, main input, main select')]
        .filter(visible)
        .filter(
          (el) => !(el instanceof HTMLInputElement && ['radio', 'checkbox'].includes(el.type)),
        )
        .filter((el) => el.getBoundingClientRect().height < 44)
        .map((el) => el.outerHTML.slice(0, 80)),
    };
  });
  expect(report.h1, `${where}: one h1`).toBe(1);
  expect(report.main, `${where}: one main`).toBe(1);
  expect(report.lang, where).toMatch(/^(zh-CN|en)$/);
  expect(report.unnamed, `${where}: controls without a name`).toEqual([]);
  expect(report.duplicateIds, `${where}: duplicate ids`).toEqual([]);
  expect(report.skip, where).toBe('#main');
  expect(report.skipped, `${where}: heading levels`).toBe(false);
  expect(report.smallTargets, `${where}: touch targets under 44 px`).toEqual([]);
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

async function auditOf(caseNumber: string): Promise<Entry[]> {
  const response = await admin().call(
    'GET',
    `/api/admin/audit?target=${encodeURIComponent(`case:${caseNumber}`)}&limit=200`,
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { entries: Entry[] }).entries;
}

let unmaskedCase = '';

it('a mediator shows a party’s full phone for a reason, and the admin finds that look in the audit log', async () => {
  const filed = await toSession();
  unmaskedCase = filed.caseNumber;
  const filedPhone = sampleIntake().applicant.phone.replace(/\s/g, '');

  const context = await signedIn(MEDIATOR, 390);
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${server.url}/staff/case/?case=${filed.caseNumber}`);
    const show = page.getByRole('button', { name: /查看申请人.*的完整信息/ });
    await show.waitFor();
    // Masked until asked, and the agency's audit link is not offered to a mediator.
    const parties = page.locator('[data-list="parties"]');
    expect(await parties.textContent()).toContain('138****5678');
    expect(await parties.textContent()).not.toContain(filedPhone);
    expect(await page.getByRole('link', { name: '审计日志' }).count()).toBe(0);
    await show.click();
    expect(await show.getAttribute('aria-expanded')).toBe('true');
    const form = page.getByRole('form', { name: /查看申请人.*的完整信息/ });
    await form.waitFor();
    expect(await form.getByRole('radio', { name: '手机号' }).isChecked()).toBe(true);
    // The reason is required: refused at the field, focus on it.
    await form.getByRole('button', { name: '查看', exact: true }).click();
    const reason = form.getByRole('textbox', { name: /查看原因/ });
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await reason.fill('电话通知参加调解会');
    await form.getByRole('button', { name: '查看', exact: true }).click();

    const full = page.locator('[data-unmasked="phone"]');
    await full.waitFor();
    expect(await full.textContent()).toBe(filedPhone);
    expect(await parties.textContent()).toContain('已记入审计日志');
    await page.getByRole('status').filter({ hasText: '本次查看已记入审计日志' }).waitFor();
    // Never stored on the device.
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...localStorage, ...sessionStorage }),
    );
    expect(stored).not.toContain(filedPhone);
    // Hidden again on request: the masked number is back.
    await page.getByRole('button', { name: /隐藏申请人.*的完整手机号/ }).click();
    expect(await full.count()).toBe(0);
    expect(await parties.textContent()).toContain('138****5678');
    expect(await parties.textContent()).not.toContain(filedPhone);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }

  // The API's log: who, which party and field, the reason; never the number.
  const unmasks = (await auditOf(filed.caseNumber)).filter(
    (e) => e.action === 'cases.parties.unmask',
  );
  expect(unmasks).toEqual([
    expect.objectContaining({
      actor: expect.objectContaining({ subject: MEDIATOR, name: '马永福' }),
      target: { type: 'case', id: filed.caseNumber },
      summary: {
        params: { partyId: 'applicant' },
        request: { field: 'phone', reason: '电话通知参加调解会' },
      },
    }),
  ]);
  expect(JSON.stringify(unmasks)).not.toContain(filedPhone);

  // The admin's audit page, from the nav link, then filtered by the case.
  const adminContext = await signedIn(ADMIN);
  const adminPage = await adminContext.newPage();
  const adminProblems = await recordProblems(adminPage);
  try {
    await adminPage.goto(`${server.url}/staff/`);
    const nav = adminPage.getByRole('link', { name: '审计日志', exact: true });
    await nav.waitFor();
    await nav.click();
    await adminPage.waitForURL((url) => url.pathname === '/staff/audit/');
    await adminPage.getByRole('textbox', { name: /对象/ }).fill(filed.caseNumber);
    await adminPage.getByRole('button', { name: '查询' }).click();
    const row = adminPage
      .locator('[data-list="audit"] tbody tr')
      .filter({ hasText: '查看当事人完整号码' });
    await row.waitFor();
    expect(await row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('马永福');
    expect(text).toContain('电话通知参加调解会');
    expect(text).toContain('申请人');
    expect(text).toContain(filed.caseNumber);
    expect(text).not.toContain(filedPhone);
    // When, in Beijing time, as the API recorded it.
    const when = businessTime(unmasks[0]!.at);
    expect(text).toContain(when);
    expect(new URL(adminPage.url()).searchParams.get('target')).toBe(filed.caseNumber);
    // Filtered by the actor too, chosen from the entries listed.
    await adminPage.getByRole('combobox', { name: /操作人账号/ }).fill(MEDIATOR);
    await adminPage.getByRole('button', { name: '查询' }).click();
    await adminPage.getByRole('status').filter({ hasText: '已列出' }).waitFor();
    const actors = await adminPage
      .locator('[data-list="audit"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.children[1]?.textContent ?? ''));
    expect(actors.length).toBeGreaterThan(0);
    for (const who of actors) expect(who).toContain(MEDIATOR);
    expect(adminProblems).toEqual([]);
  } finally {
    await adminContext.close();
  }
}, 120_000);

/** Business time (Asia/Shanghai) of an instant, as the page shows it. */
const businessTime = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

it('a recusal from the case file seats another member of the same kind, and the file shows it', async () => {
  const { caseNumber } = await toSession();
  // A time both 马建国 (town mediator, the one to recuse) and 李桂芳 (who can replace him) are free.
  const query = new URLSearchParams({
    mode: 'video',
    kinds: '',
    extra: 'wz-li-guifang',
    from: new Date((await clockNow(server)).getTime() + 2 * DAY).toISOString(),
    days: '14',
    limit: '20',
  });
  const proposed = await mediator().call(
    'GET',
    `/api/staff/cases/${caseNumber}/panel-proposals?${query}`,
  );
  const [free] = ((await proposed.json()) as { proposals: { start: string }[] }).proposals;
  expect(free).toBeDefined();
  const scheduled = await mediator().act(caseNumber, 'sessions', {
    startsAt: new Date(free!.start).toISOString(),
    durationMinutes: 60,
    mode: 'video',
    memberIds: ['wz-ma-jianguo'],
  });
  const sessionId = scheduled.sessions.at(-1)!.sessionId;

  const context = await signedIn(MEDIATOR, 390);
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${server.url}/staff/case/?case=${caseNumber}`);
    const form = page.getByRole('form', { name: /回避/ });
    await form.waitFor();
    const sessions = page.locator('[data-list="sessions"]');
    expect(await sessions.textContent()).toContain('马建国');
    // Both fields are required.
    await form.getByRole('button', { name: '回避并更换' }).click();
    const member = form.getByRole('combobox', { name: '要回避的成员' });
    expect(await member.getAttribute('aria-invalid')).toBe('true');
    expect(await member.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await form.getByRole('textbox', { name: /回避原因/ }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await member.selectOption('wz-ma-jianguo');
    await form.getByRole('textbox', { name: /回避原因/ }).fill('与申请人系亲属');
    await form.getByRole('button', { name: '回避并更换' }).click();

    const result = page.locator('[data-recusal-result]');
    await result.getByText('马建国已回避。').waitFor();
    expect(await result.textContent()).toContain('改由李桂芳参加');
    expect(await result.evaluate((el) => el === document.activeElement)).toBe(true);
    // The file is read again: the session's members now show the replacement.
    await sessions.getByText(/李桂芳/).waitFor();
    expect(await sessions.textContent()).not.toContain('马建国');
    expect(
      await member
        .locator('option')
        .evaluateAll((options) => options.map((o) => o.getAttribute('value'))),
    ).not.toContain('wz-ma-jianguo');
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
  const after = (await mediator().get(caseNumber)) as unknown as {
    sessions: { sessionId: string; memberIds: string[] }[];
  };
  const session = after.sessions.find((s) => s.sessionId === sessionId)!;
  expect(session.memberIds).toContain('wz-li-guifang');
  expect(session.memberIds).not.toContain('wz-ma-jianguo');
  const recusals = (await auditOf(caseNumber)).filter((e) => e.action === 'cases.recusals');
  expect(recusals).toEqual([
    expect.objectContaining({ actor: expect.objectContaining({ subject: MEDIATOR }) }),
  ]);
}, 120_000);

it('staff who are not agency admins see no audit link and are told they may not read the log; a +N member may not unmask', async () => {
  const response = await mediator().call('GET', '/api/admin/audit');
  expect(response.status).toBe(403);

  const context = await signedIn(MEDIATOR, 390);
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${server.url}/staff/`);
    await page.locator('[data-me]').filter({ hasText: '马永福' }).waitFor();
    expect(await page.getByRole('link', { name: '审计日志' }).count()).toBe(0);
    await page.goto(`${server.url}/staff/audit/`);
    await page.getByRole('status').filter({ hasText: '审计日志只有机构管理员可以查看' }).waitFor();
    expect(await page.locator('[data-list="audit"]').isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: '审计日志' }).count()).toBe(0);
    expect(problems.filter((p) => !p.includes('status of 403'))).toEqual([]);
  } finally {
    await context.close();
  }

  // 陈玉山 (+N member of the township) may read the file but not a full number: told so in words.
  expect(unmaskedCase).not.toBe('');
  const panel = await signedIn('demo-panel-member', 390);
  const panelPage = await panel.newPage();
  try {
    await panelPage.goto(`${server.url}/staff/case/?case=${unmaskedCase}`);
    const show = panelPage.getByRole('button', { name: /查看申请人.*的完整信息/ });
    await show.waitFor();
    await show.click();
    await panelPage.getByRole('textbox', { name: /查看原因/ }).fill('想联系当事人');
    await panelPage.getByRole('button', { name: '查看', exact: true }).click();
    await panelPage.getByRole('alert').filter({ hasText: '您的角色不能查看完整号码' }).waitFor();
    expect(await panelPage.locator('[data-unmasked]').count()).toBe(0);
  } finally {
    await panel.close();
  }
}, 90_000);

it('the audit page passes the accessibility checks, on a phone and a desktop, in both languages', async () => {
  for (const [path, width] of [
    ['/staff/audit/', 390],
    ['/en/staff/audit/', 1280],
  ] as const) {
    const context = await signedIn(ADMIN, width);
    const page = await context.newPage();
    const problems = await recordProblems(page);
    try {
      await page.goto(`${server.url}${path}`);
      await page.locator('[data-list="audit"] table, [data-list="audit"] p').first().waitFor();
      expect(
        await page
          .getByRole('link', { name: path.startsWith('/en') ? 'Audit log' : '审计日志' })
          .getAttribute('aria-current'),
      ).toBe('page');
      await accessible(page, path);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }
}, 90_000);

// Filing a dispute and tracking it, in Chromium on a phone (390×844) under the strict CSP: a
// resident goes through the four steps (with an agent, a co-applicant, a second respondent and
// a photo), gets the case number and code, then opens the case on the tracking page in another
// tab and sees its stage, its timeline and its acceptance notice. Keyboard reach, accessible
// names and 200% text are checked on the way.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, recordProblems } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // Filing starts the case's workflow: the Step Functions emulator runs it, as in `npm start`.
  server = await startTestServer('wuzhong', { workflow: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A 1×1 PNG: a real image, small enough to send in a blink. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const VILLAGE = 'wz-litong-gjq-gjqc';

function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
  );
}

/** At 200% text (the resident's own setting), nothing may push the page sideways. */
async function noSidewaysScrollAt200(page: Page, shot: string): Promise<void> {
  expect(await scrollsSideways(page), `${shot} at 100%`).toBe(false);
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
  });
  expect(
    await page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize)),
  ).toBeGreaterThanOrEqual(36);
  expect(await scrollsSideways(page), `${shot} at 200%`).toBe(false);
  await page.screenshot({ path: `/tmp/fengqiao-${shot}-390-200.png`, fullPage: true });
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '';
  });
}

/**
 * Tabs through the page from the top, once round, and returns what took focus, each with its
 * accessible name (its label, aria-label or contents) and whether a focus ring shows.
 */
async function tabStops(page: Page) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const stops: { key: string; id: string; tag: string; name: string; ring: boolean }[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
      return {
        key: el.outerHTML.slice(0, 200),
        id: el.id,
        tag: el.tagName.toLowerCase(),
        name: (el.getAttribute('aria-label') ?? labelled) || (el.textContent ?? ''),
        ring: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
      };
    });
    if (!stop) continue;
    if (stops.some((s) => s.key === stop.key)) break; // round once
    stops.push(stop);
  }
  return stops;
}

it('files a dispute in four steps, shows the case number and code, and tracks the case', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${server.url}/dispute/`);
    await page.getByText('第 1 步，共 4 步').waitFor();
    await page.getByRole('radio', { name: '邻里纠纷' }).waitFor();
    expect(await page.locator('h1').textContent()).toBe('申请调解');
    // The place list offers villages and grids only, grouped by town.
    const places = await page.locator('#fq-regionId option').evaluateAll((options) =>
      options.map((o) => ({
        value: (o as HTMLOptionElement).value,
        group: (o.parentElement as HTMLOptGroupElement).label ?? '',
      })),
    );
    expect(places.map((p) => p.value)).toContain(VILLAGE);
    expect(places.map((p) => p.value)).toContain('wz-litong-gjq-gjqc-g1');
    expect(places.map((p) => p.value)).not.toContain('wz-litong-gjq');
    expect(places.find((p) => p.value === VILLAGE)?.group).toBe('利通区 郭家桥乡');

    // The main controls of step 1 are reached by Tab, with names and a visible focus ring.
    const stops = await tabStops(page);
    const reached = (id: string) => stops.find((s) => s.id === id);
    for (const id of ['fq-description', 'fq-regionId']) {
      expect(reached(id), `Tab reaches #${id}`).toBeDefined();
      expect(reached(id)?.name.trim()).not.toBe('');
      expect(reached(id)?.ring).toBe(true);
    }
    expect(stops.some((s) => s.name.includes('婚姻家庭'))).toBe(true); // the category radios
    expect(stops.some((s) => s.name.includes('当面调解'))).toBe(true); // the mode radios
    expect(stops.some((s) => s.tag === 'button' && s.name.includes('下一步'))).toBe(true);
    expect(stops.every((s) => s.ring)).toBe(true);

    // Nothing filled in: each problem is shown at its field, announced, and nothing moves on.
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByText('有 4 处需要修改，已在下面标出。').waitFor();
    expect(await page.locator('#fq-category').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#fq-category-error').textContent()).toContain('请选择纠纷类型。');
    expect(await page.getByRole('textbox', { name: /事情经过/ }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await noSidewaysScrollAt200(page, 'dispute-step1-errors');

    await page.getByRole('radio', { name: '邻里纠纷' }).check();
    const story =
      '邻居家在两家之间的过道上堆放杂物和柴草，挡住我家出入，还有火灾隐患。多次商量无果，希望调解员帮忙让他清走杂物。';
    await page.getByRole('textbox', { name: /事情经过/ }).fill(story);
    expect(await page.locator('#fq-description-counter').textContent()).toBe(
      `已写 ${story.length} 字，最多 5000 字`,
    );
    await page.getByRole('combobox', { name: /纠纷发生地/ }).selectOption(VILLAGE);
    await page.getByRole('radio', { name: /视频调解/ }).check();
    await page.getByRole('button', { name: '下一步' }).click();

    // Step 2: who. A wrong mobile is caught before anything is sent.
    await page.getByText('第 2 步，共 4 步').waitFor();
    await page.getByRole('checkbox', { name: /我是替家人或亲属申请/ }).check();
    const agent = page.getByRole('group', { name: '代理人（您本人）' });
    await agent.getByRole('textbox', { name: /您的姓名/ }).fill('马建国');
    await agent.getByRole('textbox', { name: /您的手机号/ }).fill('138 1234 5678');
    await agent.getByRole('combobox', { name: /您是申请人的/ }).selectOption('son');
    const applicant = page.getByRole('group', { name: '申请人', exact: true });
    await applicant.getByRole('textbox', { name: /^姓名/ }).fill('马小花');
    await applicant.getByRole('textbox', { name: /^手机号/ }).fill('12345');
    await applicant.getByRole('textbox', { name: /身份证号/ }).fill('11010519491231002x');
    await page.getByRole('button', { name: '添加共同申请人' }).click();
    const co = page.getByRole('group', { name: '共同申请人 1' });
    await co.getByRole('textbox', { name: /^姓名/ }).fill('阿依古丽·买买提');
    await co.getByRole('textbox', { name: /^手机号/ }).fill('+86 139-9511-2233');
    const respondent = page.getByRole('group', { name: '被申请人（对方）' });
    await respondent.getByRole('textbox', { name: /姓名或单位名称/ }).fill('张大山');
    await page.getByRole('button', { name: '添加被申请人' }).click();
    const other = page.getByRole('group', { name: '其他被申请人 1' });
    await other.getByRole('textbox', { name: /姓名或单位名称/ }).fill('张二山');
    await other.getByRole('textbox', { name: /地址/ }).fill('郭家桥村三组 12 号');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByText('有 2 处需要修改，已在下面标出。').waitFor();
    const applicantPhone = applicant.getByRole('textbox', { name: /^手机号/ });
    expect(await applicantPhone.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#fq-applicant-phone-error').textContent()).toContain(
      '手机号应为 11 位',
    );
    expect(await page.locator('#fq-respondent-phone-error').textContent()).toContain(
      '对方的电话和地址至少填一项。',
    );
    // Focus went to the first wrong field.
    expect(await applicantPhone.evaluate((el) => el === document.activeElement)).toBe(true);
    await applicantPhone.fill('+86 136-0953-1234');
    await respondent.getByRole('textbox', { name: /电话/ }).fill('0953-2012348');
    // Removing works too: a second co-applicant added by mistake goes again.
    await page.getByRole('button', { name: '添加共同申请人' }).click();
    await page.getByRole('button', { name: /^删除\s*共同申请人 2$/ }).click();
    expect(await page.getByRole('group', { name: '共同申请人 2' }).count()).toBe(0);
    await noSidewaysScrollAt200(page, 'dispute-step2');
    await page.getByRole('button', { name: '下一步' }).click();

    // Step 3: one photo, uploaded with its progress shown, removable.
    await page.getByText('第 3 步，共 4 步').waitFor();
    await page.getByLabel(/选择照片或文件/).setInputFiles({
      name: '过道照片.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    const file = page.locator('[data-files] li').filter({ hasText: '过道照片.png' });
    await file.getByText('已上传').waitFor();
    expect(await file.getByRole('button', { name: /^删除\s*过道照片\.png$/ }).count()).toBe(1);
    // The way back keeps what was typed.
    await page.getByRole('button', { name: '上一步' }).click();
    await page.getByText('第 2 步，共 4 步').waitFor();
    expect(await co.getByRole('textbox', { name: /^姓名/ }).inputValue()).toBe('阿依古丽·买买提');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('button', { name: '下一步' }).click();

    // Step 4: check, consent, send.
    await page.getByText('第 4 步，共 4 步').waitFor();
    const review = (await page.locator('.fq-review').textContent()) ?? '';
    for (const text of [
      '邻里纠纷',
      '郭家桥村',
      '视频调解',
      '马小花',
      '马建国',
      '儿子',
      '张二山',
      '过道照片.png',
    ]) {
      expect(review).toContain(text);
    }
    expect(await page.getByRole('button', { name: /^修改\s*当事人$/ }).count()).toBe(1);
    const send = page.getByRole('button', { name: '提交申请' });
    await send.click();
    await page.getByText('请先勾选同意个人信息说明。').first().waitFor();
    await page.getByRole('checkbox', { name: /我已阅读上面的说明/ }).check();
    const answer = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/cases' && r.request().method() === 'POST',
    );
    await send.click();
    const filed = await answer;
    expect(filed.status(), await filed.text()).toBe(201);
    expect(filed.request().headers()['idempotency-key']).toBeTruthy();
    await page.getByRole('heading', { name: '申请已提交' }).waitFor();
    const caseNumber = ((await page.locator('[data-case-number]').textContent()) ?? '').trim();
    const code = ((await page.locator('[data-tracking-code]').textContent()) ?? '').trim();
    expect(caseNumber).toMatch(/^[A-Z]+-\d{4}-\d{6}$/);
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    // Visually "复制", read out as "复制案件编号": the name says what is copied.
    for (const name of [/^复制\s*案件编号$/, /^复制\s*查询码$/, /^打印这张回执$/]) {
      expect(await page.getByRole('button', { name }).count(), String(name)).toBe(1);
    }
    expect(await page.getByRole('main').textContent()).toContain('短信');
    const trackHref = await page.getByRole('link', { name: '查看办理进度' }).getAttribute('href');
    expect(trackHref).toBe(`/track/?case=${encodeURIComponent(caseNumber)}`);
    expect(trackHref).not.toContain(code);
    await noSidewaysScrollAt200(page, 'dispute-done');

    // What the API says about the case, to compare the page with.
    const apiView = await fetch(`${server.url}/api/cases/${encodeURIComponent(caseNumber)}`, {
      headers: { 'X-Tracking-Code': code },
    });
    expect(apiView.status).toBe(200);
    const view = (await apiView.json()) as { stage: string };

    // Tracking, in another tab (its own sessionStorage): the number comes from the link, the
    // code is typed (in lower case: codes are compared without case).
    const tab = await context.newPage();
    const tabProblems = await recordProblems(tab);
    await tab.goto(`${server.url}${trackHref}`);
    expect(await tab.getByRole('textbox', { name: /案件编号/ }).inputValue()).toBe(caseNumber);
    const trackStops = await tabStops(tab);
    for (const id of ['fq-case-number', 'fq-code']) {
      expect(trackStops.find((s) => s.id === id)?.name, `Tab reaches #${id}`).toMatch(/\S/);
    }
    expect(trackStops.some((s) => s.tag === 'button' && s.name.trim() === '查看')).toBe(true);
    expect(trackStops.every((s) => s.ring)).toBe(true);
    await tab.getByRole('textbox', { name: /查询码/ }).fill(code.toLowerCase());
    await tab.getByRole('button', { name: '查看', exact: true }).click();
    await tab.getByRole('heading', { name: new RegExp(`案件 ${caseNumber}`) }).waitFor();
    expect(await tab.getByRole('status').first().textContent()).toContain('当前阶段');
    const current = tab.locator('#fq-case-stages li[aria-current="step"]');
    expect(await current.count()).toBe(1);
    expect(await current.getAttribute('data-step')).toBe(view.stage);
    // Judicial confirmation is optional: not shown for a case nowhere near it.
    expect(
      await tab.locator('#fq-case-stages li[data-step="judicial_confirmation"]').isVisible(),
    ).toBe(false);
    const timeline = tab.locator('[data-timeline] li').first();
    expect(await timeline.textContent()).toContain('提交调解申请');
    expect(await timeline.textContent()).toContain('代理人');
    expect(await timeline.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await tab.locator('[data-fact="category"]').textContent()).toBe('邻里纠纷');

    // The acceptance notice opens inside the page (it needs the code in a header).
    await tab.getByRole('button', { name: /^查看\s*受理通知书$/ }).click();
    await tab.locator('[data-document-body]').getByText(caseNumber).first().waitFor();
    const notice = (await tab.locator('[data-document-body]').textContent()) ?? '';
    expect(notice).toContain('受理通知书');
    // The agent's relation is printed as the resident chose it, in words.
    expect(notice).toContain('儿子');
    await tab
      .getByRole('heading', { name: new RegExp(`案件 ${caseNumber}`) })
      .scrollIntoViewIfNeeded();
    await tab.screenshot({ path: '/tmp/fengqiao-track-case-390.png' });
    await noSidewaysScrollAt200(tab, 'track-case');

    // A refresh keeps the case open (sessionStorage); signing out forgets it.
    await tab.reload();
    await tab.getByRole('heading', { name: new RegExp(`案件 ${caseNumber}`) }).waitFor();
    await tab.getByRole('button', { name: '退出这个案件' }).click();
    await tab.getByText('已退出这个案件。').waitFor();
    expect(await tab.evaluate(() => sessionStorage.getItem('fq-case'))).toBeNull();
    expect(await tab.getByRole('textbox', { name: /查询码/ }).inputValue()).toBe('');

    // A wrong code says so without saying which of the two is wrong.
    await tab.getByRole('textbox', { name: /查询码/ }).fill('ZZZZ2222');
    await tab.getByRole('button', { name: '查看', exact: true }).click();
    await tab.getByText('案件编号或查询码不对，请核对后再试。').waitFor();

    expect(problems).toEqual([]);
    // The only report is the browser's own line about the refused lookup, which the page explained.
    expect(tabProblems.filter((p) => !p.includes('status of 404'))).toEqual([]);
  } finally {
    await context.close();
  }
}, 120_000);

it('offers both pages in English and links them from both home pages', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    for (const [home, dispute, track] of [
      ['/', '/dispute/', '/track/'],
      ['/en/', '/en/dispute/', '/en/track/'],
    ] as const) {
      await page.goto(server.url + home);
      expect(await page.locator(`main a[href="${dispute}"]`).count()).toBe(1);
      expect(await page.locator(`main a[href="${track}"]`).count()).toBe(1);
    }
    await page.goto(`${server.url}/en/dispute/`);
    await page.getByText('Step 1 of 4').waitFor();
    await page.getByRole('radio', { name: 'Neighbours' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.goto(`${server.url}/en/track/`);
    expect(await page.getByRole('textbox', { name: /Case number/ }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: /Tracking code/ }).count()).toBe(1);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});

it('lets the respondent answer the request for mediation, after a confirmation', async () => {
  // Filed through the API this time; the respondent has a mobile, so gets a code by SMS.
  const filed = await fetch(`${server.url}/api/cases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'respond-test-1' },
    body: JSON.stringify({
      category: 'land_homestead',
      description: '两家宅基地之间的界墙位置有争议，希望调解员来现场看一看。',
      applicant: { name: '马秀英', phone: '13609531111' },
      respondent: { name: '马天山', phone: '13909532222' },
      regionId: VILLAGE,
      mode: 'in_person',
      privacyConsent: true,
    }),
  });
  expect(filed.status).toBe(201);
  const { caseNumber } = (await filed.json()) as { caseNumber: string };
  // The respondent's code comes by SMS when the case is accepted (the dev outbox here).
  const smsCode = async () => {
    const outbox = (await (await fetch(`${server.url}/api/dev/outbox`)).json()) as {
      items: { purpose: string; text: string }[];
    };
    const sms = outbox.items.find(
      (m) => m.purpose === 'tracking-code' && m.text.includes(caseNumber),
    );
    return sms ? /查询码\s*([2-9A-Z]{8})/.exec(sms.text)?.[1] : undefined;
  };
  await expect.poll(smsCode, { timeout: 15_000 }).toMatch(/^[2-9A-Z]{8}$/);
  const code = (await smsCode())!;
  // Diagnosis (问诊), where the answer is taken, opens on the next working day: move the clock.
  const stage = async () => {
    const response = await fetch(`${server.url}/api/cases/${caseNumber}`, {
      headers: { 'X-Tracking-Code': code },
    });
    return ((await response.json()) as { stage: string }).stage;
  };
  // Day by day (a weekend or a holiday may lie ahead), giving the engine a moment to catch up.
  for (let day = 0; day < 10 && (await stage()) !== 'diagnosis'; day++) {
    await fetch(`${server.url}/api/dev/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: 24 * 3600 }),
    });
    for (let i = 0; i < 15 && (await stage()) !== 'diagnosis'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  expect(await stage()).toBe('diagnosis');

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${server.url}/track/?case=${caseNumber}`);
    await page.getByRole('textbox', { name: /查询码/ }).fill(code);
    await page.getByRole('button', { name: '查看', exact: true }).click();
    await page.getByRole('heading', { name: '您是否同意调解？' }).waitFor();
    expect(await page.locator('[data-todo]').textContent()).toBe('请告诉我们您是否同意调解。');
    expect(await page.locator('[data-fact="party"]').textContent()).toContain('被申请人');
    const answer = page.getByRole('button', { name: '提交我的答复' });
    await answer.click();
    await page.getByText('请选择同意或不同意。').waitFor();
    await page.getByRole('radio', { name: '同意调解', exact: true }).check();
    await page.getByRole('textbox', { name: /原因/ }).fill('愿意坐下来谈');
    // Esc (or "返回") leaves the answer unsent.
    await answer.click();
    const dialog = page.getByRole('dialog', { name: '请确认' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('同意调解');
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(false);
    await answer.click();
    await dialog.getByRole('button', { name: '确定提交' }).click();
    await page.getByText('您的答复已提交。').waitFor();
    expect(await page.getByRole('heading', { name: '您是否同意调解？' }).isVisible()).toBe(false);
    expect(await page.locator('[data-timeline]').textContent()).toContain('被申请人同意调解');
    await noSidewaysScrollAt200(page, 'track-respondent');
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}, 90_000);

// A lost tracking code, got back on the tracking page in Chromium on a phone (390×844) under the
// strict CSP: "忘记查询码？" opens a two-step recovery in place (the mobile on file, then the SMS
// code); the code comes back, is kept in sessionStorage only (never the URL) and the case opens.
// A wrong code or a mobile not on the case read the same; too many sends say how long to wait.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, recordProblems } from '../support/browser.ts';
import { asParty, type Filed, fileCase, outbox } from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
/** The applicant's mobile in sampleIntake(), as a resident might type it. */
const MOBILE = '138 1234 5678';

beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The newest recovery code sent by SMS for this case (the outbox lists newest first). */
async function recoveryOtp(caseNumber: string, withinMs = 10_000): Promise<string> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const found = (await outbox(server)).find(
      (m) => m.purpose === 'case-code-recovery-otp' && m.text.includes(caseNumber),
    );
    const otp = found && /验证码\s*(\d{6})/.exec(found.text)?.[1];
    if (otp) return otp;
    if (Date.now() > deadline) throw new Error(`no recovery code for ${caseNumber}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function recoverySends(caseNumber: string): Promise<number> {
  return (await outbox(server)).filter(
    (m) => m.purpose === 'case-code-recovery-otp' && m.text.includes(caseNumber),
  ).length;
}

/** What has focus: its id, or its tag and accessible name. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return {
      id: el?.id ?? '',
      tag: el?.tagName.toLowerCase() ?? '',
      name: ((el?.labels?.[0]?.textContent ?? '') || (el?.textContent ?? '')).trim(),
    };
  });
}

function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
  );
}

async function noSidewaysScrollAt200(page: Page, shot: string): Promise<void> {
  expect(await scrollsSideways(page)).toBe(false);
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
  });
  expect(await scrollsSideways(page)).toBe(false);
  await page.screenshot({ path: `/tmp/fengqiao-${shot}-390-200.png`, fullPage: true });
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '';
  });
}

it('gets a lost code back by SMS, by keyboard on a phone, and opens the case', async () => {
  const filed: Filed = await fileCase(server);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${server.url}/track/?case=${filed.caseNumber}`);
    const toggle = page.getByRole('button', { name: '忘记查询码？' });
    const panel = page.getByRole('region', { name: '用手机短信找回查询码' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.getAttribute('aria-controls')).toBe('fq-recover');
    expect(await panel.isVisible()).toBe(false);
    expect((await toggle.boundingBox())!.height).toBeGreaterThanOrEqual(44);

    // Keyboard only: the toggle opens the recovery in place and keeps focus (a disclosure).
    await toggle.focus();
    await page.keyboard.press('Enter');
    await panel.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect((await focused(page)).name).toBe('忘记查询码？');
    const text = (await panel.textContent()) ?? '';
    expect(await panel.getByText('第 1 步，共 2 步').isVisible()).toBe(true);
    expect(text).toContain('验证码只会发到这个案件登记过的手机号');
    expect(text).toContain('请找您的调解员，可以给您打印一张查询码通知');
    expect(text).not.toContain('{phone}');
    for (const button of await panel.getByRole('button').all()) {
      if (!(await button.isVisible())) continue;
      const box = (await button.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
    }
    await page.screenshot({ path: '/tmp/fengqiao-track-recover-390.png', fullPage: true });
    await noSidewaysScrollAt200(page, 'track-recover-step1');

    // Step 1: Tab reaches the mobile (labelled, with its hint), typed with spaces; Enter sends.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ id: 'fq-recover-phone' });
    const phone = panel.getByRole('textbox', { name: '您登记的手机号' });
    expect(await phone.getAttribute('type')).toBe('tel');
    await page.keyboard.type(MOBILE);
    const sent = page.waitForResponse(
      (r) => r.url().endsWith('/code-recovery') && r.request().method() === 'POST',
    );
    await page.keyboard.press('Enter');
    const sendAnswer = await sent;
    expect(sendAnswer.status()).toBe(202);
    expect(sendAnswer.request().postDataJSON()).toEqual({ phone: '13812345678' });
    expect(sendAnswer.request().headers()['x-tracking-code']).toBeUndefined();

    // Step 2: focus on the SMS code, which is read with its hint: "if" this masked mobile is on file.
    const otpBox = panel.getByRole('textbox', { name: '短信验证码（6 位数字）' });
    await otpBox.waitFor();
    expect(await focused(page)).toMatchObject({ id: 'fq-recover-otp' });
    expect(await otpBox.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await otpBox.getAttribute('inputmode')).toBe('numeric');
    const hint = await page.locator('#fq-recover-otp-hint').textContent();
    expect(hint).toContain(`如果 138****5678 是案件 ${filed.caseNumber} 登记的手机号`);
    expect(hint).not.toContain('13812345678');
    expect(await otpBox.getAttribute('aria-describedby')).toContain('fq-recover-otp-hint');
    expect(await panel.getByText('第 2 步，共 2 步').isVisible()).toBe(true);
    expect(await panel.getByText('第 1 步，共 2 步').isVisible()).toBe(false);
    expect(await phone.isVisible()).toBe(false);
    await noSidewaysScrollAt200(page, 'track-recover-step2');

    const otp = await recoveryOtp(filed.caseNumber);
    // Too short: said at the field, nothing sent.
    await page.keyboard.type('123');
    await page.keyboard.press('Enter');
    await page.locator('#fq-recover-otp-error').getByText('请输入 6 位数字的验证码。').waitFor();
    expect(await otpBox.getAttribute('aria-invalid')).toBe('true');

    // A wrong code: the alert names neither the mobile nor the code; focus stays on the field.
    await otpBox.fill(String((Number(otp) + 1) % 1_000_000).padStart(6, '0'));
    expect(await otpBox.getAttribute('aria-invalid')).toBeNull();
    const refused = page.waitForResponse((r) => r.url().endsWith('/code-recovery/verify'));
    await page.keyboard.press('Enter');
    expect((await refused).status()).toBe(404);
    const alert = page.locator('[data-error]');
    await alert.getByText('手机号或验证码不对，请核对后再试。').waitFor();
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await focused(page)).toMatchObject({ id: 'fq-recover-otp' });

    // The right code: filled in, the case opens, the code stays in this tab only.
    await page.keyboard.type(otp);
    const verified = page.waitForResponse((r) => r.url().endsWith('/code-recovery/verify'));
    const opened = page.waitForResponse(
      (r) => r.url().endsWith(`/api/cases/${filed.caseNumber}`) && r.request().method() === 'GET',
    );
    await page.keyboard.press('Enter');
    const answer = await verified;
    expect(answer.status()).toBe(200);
    expect(answer.request().postDataJSON()).toEqual({ phone: '13812345678', otp });
    const recovered = (await answer.json()) as { caseNumber: string; trackingCode: string };
    expect(recovered.caseNumber).toBe(filed.caseNumber);
    expect(recovered.trackingCode).toBe(filed.trackingCode);
    expect((await opened).request().headers()['x-tracking-code']).toBe(filed.trackingCode);

    const heading = page.locator('#fq-case-heading');
    await heading.getByText(`案件 ${filed.caseNumber}`).waitFor();
    expect(await focused(page)).toMatchObject({ id: 'fq-case-heading' });
    expect(await page.locator('[data-fact="party"]').textContent()).toContain('马小花');
    expect(await page.locator('[data-status]').textContent()).toMatch(
      new RegExp(`^查询码已找回。已打开案件 ${filed.caseNumber}，当前阶段：`),
    );
    expect(await alert.textContent()).toBe('');
    expect(await panel.isVisible()).toBe(false);
    expect(page.url()).not.toContain(filed.trackingCode);
    expect(await page.evaluate(() => sessionStorage.getItem('fq-case'))).toBe(
      JSON.stringify({ caseNumber: filed.caseNumber, code: filed.trackingCode }),
    );
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    // The mobile and the SMS code typed are gone from the page.
    expect(await page.locator('#fq-recover-phone').inputValue()).toBe('');
    expect(await page.locator('#fq-recover-otp').inputValue()).toBe('');
    expect(await scrollsSideways(page)).toBe(false);
    await page.screenshot({ path: '/tmp/fengqiao-track-recovered-390.png' });

    // A refresh keeps the case open (this tab's sessionStorage), and the code still works.
    await page.reload();
    await heading.getByText(`案件 ${filed.caseNumber}`).waitFor();
    expect((await asParty(server, filed, 'GET')).status).toBe(200);

    // Signing out closes the case; the recovery is closed again, ready for another time.
    await page.getByRole('button', { name: '退出这个案件' }).click();
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await panel.isVisible()).toBe(false);
    expect(await page.evaluate(() => sessionStorage.getItem('fq-case'))).toBeNull();

    // The browser's own line about the refused code (404), shown on the page in words.
    expect(problems.filter((p) => !p.includes('status of 404'))).toEqual([]);
  } finally {
    await context.close();
  }
}, 90_000);

it('says the same for a mobile not on the case, and to wait after too many sends, in English', async () => {
  const filed = await fileCase(server);
  // Two sends already (from another phone, say): the third is allowed, the fourth is not.
  for (let i = 0; i < 2; i++) {
    const response = await fetch(`${server.url}/api/cases/${filed.caseNumber}/code-recovery`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: '13812345678' }),
    });
    expect(response.status).toBe(202);
  }
  const otp = await recoveryOtp(filed.caseNumber);
  expect(await recoverySends(filed.caseNumber)).toBe(2);

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = await recordProblems(page);
  try {
    await page.goto(`${server.url}/en/track/?case=${filed.caseNumber}`);
    const toggle = page.getByRole('button', { name: 'Lost your code?' });
    await toggle.click();
    const panel = page.getByRole('region', { name: 'Get your code back by SMS' });
    await panel.waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(await panel.getByText('Step 1 of 2').isVisible()).toBe(true);
    expect(text).toContain('The code goes only to a mobile number this case has on file');
    expect(text).toContain('Ask your mediator for a printed notice with your code');

    // A malformed mobile is caught at its field.
    const phone = panel.getByRole('textbox', { name: 'Your mobile number on file' });
    await phone.fill('12345');
    await panel.getByRole('button', { name: 'Send the code' }).click();
    await page
      .locator('#fq-recover-phone-error')
      .getByText('Please enter an 11-digit mobile number')
      .waitFor();
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(await focused(page)).toMatchObject({ id: 'fq-recover-phone' });

    // A mobile not on the case: the page goes on as if sent (no SMS goes out)...
    await phone.fill('+86 137 0000 0000');
    await panel.getByRole('button', { name: 'Send the code' }).click();
    const otpBox = panel.getByRole('textbox', { name: 'SMS code (6 digits)' });
    await otpBox.waitFor();
    expect(await page.locator('#fq-recover-otp-hint').textContent()).toContain(
      `If 137****0000 is a mobile number on file for case ${filed.caseNumber}`,
    );
    expect(await recoverySends(filed.caseNumber)).toBe(2);
    // ...and a code sent to the applicant's mobile does not work with it: the same words.
    await otpBox.fill(otp);
    await panel.getByRole('button', { name: 'Get my code and open the case' }).click();
    await page
      .locator('[data-error]')
      .getByText('The mobile number or the SMS code is not right. Please check and try again.')
      .waitFor();

    // Back keeps the mobile typed; a fourth send in 15 minutes is refused with the wait.
    await panel.getByRole('button', { name: 'Back: change the number or send again' }).click();
    expect(await focused(page)).toMatchObject({ id: 'fq-recover-phone' });
    expect(await phone.inputValue()).toBe('+86 137 0000 0000');
    expect(await page.locator('[data-error]').textContent()).toBe('');
    await phone.fill(MOBILE);
    const refused = page.waitForResponse((r) => r.url().endsWith('/code-recovery'));
    await page.keyboard.press('Enter');
    expect((await refused).status()).toBe(429);
    await page
      .locator('[data-error]')
      .getByText(/^Too many codes sent\. Please try again in \d+ minutes\.$/)
      .waitFor();
    expect(await otpBox.isVisible()).toBe(false);
    expect(await recoverySends(filed.caseNumber)).toBe(2);
    await noSidewaysScrollAt200(page, 'track-recover-en');

    expect(
      problems.filter((p) => !p.includes('status of 404') && !p.includes('status of 429')),
    ).toEqual([]);
  } finally {
    await context.close();
  }
}, 90_000);
